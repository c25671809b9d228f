import KafkaRecords

/// The producer's settings, named after Kafka's producer configs (key and default in each doc).
public struct ProducerConfiguration: Sendable {
    /// `acks`: how many replicas must have the record before the broker answers.
    public enum Acks: Int16, Sendable, CaseIterable {
        /// `acks=0`: the broker does not answer; offsets are unknown (-1).
        case none = 0
        /// `acks=1`: the leader has written it.
        case leader = 1
        /// `acks=all` (-1): every in-sync replica has it.
        case all = -1
    }

    /// `client.id`, default "tributary-producer".
    public var clientID = "tributary-producer"
    /// `acks`, default all.
    public var acks: Acks = .all
    /// `linger.ms`, default 5 ms: how long a batch waits for more records before being sent.
    public var linger: Duration = .milliseconds(5)
    /// `batch.size`, default 16384 bytes (uncompressed) per partition batch.
    public var batchSize = 16384
    /// `compression.type`, default none.
    public var compression: CompressionCodec = .none
    /// `retries`, default Int.max: bounded in practice by `deliveryTimeout`.
    public var retries = Int.max
    /// `retry.backoff.ms`, default 100 ms: the first backoff; it doubles per attempt up to `retryBackoffMax`.
    public var retryBackoff: Duration = .milliseconds(100)
    /// `retry.backoff.max.ms`, default 1000 ms.
    public var retryBackoffMax: Duration = .seconds(1)
    /// `delivery.timeout.ms`, default 120 s: a record fails once this long has passed since it was sent.
    public var deliveryTimeout: Duration = .seconds(120)
    /// `request.timeout.ms`, default 30 s: the Produce request's broker-side timeout.
    public var requestTimeout: Duration = .seconds(30)
    /// `max.block.ms`, default 60 s: how long `send` waits for metadata of a topic or for buffer space.
    public var maxBlock: Duration = .seconds(60)
    /// `enable.idempotence`. nil (the default) means on when `acks` is all and the broker serves
    /// InitProducerId, off otherwise; true requires both.
    public var enableIdempotence: Bool?
    /// `max.in.flight.requests.per.connection`, default 5 (at most 5 with idempotence). Batches of one
    /// partition are sent one at a time when idempotent, so ordering survives retries; otherwise up to this many.
    public var maxInFlightRequestsPerConnection = 5
    /// `buffer.memory`, default 32 MiB: `send` waits while this many bytes are queued or in flight.
    public var bufferMemory = 32 * 1024 * 1024
    /// `max.request.size`, default 1 MiB: a Produce request carries batches up to this size.
    public var maxRequestSize = 1024 * 1024
    /// Lets Metadata create a topic that does not exist (when the broker allows it), default true as in Java.
    public var allowAutoTopicCreation = true

    public init() {}
}
