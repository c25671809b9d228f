/// The group settings of a `KafkaGroupConsumer`, named after Kafka's consumer configs (key and default in each
/// doc); fetching follows `consumer` (its `autoOffsetReset` applies to partitions without a committed offset).
public struct GroupConsumerConfiguration: Sendable {
    /// Fetch settings, client id and `auto.offset.reset`.
    public var consumer = ConsumerConfiguration()
    /// `session.timeout.ms`, default 10 s: the coordinator drops a member silent for this long.
    public var sessionTimeout: Duration = .seconds(10)
    /// `max.poll.interval.ms` sent as the rebalance timeout, default 30 s here (Kafka: 300 s).
    public var rebalanceTimeout: Duration = .seconds(30)
    /// `heartbeat.interval.ms`, default 1 s here (Kafka: 3 s), so rebalances are noticed quickly.
    public var heartbeatInterval: Duration = .seconds(1)
    /// `auto.commit.interval.ms`, default 5 s; nil turns automatic commits off (`enable.auto.commit=false`).
    public var autoCommitInterval: Duration? = .seconds(5)

    public init() {}
}

extension Duration {
    /// Whole milliseconds, clamped to Int32 (wire timeouts).
    var wholeMilliseconds: Int32 {
        Int32(clamping: components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000)
    }
}
