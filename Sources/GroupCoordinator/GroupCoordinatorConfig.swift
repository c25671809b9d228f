/// The coordinator's settings, named after Kafka's broker configuration keys (defaults from `KafkaConfig`).
public struct GroupCoordinatorConfig: Sendable, Equatable {
    /// `offsets.topic.num.partitions`, default 50: how many `__consumer_offsets` partitions groups spread over.
    public var offsetsTopicPartitionCount: Int32 = 50
    /// `group.min.session.timeout.ms`, default 6000 ms: shorter member session timeouts are refused.
    public var groupMinSessionTimeoutMs: Int32 = 6_000
    /// `group.max.session.timeout.ms`, default 1800000 ms: longer member session timeouts are refused.
    public var groupMaxSessionTimeoutMs: Int32 = 1_800_000
    /// `group.initial.rebalance.delay.ms`, default 3000 ms: how long the first rebalance of an empty group
    /// waits for more members (extended while members keep joining, capped by the rebalance timeout).
    public var groupInitialRebalanceDelayMs: Int64 = 3_000
    /// `group.max.size`, default unlimited: members beyond it get GROUP_MAX_SIZE_REACHED.
    public var groupMaxSize: Int = Int(Int32.max)
    /// `offset.metadata.max.bytes`, default 4096: longer commit metadata gets OFFSET_METADATA_TOO_LARGE.
    public var offsetMetadataMaxBytes: Int = 4_096
    /// `offsets.retention.minutes`, default 10080 (7 days), held in ms: how long offsets of an empty group
    /// are kept.
    public var offsetsRetentionMs: Int64 = 10_080 * 60_000
    /// `offsets.retention.check.interval.ms`, default 600000 ms: how often `run()` expires offsets.
    public var offsetsRetentionCheckIntervalMs: Int64 = 600_000

    public init() {}
}
