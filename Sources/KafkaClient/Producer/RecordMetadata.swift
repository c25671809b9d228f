import KafkaModel

/// Where a produced record was written.
public struct RecordMetadata: Hashable, Sendable {
    public var topicPartition: TopicPartition
    /// The record's offset; -1 when the broker does not say (acks=0).
    public var offset: Int64
    /// The record's timestamp: the broker's LogAppendTime when the topic uses it, else the create time.
    public var timestamp: Int64

    public init(topicPartition: TopicPartition, offset: Int64, timestamp: Int64) {
        self.topicPartition = topicPartition
        self.offset = offset
        self.timestamp = timestamp
    }

    public var topic: TopicName { topicPartition.topic }
    public var partition: PartitionIndex { topicPartition.partition }
}

/// Called once per record with where it was written or why it could not be.
public typealias RecordCompletion = @Sendable (Result<RecordMetadata, any Error>) -> Void
