import KafkaClient
import KafkaModel
import Logging
import NIOCore
import NIOPosix
import Replication

// The replica layer's ways of learning about the cluster, wired to the broker's metadata cache and configuration.

extension ReplicaFetcherManager {
    /// Resolves leaders from the metadata cache (UpdateMetadata's live brokers) and connects on `group`.
    convenience init(replicas: ReplicaManager, settings: ReplicaFetcherSettings, metadata: MetadataCache,
                     group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, security: ConnectionSecurity = .plaintext,
                     throttle: ReplicationThrottle? = nil, logger: Logger)
    {
        let clientID = "broker-\(settings.localBroker)-fetcher"
        self.init(
            replicas: replicas, settings: settings,
            resolveEndpoint: { [listener = settings.listenerName] id in
                metadata.snapshot.brokers[id]?.on(listener: listener).map { ($0.host, $0.port) }
            },
            connect: { host, port in
                try await KafkaConnection.connect(host: host, port: port, clientID: clientID, timeout: .seconds(5),
                                                  group: group, security: security)
            },
            throttle: throttle, logger: logger)
    }
}

extension ISRManager {
    /// Reads the controller epoch from the metadata cache (UpdateMetadata carries each partition's).
    convenience init(replicas: ReplicaManager, writer: any PartitionStateWriter, metadata: MetadataCache,
                     lagTimeMaxMs: Int64, nowMs: @escaping @Sendable () -> Int64, logger: Logger,
                     onISRChanged: @escaping @Sendable (_ shrank: Bool) -> Void = { _ in })
    {
        self.init(replicas: replicas, writer: writer,
                  controllerEpoch: { metadata.snapshot.partition($0)?.controllerEpoch },
                  lagTimeMaxMs: lagTimeMaxMs, nowMs: nowMs, logger: logger, onISRChanged: onISRChanged)
    }
}

extension ReplicaFetcherSettings {
    /// The settings of `config`'s `replica.fetch.*` keys and inter-broker listener.
    init(config: BrokerConfig) {
        self.init(localBroker: BrokerID(config.brokerID), maxWaitMs: Int32(clamping: config.replicaFetchWaitMaxMs),
                  maxBytes: Int32(clamping: config.replicaFetchMaxBytes))
        self.listenerName = config.effectiveInterBrokerListenerName
    }
}
