/// Where a consumer starts reading a partition.
public enum StartPosition: Hashable, Sendable {
    /// The log start offset (ListOffsets -2).
    case earliest
    /// The end of the log: only records produced from now on (ListOffsets -1).
    case latest
    /// An exact offset.
    case offset(Int64)
    /// The first record with a timestamp at or after this many milliseconds since the epoch; the end of the
    /// log when there is none.
    case timestamp(Int64)
}

/// The consumer's settings, named after Kafka's consumer configs (key and default in each doc).
public struct ConsumerConfiguration: Sendable {
    /// `auto.offset.reset`: what to do when the position is out of range (or a timestamp finds nothing).
    public enum OffsetReset: String, Sendable, CaseIterable {
        case earliest, latest
        /// Fail `poll` with OFFSET_OUT_OF_RANGE.
        case none
    }

    /// `client.id`, default "tributary-consumer".
    public var clientID = "tributary-consumer"
    /// `fetch.max.wait.ms`, default 500 ms: how long the broker may hold a Fetch waiting for `fetchMinBytes`.
    public var fetchMaxWait: Duration = .milliseconds(500)
    /// `fetch.min.bytes`, default 1.
    public var fetchMinBytes: Int32 = 1
    /// `fetch.max.bytes`, default 52428800 (50 MiB) per response.
    public var fetchMaxBytes: Int32 = 52_428_800
    /// `max.partition.fetch.bytes`, default 1048576 (1 MiB) per partition.
    public var maxPartitionFetchBytes: Int32 = 1_048_576
    /// `auto.offset.reset`, default latest.
    public var autoOffsetReset: OffsetReset = .latest
    /// `request.timeout.ms`, default 30 s: how long to wait for a broker's answer (a Fetch also gets the time
    /// the broker may hold it) before closing the connection and trying again.
    public var requestTimeout: Duration = KafkaConnection.defaultRequestTimeout
    /// `retry.backoff.ms`, default 100 ms: the pause before asking again after a failed round.
    public var retryBackoff: Duration = .milliseconds(100)

    public init() {}
}
