import Replication
import GroupCoordinator
import Logging
import NIOCore

/// The broker's consumer-group side, wired together: the coordinator over the local `__consumer_offsets`
/// partitions, the leadership tracker that loads and unloads them, and the group APIs' handlers.
final class GroupServices: Sendable {
    let coordinator: GroupCoordinator
    let offsetsTopic: OffsetsTopic
    let leadership: OffsetsLeadershipTracker
    private let metadata: MetadataCache
    private let replicas: ReplicaManager
    private let topicConfigs: TopicConfigProvider

    init(config: BrokerConfig, replicas: ReplicaManager, metadata: MetadataCache, topicConfigs: TopicConfigProvider,
         admin: TopicAdmin, nowMs: @escaping @Sendable () -> Int64, logger: Logger)
    {
        let log = OffsetsPartitionLog(
            replicas: replicas, topicConfigs: topicConfigs,
            commitTimeout: .milliseconds(Int64(config.offsetsCommitTimeoutMs)), nowMs: nowMs)
        coordinator = GroupCoordinator(config: GroupCoordinatorConfig(config), log: log, logger: logger)
        offsetsTopic = OffsetsTopic(admin: admin, metadata: metadata, config: config, logger: logger)
        leadership = OffsetsLeadershipTracker(logger: logger)
        self.metadata = metadata
        self.replicas = replicas
        self.topicConfigs = topicConfigs
        let leadership = self.leadership
        replicas.leadershipChanges.withLockedValue { hook in
            hook = { leading, notLeading in leadership.observe(leading: leading, notLeading: notLeading) }
        }
    }

    /// The group APIs, for the handler registry (FindCoordinator, shared with transactions, is built by the node).
    var handlers: [RegisteredHandler] {
        [
            RegisteredHandler(JoinGroupHandler(coordinator: coordinator)),
            RegisteredHandler(SyncGroupHandler(coordinator: coordinator)),
            RegisteredHandler(HeartbeatHandler(coordinator: coordinator)),
            RegisteredHandler(LeaveGroupHandler(coordinator: coordinator)),
            RegisteredHandler(OffsetCommitHandler(coordinator: coordinator, metadata: metadata)),
            RegisteredHandler(OffsetFetchHandler(coordinator: coordinator)),
            RegisteredHandler(ListGroupsHandler(coordinator: coordinator)),
            RegisteredHandler(DescribeGroupsHandler(coordinator: coordinator)),
            RegisteredHandler(DeleteGroupsHandler(coordinator: coordinator)),
            RegisteredHandler(OffsetDeleteHandler(coordinator: coordinator, metadata: metadata)),
            RegisteredHandler(TxnOffsetCommitHandler(coordinator: coordinator, metadata: metadata)),
            RegisteredHandler(writeTxnMarkers),
        ]
    }

    /// WriteTxnMarkers is served here because a marker on an offsets partition completes the producer's
    /// TxnOffsetCommit offsets in the group coordinator.
    private var writeTxnMarkers: WriteTxnMarkersHandler {
        let coordinator = self.coordinator
        var handler = WriteTxnMarkersHandler(replicas: replicas, metadata: metadata, topicConfigs: topicConfigs)
        handler.offsetsMarkerReplicated = { partition, producerID, commit in
            await coordinator.completeTransaction(offsetsPartition: partition.partition.rawValue,
                                                  producerID: producerID, commit: commit)
        }
        return handler
    }

    /// The coordinator's timers (join phases, sessions, offset expiry) and the leadership tracker; both run
    /// until their tasks are cancelled.
    func start() -> [Task<Void, Never>] {
        let coordinator = self.coordinator
        let leadership = self.leadership
        return [
            Task { await coordinator.run() },
            Task { await leadership.run(coordinator: coordinator) },
        ]
    }
}

extension GroupCoordinatorConfig {
    /// The coordinator's settings from the broker's `group.*` and `offsets.*` keys.
    init(_ config: BrokerConfig) {
        self.init()
        offsetsTopicPartitionCount = config.offsetsTopicNumPartitions
        groupMinSessionTimeoutMs = Int32(clamping: config.groupMinSessionTimeoutMs)
        groupMaxSessionTimeoutMs = Int32(clamping: config.groupMaxSessionTimeoutMs)
        groupInitialRebalanceDelayMs = Int64(config.groupInitialRebalanceDelayMs)
        groupMaxSize = config.groupMaxSize
        offsetsRetentionMs = Int64(config.offsetsRetentionMinutes) * 60_000
    }
}
