import KafkaModel
import KafkaProtocol

/// Producer bookkeeping for one partition (Kafka's `ProducerStateManager`): per producer id, its epoch, the
/// sequence ranges of its last five batches (so a retried batch is answered with its original offsets instead of
/// being written twice, and a gap in the sequence is refused), and for transactional producers the first offset
/// of the transaction in progress and the coordinator epoch of the last marker.
///
/// Transactions drive the last stable offset: a transaction is *ongoing* from its first transactional batch
/// until its marker (a control batch) is appended, then *unreplicated* until the high watermark passes the
/// marker (Kafka's `unreplicatedTxns`); the first offset of the oldest of either bounds what read_committed
/// consumers may see.
///
/// The same rules run on the leader (checked before the append), on followers and when the state is rebuilt from
/// the log (applied without checks: what the log holds was accepted by a leader).
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
        /// The first offset of the producer's transaction in progress, nil when none is.
        public var currentTxnFirstOffset: Offset? = nil
        /// The coordinator epoch of the producer's last transaction marker; -1 before the first one.
        public var coordinatorEpoch: Int32 = -1
        /// The max timestamp of the producer's last batch or marker.
        public var lastTimestamp: Int64 = -1

        public init(epoch: Int16, batches: [BatchEntry], currentTxnFirstOffset: Offset? = nil,
                    coordinatorEpoch: Int32 = -1, lastTimestamp: Int64 = -1) {
            self.epoch = epoch
            self.batches = batches
            self.currentTxnFirstOffset = currentTxnFirstOffset
            self.coordinatorEpoch = coordinatorEpoch
            self.lastTimestamp = lastTimestamp
        }

        /// The sequence of the producer's last batch, -1 when it has none.
        public var lastSequence: Int32 { batches.last?.lastSequence ?? -1 }
    }

    /// A transaction whose marker was appended: from its first record to its marker.
    public struct CompletedTransaction: Sendable, Equatable {
        public var producerID: Int64
        public var firstOffset: Offset
        /// The marker's offset.
        public var lastOffset: Offset
        public var isAborted: Bool

        public init(producerID: Int64, firstOffset: Offset, lastOffset: Offset, isAborted: Bool) {
            self.producerID = producerID
            self.firstOffset = firstOffset
            self.lastOffset = lastOffset
            self.isAborted = isAborted
        }
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

    public private(set) var producers: [Int64: ProducerEntry] = [:] {
        didSet { if reindexOnChange { reindexOpenTransactions() } }
    }
    /// The first offset of each producer's open transaction (the producers' `currentTxnFirstOffset`, indexed so
    /// the last stable offset, asked at every append and fetch, does not walk every producer).
    private var openTransactions: [Int64: Offset] = [:]
    /// Off while a mutation keeps `openTransactions` in step itself.
    private var reindexOnChange = true
    /// Transactions whose marker is in the log but not yet below the high watermark, in marker order.
    public private(set) var unreplicatedTransactions: [CompletedTransaction] = []

    public init() {}

    /// A table restored from a snapshot (`ProducerStateSnapshot`): no transaction is unreplicated.
    public init(producers: [Int64: ProducerEntry]) {
        self.producers = producers
        reindexOpenTransactions()
    }

    private mutating func reindexOpenTransactions() {
        openTransactions = producers.compactMapValues(\.currentTxnFirstOffset)
    }

    /// Decides whether a data batch with these producer fields may be appended.
    public func check(producerID: Int64, epoch: Int16, firstSequence: Int32, lastSequence: Int32,
                      isTransactional: Bool = false) -> Check {
        guard producerID >= 0 else { return .append }
        guard let entry = producers[producerID] else {
            // Unknown producer: only a first batch (sequence 0) may start its history. A batch without a sequence
            // (the group coordinator's TxnOffsetCommit writes) is checked by epoch only, as in Kafka.
            return firstSequence == 0 || firstSequence < 0 ? .append : .reject(.unknownProducerId)
        }
        // Since Kafka 2.7 a stale epoch on a produce is INVALID_PRODUCER_EPOCH (the client may abort and retry),
        // not the fatal PRODUCER_FENCED.
        if epoch < entry.epoch { return .reject(.invalidProducerEpoch) }
        if !isTransactional, entry.currentTxnFirstOffset != nil, epoch == entry.epoch {
            return .reject(.invalidTxnState)
        }
        if firstSequence < 0 { return .append }
        if epoch > entry.epoch {
            // A bumped epoch starts a new sequence (a producer that only ever wrote markers has none yet).
            return firstSequence == 0 || entry.batches.isEmpty ? .append : .reject(.outOfOrderSequenceNumber)
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

    /// Decides whether a transaction marker for this producer may be appended: not with an epoch older than the
    /// producer's (INVALID_PRODUCER_EPOCH), nor from a coordinator older than the one that wrote its last marker
    /// (TRANSACTION_COORDINATOR_FENCED).
    public func checkMarker(producerID: Int64, epoch: Int16, coordinatorEpoch: Int32) -> KafkaErrorCode? {
        guard let entry = producers[producerID] else { return nil }
        if epoch < entry.epoch { return .invalidProducerEpoch }
        if coordinatorEpoch < entry.coordinatorEpoch { return .transactionCoordinatorFenced }
        return nil
    }

    /// Records an appended data batch.
    public mutating func record(producerID: Int64, epoch: Int16, batch: BatchEntry, isTransactional: Bool = false) {
        guard producerID >= 0 else { return }
        reindexOnChange = false
        defer { reindexOnChange = true }
        var entry = producers[producerID] ?? ProducerEntry(epoch: epoch, batches: [])
        if epoch != entry.epoch {
            entry.epoch = epoch
            entry.batches = []
        }
        if batch.firstSequence >= 0 {
            entry.batches.append(batch)
            if entry.batches.count > Self.retainedBatches { entry.batches.removeFirst() }
        }
        entry.lastTimestamp = batch.timestamp
        if isTransactional, entry.currentTxnFirstOffset == nil {
            entry.currentTxnFirstOffset = batch.firstOffset
            openTransactions[producerID] = batch.firstOffset
        }
        producers[producerID] = entry
    }

    /// Records an appended transaction marker at `offset`; returns the transaction it ends, nil for a marker of a
    /// producer with nothing in progress here (an empty transaction changes nothing a reader sees). The
    /// transaction stays unstable until `highWatermarkMoved(to:)` passes the marker.
    @discardableResult
    public mutating func recordMarker(producerID: Int64, epoch: Int16, coordinatorEpoch: Int32, isAbort: Bool,
                                      offset: Offset, timestamp: Int64) -> CompletedTransaction? {
        guard producerID >= 0 else { return nil }
        reindexOnChange = false
        defer { reindexOnChange = true }
        var entry = producers[producerID] ?? ProducerEntry(epoch: epoch, batches: [])
        let completed = entry.currentTxnFirstOffset.map {
            CompletedTransaction(producerID: producerID, firstOffset: $0, lastOffset: offset, isAborted: isAbort)
        }
        if epoch != entry.epoch {
            entry.epoch = epoch
            entry.batches = []
        }
        entry.currentTxnFirstOffset = nil
        openTransactions[producerID] = nil
        entry.coordinatorEpoch = coordinatorEpoch
        entry.lastTimestamp = timestamp
        producers[producerID] = entry
        if let completed { unreplicatedTransactions.append(completed) }
        return completed
    }

    /// Forgets completed transactions whose marker the high watermark has passed (keeps the list short).
    public mutating func highWatermarkMoved(to highWatermark: Offset) {
        unreplicatedTransactions.removeAll { $0.lastOffset < highWatermark }
    }

    /// The first offset no read_committed consumer may see yet with the high watermark at `highWatermark`: the
    /// oldest first offset of a transaction in progress, or completed with its marker not yet below the high
    /// watermark; nil when there is none. (The high watermark is passed in rather than tracked, so it may move
    /// without telling the table.)
    public func firstUnstableOffset(highWatermark: Offset) -> Offset? {
        var first = unreplicatedTransactions.filter { $0.lastOffset >= highWatermark }.map(\.firstOffset).min()
        for offset in openTransactions.values where first.map({ offset < $0 }) ?? true { first = offset }
        return first
    }

    /// The last stable offset: the high watermark, held back by the first unstable offset.
    public func lastStableOffset(highWatermark: Offset) -> Offset {
        guard let first = firstUnstableOffset(highWatermark: highWatermark) else { return highWatermark }
        return min(first, highWatermark)
    }

    /// The `lastStableOffset` field of the aborted-transaction index entry for `completed` (Kafka's rule): the
    /// first offset of the oldest transaction of another producer still in progress, else the offset after the
    /// marker.
    public func lastStableOffset(after completed: CompletedTransaction) -> Offset {
        var oldest: Offset?
        for (id, first) in openTransactions where id != completed.producerID {
            if oldest.map({ first < $0 }) ?? true { oldest = first }
        }
        return oldest ?? Offset(completed.lastOffset.rawValue &+ 1)
    }

    /// Transactions in progress, oldest first: (producer id, first offset).
    public var ongoingTransactions: [(producerID: Int64, firstOffset: Offset)] {
        openTransactions.map { (producerID: $0.key, firstOffset: $0.value) }.sorted { $0.firstOffset < $1.firstOffset }
    }

    /// Forgets batches, transactions and markers at or above `offset` (log truncation). A producer's transaction
    /// that started at or after the cut is forgotten; its epoch and coordinator epoch stay (they only grow).
    public mutating func truncate(from offset: Offset) {
        reindexOnChange = false
        defer {
            reindexOnChange = true
            reindexOpenTransactions()
        }
        for (id, var entry) in producers {
            entry.batches.removeAll { $0.lastOffset >= offset }
            if let first = entry.currentTxnFirstOffset, first >= offset { entry.currentTxnFirstOffset = nil }
            if entry.batches.isEmpty, entry.currentTxnFirstOffset == nil, entry.coordinatorEpoch < 0 {
                producers[id] = nil
            } else {
                producers[id] = entry
            }
        }
        // A marker cut off reopens its transaction, if its start survived.
        for completed in unreplicatedTransactions.reversed() where completed.lastOffset >= offset {
            if completed.firstOffset < offset {
                producers[completed.producerID]?.currentTxnFirstOffset = completed.firstOffset
            }
        }
        unreplicatedTransactions.removeAll { $0.lastOffset >= offset }
    }
}
