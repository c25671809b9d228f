import KafkaModel
import KafkaProtocol

/// One transactional id's state, as written to `__transaction_state`, and the transitions Kafka 2.8 allows.
///
/// Transitions are pure: each returns the metadata to write (or the error to answer) and changes nothing, so the
/// coordinator installs the result only once the write is replicated.
public struct TransactionMetadata: Sendable, Equatable {
    /// An epoch no producer has been given yet (Kafka's `RecordBatch.NO_PRODUCER_EPOCH`).
    public static let noEpoch: Int16 = -1
    /// An id not assigned (Kafka's `RecordBatch.NO_PRODUCER_ID`).
    public static let noProducerID: Int64 = -1

    public var transactionalID: String
    public var producerID: Int64
    /// The id before the last rotation (in memory only), so a producer retrying InitProducerId after a lost
    /// answer is recognised.
    public var lastProducerID: Int64 = noProducerID
    public var producerEpoch: Int16
    /// The epoch before the last bump (in memory only), for the same retries.
    public var lastProducerEpoch: Int16 = noEpoch
    public var timeoutMs: Int32
    public var state: TransactionState
    /// The partitions of the open transaction (data partitions and, for offsets, the group's
    /// `__consumer_offsets` partition); empty when idle.
    public var partitions: Set<TopicPartition>
    /// When the first partition of the open transaction was added; -1 when none is open.
    public var startTimestampMs: Int64
    public var lastUpdateTimestampMs: Int64

    public init(transactionalID: String, producerID: Int64, producerEpoch: Int16, timeoutMs: Int32,
                state: TransactionState, partitions: Set<TopicPartition> = [], startTimestampMs: Int64 = -1,
                lastUpdateTimestampMs: Int64) {
        self.transactionalID = transactionalID
        self.producerID = producerID
        self.producerEpoch = producerEpoch
        self.timeoutMs = timeoutMs
        self.state = state
        self.partitions = partitions
        self.startTimestampMs = startTimestampMs
        self.lastUpdateTimestampMs = lastUpdateTimestampMs
    }

    /// A new id: a fresh producer id with no epoch yet, Empty; InitProducerId then bumps the epoch to 0.
    public static func fresh(transactionalID: String, producerID: Int64, timeoutMs: Int32, nowMs: Int64) -> Self {
        TransactionMetadata(transactionalID: transactionalID, producerID: producerID, producerEpoch: noEpoch,
                            timeoutMs: timeoutMs, state: .empty, lastUpdateTimestampMs: nowMs)
    }

    /// One more bump would reach `Int16.max`: the producer id must change instead.
    public var isEpochExhausted: Bool { producerEpoch >= Int16.max - 1 }

    /// Whether an InitProducerId naming its current id and epoch (KIP-360) may go on: the id is this one, the
    /// epoch has never been handed out, or it is the previous id retried after a rotation.
    public func acceptsExpected(producerID expectedID: Int64, epoch expectedEpoch: Int16) -> Bool {
        producerEpoch == Self.noEpoch || expectedID == producerID
            || (expectedID == lastProducerID && expectedEpoch >= Int16.max - 1)
    }

    /// InitProducerId on an idle id: the epoch bumped, Empty. With an expected epoch (KIP-360) the bump happens only
    /// from the current epoch; the previous one is a retry and gets the current epoch again; anything else is fenced.
    public func bumpingEpoch(timeoutMs newTimeout: Int32, expectedEpoch: Int16?, nowMs: Int64)
        -> Answer<TransactionMetadata>
    {
        var next = self
        switch expectedEpoch {
        case nil:
            next.producerEpoch = producerEpoch &+ 1
            next.lastProducerEpoch = Self.noEpoch
        case let expected? where expected == Self.noEpoch || expected == producerEpoch:
            next.producerEpoch = producerEpoch &+ 1
            next.lastProducerEpoch = producerEpoch
        case let expected? where expected == lastProducerEpoch:
            break
        default:
            return .failure(.producerFenced)
        }
        return .success(next.idle(timeoutMs: newTimeout, nowMs: nowMs))
    }

    /// InitProducerId when the epoch is exhausted: a new producer id at epoch 0, Empty.
    public func rotatingProducerID(to newID: Int64, timeoutMs newTimeout: Int32, keepLastEpoch: Bool, nowMs: Int64)
        -> TransactionMetadata
    {
        var next = self
        next.lastProducerID = producerID
        next.lastProducerEpoch = keepLastEpoch ? producerEpoch : Self.noEpoch
        next.producerID = newID
        next.producerEpoch = 0
        return next.idle(timeoutMs: newTimeout, nowMs: nowMs)
    }

    private func idle(timeoutMs newTimeout: Int32, nowMs: Int64) -> TransactionMetadata {
        var next = self
        next.timeoutMs = newTimeout
        next.state = .empty
        next.partitions = []
        next.startTimestampMs = -1
        next.lastUpdateTimestampMs = nowMs
        return next
    }

    /// AddPartitionsToTxn / AddOffsetsToTxn: Ongoing with these partitions added; the transaction starts now if
    /// none was open.
    public func addingPartitions(_ added: Set<TopicPartition>, nowMs: Int64) -> TransactionMetadata {
        var next = self
        if state.isIdle {
            next.startTimestampMs = nowMs
            next.partitions = added
        } else {
            next.partitions.formUnion(added)
        }
        next.state = .ongoing
        next.lastUpdateTimestampMs = nowMs
        return next
    }

    /// EndTxn (or a fence): PrepareCommit or PrepareAbort, same partitions.
    public func preparing(commit: Bool, nowMs: Int64) -> TransactionMetadata {
        var next = self
        next.state = commit ? .prepareCommit : .prepareAbort
        next.lastUpdateTimestampMs = nowMs
        return next
    }

    /// Every marker written: CompleteCommit or CompleteAbort, no partitions.
    public func completing(nowMs: Int64) -> TransactionMetadata {
        var next = self
        next.state = state == .prepareCommit ? .completeCommit : .completeAbort
        next.partitions = []
        next.lastUpdateTimestampMs = nowMs
        return next
    }

    /// The producer of an Ongoing transaction is fenced (a new InitProducerId, or the timeout): the epoch goes up
    /// by one, unless it cannot, so the abort markers outrank every batch the old producer may still send.
    public func fencingEpoch() -> TransactionMetadata {
        var next = self
        if !isEpochExhausted { next.producerEpoch = producerEpoch + 1 }
        next.lastProducerEpoch = Self.noEpoch
        next.state = .prepareEpochFence
        return next
    }

    /// Whether moving to `target` is one of Kafka's legal transitions.
    public func canMove(to target: TransactionState) -> Bool { target.validPreviousStates.contains(state) }
}
