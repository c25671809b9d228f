import KafkaModel
import KafkaProtocol

/// Idempotent-producer bookkeeping for one partition (Kafka's `ProducerStateManager`, reduced to what
/// idempotence needs): per producer id, its epoch and the sequence ranges of its last five batches, so that a
/// retried batch is answered with its original offsets instead of being written twice, and a gap in the
/// sequence is refused.
public struct ProducerStateTable: Sendable {
    /// One appended batch of a producer.
    public struct BatchEntry: Sendable, Equatable {
        public var firstSequence: Int32
        public var lastSequence: Int32
        public var firstOffset: Offset
        public var lastOffset: Offset
        public var timestamp: Int64

        public init(firstSequence: Int32, lastSequence: Int32, firstOffset: Offset, lastOffset: Offset,
                    timestamp: Int64) {
            self.firstSequence = firstSequence
            self.lastSequence = lastSequence
            self.firstOffset = firstOffset
            self.lastOffset = lastOffset
            self.timestamp = timestamp
        }
    }

    public struct ProducerEntry: Sendable, Equatable {
        public var epoch: Int16
        /// Oldest first, at most `retainedBatches`.
        public var batches: [BatchEntry]
    }

    /// How a batch from an idempotent producer fits the producer's history.
    public enum Check: Equatable, Sendable {
        /// Append it.
        case append
        /// Already appended: answer with these offsets, write nothing.
        case duplicate(BatchEntry)
        /// Refuse it with this error.
        case reject(KafkaErrorCode)
    }

    /// Kafka keeps the last five batches per producer: `max.in.flight.requests.per.connection` ≤ 5.
    public static let retainedBatches = 5

    public private(set) var producers: [Int64: ProducerEntry] = [:]

    public init() {}

    /// Decides whether a batch with these producer fields may be appended.
    public func check(producerID: Int64, epoch: Int16, firstSequence: Int32, lastSequence: Int32) -> Check {
        guard producerID >= 0 else { return .append }
        guard let entry = producers[producerID] else {
            // Unknown producer: only a first batch (sequence 0) may start its history.
            return firstSequence == 0 ? .append : .reject(.unknownProducerId)
        }
        if epoch < entry.epoch { return .reject(.invalidProducerEpoch) }
        if epoch > entry.epoch {
            // A bumped epoch starts a new sequence.
            return firstSequence == 0 ? .append : .reject(.outOfOrderSequenceNumber)
        }
        if let duplicate = entry.batches.first(where: {
            $0.firstSequence == firstSequence && $0.lastSequence == lastSequence
        }) {
            return .duplicate(duplicate)
        }
        guard let last = entry.batches.last else { return .append }
        let expected = last.lastSequence == Int32.max ? 0 : last.lastSequence + 1
        return firstSequence == expected ? .append : .reject(.outOfOrderSequenceNumber)
    }

    /// Records an appended batch.
    public mutating func record(producerID: Int64, epoch: Int16, batch: BatchEntry) {
        guard producerID >= 0 else { return }
        var entry = producers[producerID] ?? ProducerEntry(epoch: epoch, batches: [])
        if epoch != entry.epoch {
            entry = ProducerEntry(epoch: epoch, batches: [])
        }
        entry.batches.append(batch)
        if entry.batches.count > Self.retainedBatches { entry.batches.removeFirst() }
        producers[producerID] = entry
    }

    /// Forgets batches at or above `offset` (log truncation).
    public mutating func truncate(from offset: Offset) {
        for (id, var entry) in producers {
            entry.batches.removeAll { $0.lastOffset >= offset }
            producers[id] = entry.batches.isEmpty ? nil : entry
        }
    }
}
