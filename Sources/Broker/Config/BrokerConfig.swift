import LogStorage

/// The broker's whole configuration, with Kafka's key names and defaults (Kafka 2.8 `KafkaConfig`).
/// Each property's doc gives the key, the default and the unit. Keys are parsed by `BrokerConfig.Keys`.
public struct BrokerConfig: Sendable, Equatable {
    // MARK: Identity and network
    /// `broker.id` (required here; Kafka's generated ids are not supported).
    public var brokerID: Int32 = -1
    /// `broker.rack`, default none.
    public var rack: String?
    /// `listeners`, default `PLAINTEXT://:9092`.
    public var listeners: [Listener] = [Listener(name: "PLAINTEXT", host: "", port: 9092)]
    /// `advertised.listeners`, default = `listeners` (an empty host is replaced by the machine's host name).
    public var advertisedListeners: [Listener]?
    /// `socket.request.max.bytes`, default 104857600: the largest request frame accepted.
    public var socketRequestMaxBytes: Int = 104_857_600
    /// `message.max.bytes`, default 1048588: the largest record batch accepted.
    public var messageMaxBytes: Int = 1_048_588
    /// `inter.broker.listener.name`, default none: the listener other brokers use (replica fetches, controlled
    /// shutdown). When set it must name an advertised listener, and control requests are refused elsewhere.
    public var interBrokerListenerName: String?
    /// `control.plane.listener.name`, default none: a listener reserved for the controller's LeaderAndIsr,
    /// StopReplica and UpdateMetadata, which are then refused on every other listener.
    public var controlPlaneListenerName: String?
    /// `listener.security.protocol.map`, `security.inter.broker.protocol` and the `ssl.*` keys
    /// (`BrokerConfig+TLS.swift`).
    public var security = ListenerSecurityConfig()
    /// The `sasl.*` and `listener.name.<listener>.[<mechanism>.]sasl.*` keys as given (see `BrokerConfig+SASL`).
    public var saslProperties: [String: String] = [:]
    /// `authorizer.class.name`, `super.users`, `allow.everyone.if.no.acl.found` (`BrokerConfig+Authorizer`).
    public var authorizer = AuthorizerConfig()

    // MARK: Network limits (hostile input must not take the broker down)
    /// `queued.max.requests`, default 500: requests in processing broker-wide; at the limit, connections stop
    /// reading until one completes. Requests that wait on other requests (JoinGroup, SyncGroup, follower
    /// fetches, the controller's requests) are not counted, or a full queue would wait on itself.
    public var queuedMaxRequests: Int = 500
    /// `max.connections`, default Int32.max: open connections broker-wide; more are accepted and closed at
    /// once. Dedicated control-plane and inter-broker listeners are exempt, as in Kafka.
    public var maxConnections: Int = Int(Int32.max)
    /// `max.connections.per.ip`, default Int32.max: open connections from one IP address, on every listener.
    public var maxConnectionsPerIp: Int = Int(Int32.max)
    /// `max.connections.per.ip.overrides`, default none: `host:count,host:count`, per-address exceptions to
    /// `max.connections.per.ip`. Hosts are compared with the peer's IP address text (not resolved).
    public var maxConnectionsPerIpOverrides: [String: Int] = [:]
    /// `connections.max.idle.ms`, default 600000: a connection with no request read and no response written
    /// for this long is closed; -1 never closes one.
    public var connectionsMaxIdleMs: Int64 = 600_000

    // MARK: ZooKeeper
    /// `zookeeper.connect` (required): `host:port[,host:port...][/chroot]`.
    public var zookeeperConnect: String = ""
    /// `zookeeper.session.timeout.ms`, default 18000.
    public var zookeeperSessionTimeoutMs: Int = 18000
    /// `zookeeper.set.acl`: znodes this broker creates are writable only by the identities it authenticated as.
    public var zookeeperSetAcl = false
    /// The JAAS file whose `Client` section (or `zookeeper.sasl.clientconfig`) holds the broker's ZooKeeper
    /// credentials — the JVM's `java.security.auth.login.config` system property, given as a key here.
    public var jaasConfigFile: String?
    public var zookeeperSaslClientConfig = "Client"
    /// `zookeeper.connection.timeout.ms`, default = the session timeout.
    public var zookeeperConnectionTimeoutMs: Int?

    // MARK: Log
    /// `log.dirs` (or `log.dir`), default `/tmp/kafka-logs`.
    public var logDirs: [String] = ["/tmp/kafka-logs"]
    /// `log.segment.bytes`, default 1 GiB.
    public var logSegmentBytes: Int = 1_073_741_824
    /// `log.roll.ms` (or `log.roll.hours`, default 168 h).
    public var logRollMs: Int64 = 168 * 3_600_000
    /// `log.retention.ms` (or `.minutes`, `.hours`; default 168 h); -1 = keep forever.
    public var logRetentionMs: Int64 = 168 * 3_600_000
    /// `log.retention.bytes`, default -1 (no size limit), per partition.
    public var logRetentionBytes: Int64 = -1
    /// `log.retention.check.interval.ms`, default 300000.
    public var logRetentionCheckIntervalMs: Int64 = 300_000
    /// `log.flush.interval.messages`, default Long.MAX (leave it to the page cache).
    public var logFlushIntervalMessages: Int64 = .max
    /// `log.flush.interval.ms`, default none (leave it to the page cache).
    public var logFlushIntervalMs: Int64?
    /// `log.flush.offset.checkpoint.interval.ms`, default 60000: how often each log directory's
    /// `recovery-point-offset-checkpoint` (and `log-start-offset-checkpoint`) is written.
    public var logFlushOffsetCheckpointIntervalMs: Int64 = 60_000
    /// `log.index.interval.bytes`, default 4096.
    public var logIndexIntervalBytes: Int = 4096
    /// `log.index.size.max.bytes`, default 10 MiB.
    public var logIndexSizeMaxBytes: Int = 10_485_760
    /// `log.message.timestamp.type`, default CreateTime.
    public var logMessageTimestampType: TimestampType = .createTime
    /// `log.message.timestamp.difference.max.ms`, default Long.MAX (no check): how far a CreateTime record's
    /// timestamp may be from the broker's clock before the batch is refused with INVALID_TIMESTAMP.
    public var logMessageTimestampDifferenceMaxMs: Int64 = .max

    // MARK: Log cleaner (compaction)
    /// `log.cleanup.policy`, default `delete`: `delete`, `compact` or `compact,delete` for topics without their own.
    public var logCleanupPolicy: CleanupPolicy = .delete
    /// `log.cleaner.enable`, default true.
    public var logCleanerEnable = true
    /// `log.cleaner.threads`, default 1.
    public var logCleanerThreads: Int = 1
    /// `log.cleaner.dedupe.buffer.size`, default 134217728 (bytes, all threads together).
    public var logCleanerDedupeBufferSize: Int64 = 134_217_728
    /// `log.cleaner.io.buffer.size`, default 524288 (bytes).
    public var logCleanerIoBufferSize: Int = 524_288
    /// `log.cleaner.io.buffer.load.factor`, default 0.9.
    public var logCleanerIoBufferLoadFactor: Double = 0.9
    /// `log.cleaner.io.max.bytes.per.second`, default Double.MAX (unthrottled).
    public var logCleanerIoMaxBytesPerSecond: Double = .greatestFiniteMagnitude
    /// `log.cleaner.backoff.ms`, default 15000.
    public var logCleanerBackoffMs: Int64 = 15_000
    /// `log.cleaner.min.cleanable.ratio`, default 0.5.
    public var logCleanerMinCleanableRatio: Double = 0.5
    /// `log.cleaner.delete.retention.ms`, default 86400000 (1 day).
    public var logCleanerDeleteRetentionMs: Int64 = 86_400_000
    /// `log.cleaner.min.compaction.lag.ms`, default 0.
    public var logCleanerMinCompactionLagMs: Int64 = 0
    /// `log.cleaner.max.compaction.lag.ms`, default Long.MAX.
    public var logCleanerMaxCompactionLagMs: Int64 = .max

    // MARK: Topics
    /// `num.partitions`, default 1.
    public var numPartitions: Int32 = 1
    /// `default.replication.factor`, default 1.
    public var defaultReplicationFactor: Int16 = 1
    /// `min.insync.replicas`, default 1.
    public var minInsyncReplicas: Int = 1
    /// `unclean.leader.election.enable`, default false.
    public var uncleanLeaderElectionEnable = false
    /// `auto.create.topics.enable`, default true.
    public var autoCreateTopicsEnable = true
    /// `delete.topic.enable`, default true.
    public var deleteTopicEnable = true

    // MARK: Replication
    /// `replica.lag.time.max.ms`, default 30000.
    public var replicaLagTimeMaxMs: Int64 = 30000
    /// `metrics.port`, default 0 (no endpoint): the port of the Prometheus `/metrics` endpoint, bound on the first
    /// listener's host (every interface when that host is empty).
    public var metricsPort: Int = 0
    /// `num.io.threads`, default 8: the threads that append produced records (Kafka's request handler threads).
    public var numIoThreads: Int = 8
    /// `fetch.max.bytes`, default 57671680 (55 MiB): the most record bytes one consumer Fetch response carries,
    /// whatever the consumer asks for (KIP-541).
    public var fetchMaxBytes: Int = 57_671_680
    /// `replica.fetch.max.bytes`, default 1048576.
    public var replicaFetchMaxBytes: Int = 1_048_576
    /// `replica.fetch.wait.max.ms`, default 500.
    public var replicaFetchWaitMaxMs: Int = 500
    /// `replica.high.watermark.checkpoint.interval.ms`, default 5000: how often each log directory's
    /// `replication-offset-checkpoint` is written.
    public var replicaHighWatermarkCheckpointIntervalMs: Int64 = 5000
    /// `auto.leader.rebalance.enable`, default true.
    public var autoLeaderRebalanceEnable = true
    /// `leader.imbalance.check.interval.seconds`, default 300.
    public var leaderImbalanceCheckIntervalSeconds: Int = 300
    /// `leader.imbalance.per.broker.percentage`, default 10.
    public var leaderImbalancePerBrokerPercentage: Int = 10
    /// `controlled.shutdown.enable`, default true.
    public var controlledShutdownEnable = true
    /// `controlled.shutdown.max.retries`, default 3.
    public var controlledShutdownMaxRetries: Int = 3
    /// `controlled.shutdown.retry.backoff.ms`, default 5000.
    public var controlledShutdownRetryBackoffMs: Int = 5000

    // MARK: Groups and offsets
    /// `offsets.topic.num.partitions`, default 50.
    public var offsetsTopicNumPartitions: Int32 = 50
    /// `offsets.topic.replication.factor`, default 3.
    public var offsetsTopicReplicationFactor: Int16 = 3
    /// `offsets.topic.segment.bytes`, default 104857600.
    public var offsetsTopicSegmentBytes: Int = 104_857_600
    /// `offsets.retention.minutes`, default 10080 (7 days).
    public var offsetsRetentionMinutes: Int = 10080
    /// `offsets.commit.timeout.ms`, default 5000.
    public var offsetsCommitTimeoutMs: Int = 5000
    /// `group.initial.rebalance.delay.ms`, default 3000.
    public var groupInitialRebalanceDelayMs: Int = 3000
    /// `group.min.session.timeout.ms`, default 6000.
    public var groupMinSessionTimeoutMs: Int = 6000
    /// `group.max.session.timeout.ms`, default 1800000.
    public var groupMaxSessionTimeoutMs: Int = 1_800_000
    /// `group.max.size`, default Int.MAX.
    public var groupMaxSize: Int = Int(Int32.max)

    // MARK: Transactions
    /// `transaction.state.log.num.partitions`, default 50.
    public var transactionStateLogNumPartitions: Int32 = 50
    /// `transaction.state.log.replication.factor`, default 3.
    public var transactionStateLogReplicationFactor: Int16 = 3
    /// `transaction.state.log.min.isr`, default 2: the `min.insync.replicas` of `__transaction_state`.
    public var transactionStateLogMinIsr: Int = 2
    /// `transaction.state.log.segment.bytes`, default 104857600.
    public var transactionStateLogSegmentBytes: Int = 104_857_600
    /// `transaction.max.timeout.ms`, default 900000.
    public var transactionMaxTimeoutMs: Int32 = 900_000
    /// `transactional.id.expiration.ms`, default 604800000 (7 days).
    public var transactionalIdExpirationMs: Int64 = 604_800_000
    /// `transaction.abort.timed.out.transaction.cleanup.interval.ms`, default 10000.
    public var transactionAbortTimedOutTransactionCleanupIntervalMs: Int64 = 10_000
    /// `transaction.remove.expired.transaction.cleanup.interval.ms`, default 3600000.
    public var transactionRemoveExpiredTransactionCleanupIntervalMs: Int64 = 3_600_000

    public enum TimestampType: String, Sendable {
        case createTime = "CreateTime"
        case logAppendTime = "LogAppendTime"
    }

    public init() {}

    /// `zookeeper.connection.timeout.ms` with Kafka's fallback to the session timeout.
    public var effectiveZookeeperConnectionTimeoutMs: Int {
        zookeeperConnectionTimeoutMs ?? zookeeperSessionTimeoutMs
    }

    /// The listener other brokers reach this one on: `inter.broker.listener.name` if set, else Kafka's
    /// default PLAINTEXT when there is one, else the first listener that is not the control plane's.
    public var effectiveInterBrokerListenerName: String {
        if let interBrokerListenerName { return interBrokerListenerName }
        // Kafka: the listener named like `security.inter.broker.protocol` (validated to exist at load).
        if let security = security.interBrokerProtocol { return security.rawValue }
        let candidates = listeners.map(\.name).filter { $0 != controlPlaneListenerName }
        if candidates.contains("PLAINTEXT") { return "PLAINTEXT" }
        return candidates.first ?? listeners.first?.name ?? "PLAINTEXT"
    }

    /// The listener the controller sends its requests to: the control plane's if set, else the inter-broker one.
    public var controllerListenerName: String {
        controlPlaneListenerName ?? effectiveInterBrokerListenerName
    }

    /// The listeners written to ZooKeeper; an empty bind host is advertised as `defaultHost`.
    public func effectiveAdvertisedListeners(defaultHost: String) -> [Listener] {
        (advertisedListeners ?? listeners).map { listener in
            var advertised = listener
            if advertised.host.isEmpty || advertised.host == "0.0.0.0" { advertised.host = defaultHost }
            return advertised
        }
    }
}
