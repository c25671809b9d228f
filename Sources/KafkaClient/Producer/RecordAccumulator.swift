import DequeModule
import KafkaModel
import KafkaRecords
import NIOCore

/// The producer's batching rules, with no I/O: records are appended to a queue of batches per partition;
/// a batch is closed once adding the next record would take it past `batchSize` (a record larger than that
/// gets a batch of its own), and the first batch of a partition is ready to send when it is closed, when
/// `linger` has passed since its first record, or when the producer flushes. A batch being retried waits
/// for its backoff instead.
public struct RecordAccumulator: Sendable {
    public let batchSize: Int
    public let linger: Duration
    public let compression: CompressionCodec
    private var queues: [TopicPartition: Deque<ProducerBatch>] = [:]
    /// Records queued (not yet drained).
    public private(set) var queuedRecords = 0

    public init(batchSize: Int, linger: Duration, compression: CompressionCodec) {
        self.batchSize = max(batchSize, 1)
        self.linger = linger
        self.compression = compression
    }

    public var isEmpty: Bool { queuedRecords == 0 && queues.values.allSatisfy(\.isEmpty) }

    /// Batches queued for `topicPartition`, oldest first.
    public func batches(for topicPartition: TopicPartition) -> [ProducerBatch] {
        Array(queues[topicPartition] ?? [])
    }

    /// An estimate of the bytes a record adds to a batch (varint lengths and fields at their largest).
    public static func estimatedSize(key: ByteBuffer?, value: ByteBuffer?, headers: [RecordHeader]) -> Int {
        var size = 21 + (key?.readableBytes ?? 0) + (value?.readableBytes ?? 0)
        for header in headers { size += 10 + header.key.utf8.count + (header.value?.readableBytes ?? 0) }
        return size
    }

    /// Appends a record to the open batch of `topicPartition`, opening a new batch when needed.
    /// - Returns: whether a batch of this partition was closed by the append (the sticky partitioner then
    ///   moves on).
    @discardableResult
    public mutating func append(to topicPartition: TopicPartition, key: ByteBuffer?, value: ByteBuffer?,
                                headers: [RecordHeader] = [], timestamp: Int64, now: ContinuousClock.Instant,
                                completion: RecordCompletion?) -> Bool
    {
        var queue = queues.removeValue(forKey: topicPartition) ?? []
        defer { queues[topicPartition] = queue }
        var closedOne = false
        let estimate = Self.estimatedSize(key: key, value: value, headers: headers)
        if var open = queue.last, !open.isClosed, open.recordCount > 0,
            open.uncompressedSize + estimate > batchSize
        {
            open.isClosed = true
            queue[queue.count - 1] = open
            closedOne = true
        }
        if queue.last.map({ $0.isClosed }) ?? true {
            queue.append(ProducerBatch(topicPartition: topicPartition, createdAt: now, compression: compression))
        }
        var batch = queue.removeLast()
        batch.builder.append(key: key, value: value, headers: headers, timestamp: timestamp)
        batch.completions.append(completion)
        batch.timestamps.append(timestamp)
        if batch.uncompressedSize >= batchSize {
            batch.isClosed = true
            closedOne = true
        }
        queue.append(batch)
        queuedRecords += 1
        return closedOne
    }

    /// Whether the first batch of `queue` may be sent now.
    private func isReady(_ batch: ProducerBatch, queueCount: Int, now: ContinuousClock.Instant, flushing: Bool)
        -> Bool
    {
        if let retryAt = batch.retryAt { return now >= retryAt }
        return batch.isClosed || queueCount > 1 || flushing || now >= batch.createdAt + linger
    }

    /// Removes and returns, for each partition `canSend` allows, its first batch if ready.
    public mutating func drain(now: ContinuousClock.Instant, flushing: Bool,
                               canSend: (TopicPartition) -> Bool = { _ in true }) -> [ProducerBatch]
    {
        var ready: [ProducerBatch] = []
        for topicPartition in Array(queues.keys).sorted() where canSend(topicPartition) {
            guard var queue = queues[topicPartition], let first = queue.first,
                isReady(first, queueCount: queue.count, now: now, flushing: flushing)
            else { continue }
            var batch = queue.removeFirst()
            batch.isClosed = true
            queuedRecords -= batch.recordCount
            queues[topicPartition] = queue.isEmpty ? nil : queue
            ready.append(batch)
        }
        return ready
    }

    /// The earliest instant at which a batch of a partition `canSend` allows becomes ready by time (linger or
    /// backoff); nil when none waits on time.
    public func nextDeadline(canSend: (TopicPartition) -> Bool = { _ in true }) -> ContinuousClock.Instant? {
        var earliest: ContinuousClock.Instant?
        for (topicPartition, queue) in queues where canSend(topicPartition) {
            guard let first = queue.first else { continue }
            let due = first.retryAt ?? first.createdAt + linger
            if earliest.map({ due < $0 }) ?? true { earliest = due }
        }
        return earliest
    }

    /// Puts a batch back at the front of its partition's queue, to be sent again (in order) after `retryAt`.
    public mutating func requeue(_ batch: ProducerBatch) {
        var batch = batch
        batch.isClosed = true
        queues[batch.topicPartition, default: []].prepend(batch)
        queuedRecords += batch.recordCount
    }

    /// Removes every queued batch (for failing them when the producer closes).
    public mutating func removeAll() -> [ProducerBatch] {
        let all = queues.keys.sorted().flatMap { Array(queues[$0]!) }
        queues = [:]
        queuedRecords = 0
        return all
    }
}
