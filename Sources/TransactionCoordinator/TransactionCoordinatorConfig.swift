/// The transaction coordinator's settings, named after Kafka's broker keys (defaults from `KafkaConfig`).
public struct TransactionCoordinatorConfig: Sendable, Equatable {
    /// `transaction.max.timeout.ms`, default 900000 ms: longer transaction timeouts get INVALID_TRANSACTION_TIMEOUT.
    public var maxTimeoutMs: Int32 = 900_000
    /// `transactional.id.expiration.ms`, default 604800000 ms (7 days): idle ids untouched this long are removed.
    public var idExpirationMs: Int64 = 604_800_000
    /// `transaction.abort.timed.out.transaction.cleanup.interval.ms`, default 10000 ms.
    public var abortTimedOutIntervalMs: Int64 = 10_000
    /// `transaction.remove.expired.transaction.cleanup.interval.ms`, default 3600000 ms.
    public var removeExpiredIntervalMs: Int64 = 3_600_000

    public init() {}
}
