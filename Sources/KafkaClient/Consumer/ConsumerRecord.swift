import KafkaModel
import KafkaRecords
import NIOCore

/// One record read from a partition.
public struct ConsumerRecord: Hashable, Sendable {
    /// Which clock `timestamp` comes from (batch attribute bit 3).
    public enum TimestampType: String, Hashable, Sendable {
        case createTime = "CreateTime"
        case logAppendTime = "LogAppendTime"
    }

    public var topicPartition: TopicPartition
    public var offset: Int64
    /// Milliseconds since the epoch.
    public var timestamp: Int64
    public var timestampType: TimestampType
    public var key: ByteBuffer?
    public var value: ByteBuffer?
    public var headers: [RecordHeader]
    /// The leader epoch stamped on the record's batch, -1 when none.
    public var leaderEpoch: Int32

    public init(topicPartition: TopicPartition, offset: Int64, timestamp: Int64,
                timestampType: TimestampType = .createTime, key: ByteBuffer?, value: ByteBuffer?,
                headers: [RecordHeader] = [], leaderEpoch: Int32 = -1)
    {
        self.topicPartition = topicPartition
        self.offset = offset
        self.timestamp = timestamp
        self.timestampType = timestampType
        self.key = key
        self.value = value
        self.headers = headers
        self.leaderEpoch = leaderEpoch
    }

    public var topic: TopicName { topicPartition.topic }
    public var partition: PartitionIndex { topicPartition.partition }
}
