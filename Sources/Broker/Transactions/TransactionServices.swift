import GroupCoordinator
import KafkaModel
import Logging
import NIOCore
import Replication
import TransactionCoordinator

/// The broker's transaction side, wired together: the coordinator over the local `__transaction_state`
/// partitions, the topic (created on first FindCoordinator), the leadership tracker that loads and unloads it, the
/// marker channel, and the transaction APIs' handlers.
final class TransactionServices: Sendable {
    static let topicName = TopicName("__transaction_state")

    let coordinator: TransactionCoordinator
    let stateTopic: OffsetsTopic
    let leadership: TransactionLeadershipTracker
    /// The markers' own connections, as Kafka's marker channel has its own client: a WriteTxnMarkers waiting for
    /// replication never holds up the controller's requests to the same broker.
    private let markerConnections: BrokerConnections

    init(config: BrokerConfig, replicas: ReplicaManager, metadata: MetadataCache, topicConfigs: TopicConfigProvider,
         admin: TopicAdmin, markerConnections: BrokerConnections, producerIDs: ProducerIDPool,
         nowMs: @escaping @Sendable () -> Int64, logger: Logger)
    {
        self.markerConnections = markerConnections
        let log = TransactionStatePartitionLog(base: OffsetsPartitionLog(
            replicas: replicas, topicConfigs: topicConfigs,
            commitTimeout: .milliseconds(Int64(config.offsetsCommitTimeoutMs)), nowMs: nowMs, topic: Self.topicName))
        let markers = TransactionMarkerChannel(connections: markerConnections, metadata: metadata,
                                               listener: config.effectiveInterBrokerListenerName, logger: logger)
        let partitions = config.transactionStateLogNumPartitions
        coordinator = TransactionCoordinator(
            config: TransactionCoordinatorConfig(config), log: log, producerIDs: producerIDs, markers: markers,
            partitioner: { Self.partition(of: $0, partitionCount: partitions) }, nowMs: nowMs,
            logger: logger)
        // Kafka forces these on the topic: compacted, uncompressed, no unclean election, its own min ISR.
        stateTopic = OffsetsTopic(admin: admin, metadata: metadata, logger: logger, settings: .init(
            name: Self.topicName, partitions: partitions,
            replicationFactor: config.transactionStateLogReplicationFactor,
            replicationFactorKey: "transaction.state.log.replication.factor",
            configs: [
                "cleanup.policy": "compact", "compression.type": "uncompressed",
                "unclean.leader.election.enable": "false",
                "min.insync.replicas": String(config.transactionStateLogMinIsr),
                "segment.bytes": String(config.transactionStateLogSegmentBytes),
            ]))
        leadership = TransactionLeadershipTracker(replicas: replicas, logger: logger)
        let leadership = self.leadership
        // The group coordinator's tracker was installed first: keep it and observe after it.
        replicas.leadershipChanges.withLockedValue { hook in
            let previous = hook
            hook = { leading, notLeading in
                previous?(leading, notLeading)
                leadership.observe(leading: leading, notLeading: notLeading)
            }
        }
    }

    /// The `__transaction_state` partition of a transactional id: `abs(hashCode) % partitions` with Java's
    /// String hash, as Kafka places them (the same rule as groups), so clients and Kafka brokers agree.
    static func partition(of transactionalID: String, partitionCount: Int32) -> Int32 {
        OffsetsPartitioner.partition(for: transactionalID, partitionCount: partitionCount)
    }

    /// The transaction APIs (FindCoordinator, shared with groups, is built by the node).
    func handlers(metadata: MetadataCache, groups: GroupCoordinator, producerIDs: ProducerIDPool) -> [RegisteredHandler] {
        [
            RegisteredHandler(InitProducerIdHandler(producerIDs: producerIDs, transactions: coordinator)),
            RegisteredHandler(AddPartitionsToTxnHandler(transactions: coordinator, metadata: metadata)),
            RegisteredHandler(AddOffsetsToTxnHandler(transactions: coordinator, groups: groups)),
            RegisteredHandler(EndTxnHandler(transactions: coordinator)),
            RegisteredHandler(DescribeTransactionsHandler(transactions: coordinator)),
            RegisteredHandler(ListTransactionsHandler(transactions: coordinator)),
        ]
    }

    /// The periodic aborts and expiry, and the leadership tracker; both run until their tasks are cancelled.
    func start() -> [Task<Void, Never>] {
        let coordinator = self.coordinator
        let leadership = self.leadership
        return [
            Task { await coordinator.run() },
            Task { await leadership.run(coordinator: coordinator) },
        ]
    }

    /// Closes the markers' connections (shutdown).
    func close() async {
        await markerConnections.closeAll()
    }
}

extension TransactionCoordinatorConfig {
    /// The coordinator's settings from the broker's `transaction.*` keys.
    init(_ config: BrokerConfig) {
        self.init()
        maxTimeoutMs = config.transactionMaxTimeoutMs
        idExpirationMs = config.transactionalIdExpirationMs
        abortTimedOutIntervalMs = config.transactionAbortTimedOutTransactionCleanupIntervalMs
        removeExpiredIntervalMs = config.transactionRemoveExpiredTransactionCleanupIntervalMs
    }
}
