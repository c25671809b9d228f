import KafkaModel
import KafkaRecords
import NIOCore

/// Records for one partition that travel together in one record batch, and the callers waiting on them.
public struct ProducerBatch: Sendable {
    public let topicPartition: TopicPartition
    /// When the first record was appended: linger counts from here.
    public let createdAt: ContinuousClock.Instant
    public internal(set) var builder: RecordBatchBuilder
    /// One per record, in order; nil for records nobody waits on.
    public internal(set) var completions: [RecordCompletion?] = []
    /// Each record's create time, to report it back when the topic uses CreateTime.
    public internal(set) var timestamps: [Int64] = []
    /// No more records go into a closed batch (it is full, or was drained for sending).
    public internal(set) var isClosed = false
    /// Sends attempted so far.
    public var attempts = 0
    /// When set, the batch waits for this instant before being sent again (retry backoff).
    public var retryAt: ContinuousClock.Instant?
    /// The bytes as first sent. Kept for retries: an idempotent batch must be resent with the same sequence.
    public var encoded: ByteBuffer?

    public init(topicPartition: TopicPartition, createdAt: ContinuousClock.Instant, compression: CompressionCodec) {
        self.topicPartition = topicPartition
        self.createdAt = createdAt
        self.builder = RecordBatchBuilder(compression: compression)
    }

    public var recordCount: Int { builder.recordCount }

    /// Size before compression: what `batch.size` is compared with.
    public var uncompressedSize: Int { builder.uncompressedSize }

    /// The bytes to send: built on first call with the producer id and sequence given, then reused.
    /// - Throws: `RecordBatchError` when compression fails.
    public mutating func encode(producerID: Int64, producerEpoch: Int16, baseSequence: Int32) throws -> ByteBuffer {
        if let encoded { return encoded }
        builder.producerID = producerID
        builder.producerEpoch = producerEpoch
        builder.baseSequence = baseSequence
        let bytes = try builder.build()
        encoded = bytes
        return bytes
    }

    /// Completes every record: offsets follow `baseOffset`; the timestamp is `logAppendTime` when not -1.
    public func complete(baseOffset: Int64, logAppendTime: Int64) {
        for (index, completion) in completions.enumerated() {
            guard let completion else { continue }
            let offset = baseOffset < 0 ? -1 : baseOffset + Int64(index)
            let timestamp = logAppendTime >= 0 ? logAppendTime : timestamps[index]
            completion(.success(RecordMetadata(topicPartition: topicPartition, offset: offset, timestamp: timestamp)))
        }
    }

    /// Fails every record with `error`.
    public func fail(_ error: any Error) {
        for completion in completions { completion?(.failure(error)) }
    }
}
