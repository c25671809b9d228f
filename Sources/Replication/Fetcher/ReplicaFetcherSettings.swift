import KafkaModel

/// The replica fetchers' settings, from the broker configuration.
public struct ReplicaFetcherSettings: Sendable {
    /// `broker.id`: sent as the Fetch `ReplicaId`, which tells the leader a follower is fetching.
    public var localBroker: BrokerID
    /// `replica.fetch.wait.max.ms`, default 500: how long the leader may hold a fetch waiting for data.
    public var maxWaitMs: Int32 = 500
    /// `replica.fetch.min.bytes`, default 1.
    public var minBytes: Int32 = 1
    /// `replica.fetch.max.bytes`, default 1048576: per partition and per response (the first batch is always
    /// returned whole, so a larger batch still replicates).
    public var maxBytes: Int32 = 1_048_576
    /// `replica.fetch.backoff.ms`, default 1000: the pause after an error before a partition is retried.
    public var backoff: Duration = .milliseconds(1000)
    /// `replica.socket.timeout.ms`, default 30000: how long a request to the leader may go unanswered before
    /// the connection is dropped and re-opened.
    public var requestTimeout: Duration = .milliseconds(30000)
    /// The listener followers connect to leaders on (`inter.broker.listener.name`, or Kafka's default).
    public var listenerName: String = "PLAINTEXT"

    public init(localBroker: BrokerID, maxWaitMs: Int32 = 500, minBytes: Int32 = 1, maxBytes: Int32 = 1_048_576,
         backoff: Duration = .milliseconds(1000), requestTimeout: Duration = .milliseconds(30000))
    {
        self.localBroker = localBroker
        self.maxWaitMs = maxWaitMs
        self.minBytes = minBytes
        self.maxBytes = maxBytes
        self.backoff = backoff
        self.requestTimeout = requestTimeout
    }

}
