/// Where a transactional id's current transaction stands (Kafka's `TransactionState`); the raw value is the id
/// written to `__transaction_state`.
public enum TransactionState: Int8, Sendable, CaseIterable, CustomStringConvertible {
    /// No transaction open. InitProducerId bumps the epoch; AddPartitionsToTxn/AddOffsetsToTxn open one; EndTxn
    /// answers INVALID_TXN_STATE.
    case empty = 0
    /// Partitions have been added. EndTxn moves to PrepareCommit or PrepareAbort; InitProducerId (another
    /// producer) and the timeout fence the producer and abort.
    case ongoing = 1
    /// Committing: the decision is durable, markers are being written. Everything but a retried commit answers
    /// CONCURRENT_TRANSACTIONS (or INVALID_TXN_STATE for an abort); markers done moves to CompleteCommit.
    case prepareCommit = 2
    /// Aborting, as PrepareCommit; markers done moves to CompleteAbort.
    case prepareAbort = 3
    /// Committed; the next transaction may start. A retried commit succeeds, an abort is INVALID_TXN_STATE.
    case completeCommit = 4
    /// Aborted; as CompleteCommit.
    case completeAbort = 5
    /// Expired (`transactional.id.expiration.ms`); a tombstone removes it.
    case dead = 6
    /// Held only in memory while the producer is fenced on the way to PrepareAbort; never written.
    case prepareEpochFence = 7

    /// The states a transition into this one may start from (Kafka 2.8's `validPreviousStates`).
    public var validPreviousStates: Set<TransactionState> {
        switch self {
        case .empty: [.empty, .completeCommit, .completeAbort]
        case .ongoing: [.ongoing, .empty, .completeCommit, .completeAbort]
        case .prepareCommit: [.ongoing]
        case .prepareAbort: [.ongoing, .prepareEpochFence]
        case .completeCommit: [.prepareCommit]
        case .completeAbort: [.prepareAbort]
        case .dead: [.empty, .completeCommit, .completeAbort]
        case .prepareEpochFence: [.ongoing]
        }
    }

    /// Kafka's name, as DescribeTransactions and ListTransactions report it and filter on.
    public var description: String {
        switch self {
        case .empty: "Empty"
        case .ongoing: "Ongoing"
        case .prepareCommit: "PrepareCommit"
        case .prepareAbort: "PrepareAbort"
        case .completeCommit: "CompleteCommit"
        case .completeAbort: "CompleteAbort"
        case .dead: "Dead"
        case .prepareEpochFence: "PrepareEpochFence"
        }
    }

    /// The state named `name` (Kafka's spelling), for ListTransactions' filters.
    public init?(name: String) {
        guard let state = Self.allCases.first(where: { $0.description == name }) else { return nil }
        self = state
    }

    /// Empty, CompleteCommit or CompleteAbort: nothing in flight.
    public var isIdle: Bool { self == .empty || self == .completeCommit || self == .completeAbort }
}
