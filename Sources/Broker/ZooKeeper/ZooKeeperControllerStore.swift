import ClusterMetadata
import Controller
import KafkaModel
import NIOConcurrencyHelpers
import ZooKeeperClient

/// The controller's store over ZooKeeper: an adapter from `ControllerStore` to `ClusterMetadataStore`, which
/// knows Kafka's layout. Reads re-arm one-shot watches (as Kafka's controller does) and watch events become
/// `ControllerStoreChange`s; writes are epoch-checked multis, so a controller that lost the election cannot
/// change anything. Each call uses the session's current client, so it keeps working after a session expiry.
final class ZooKeeperControllerStore: ControllerStore {
    private let session: ZooKeeperSession
    /// The stream of the current activation; each `changes()` call (one per activation) starts a new one.
    private let continuation = NIOLockedValueBox<AsyncStream<ControllerStoreChange>.Continuation?>(nil)

    init(session: ZooKeeperSession) {
        self.session = session
    }

    func changes() -> AsyncStream<ControllerStoreChange> {
        let (stream, fresh) = AsyncStream<ControllerStoreChange>.makeStream()
        continuation.withLockedValue { current in
            current?.finish()
            current = fresh
        }
        return stream
    }

    /// Stops reporting changes (resignation or shutdown).
    func finish() {
        continuation.withLockedValue { current in
            current?.finish()
            current = nil
        }
    }

    private func watch(_ change: ControllerStoreChange) -> ZooKeeperWatcher {
        let continuation = self.continuation
        return { event in
            if case .sessionEnded = event.kind { return }
            _ = continuation.withLockedValue { $0?.yield(change) }
        }
    }

    /// Waits while the current session is connecting again after a connection loss; `true` once it is
    /// connected again. Between sessions, or when the session ends meanwhile, it does not wait (`false`): the
    /// expiry ends this controller anyway, and waiting for the next session would hold up its resignation.
    func waitUntilReachable() async -> Bool {
        guard let client = await session.currentClient, client.sessionState == .connecting else { return false }
        for await state in client.sessionStates() where state != .connecting {
            return state == .connected
        }
        return false  // cancelled: the controller is resigning
    }

    private func store() async throws -> ClusterMetadataStore {
        ClusterMetadataStore(try await session.client())
    }

    func liveBrokers() async throws -> [LiveBroker] {
        let store = try await store()
        _ = try await store.brokerIDs(watcher: watch(.brokers))
        return try await store.liveBrokers().map { broker in
            LiveBroker(id: broker.id, epoch: broker.epoch,
                       endpoints: broker.registration.endpoints.map {
                           LiveBroker.Endpoint(listener: $0.listenerName, host: $0.host, port: Int($0.port))
                       },
                       rack: broker.registration.rack)
        }
    }

    func topicNames() async throws -> [TopicName] {
        try await store().topicNames(watcher: watch(.topics))
    }

    func topicAssignment(_ topic: TopicName) async throws -> TopicAssignment? {
        guard let (node, _) = try await store().topic(topic, watcher: watch(.topicAssignment(topic))) else { return nil }
        return TopicAssignment(partitions: node.partitions, addingReplicas: node.addingReplicas,
                               removingReplicas: node.removingReplicas, topicID: node.topicID)
    }

    func partitionState(_ partition: TopicPartition) async throws -> StoredPartitionState? {
        guard let (node, version) = try await store().partitionState(partition) else { return nil }
        return StoredPartitionState(
            state: LeaderAndISR(leader: node.leader, leaderEpoch: node.leaderEpoch, isr: node.isr,
                                controllerEpoch: node.controllerEpoch),
            version: version)
    }

    func topicConfig(_ topic: TopicName) async throws -> [String: String] {
        try await store().topicConfig(topic)
    }

    func topicsQueuedForDeletion() async throws -> [TopicName] {
        try await store().topicsQueuedForDeletion(watcher: watch(.topicDeletions))
    }

    func isrChangeNotifications() async throws -> [(name: String, partitions: [TopicPartition])] {
        try await store().isrChangeNotifications(watcher: watch(.isrChangeNotifications))
    }

    func logDirEventNotifications() async throws -> [(name: String, broker: BrokerID?)] {
        try await store().logDirEventNotifications(watcher: watch(.logDirEventNotifications)).map { notification in
            (notification.name, try? notification.event.get().brokerID)
        }
    }

    func createPartitionState(_ partition: TopicPartition, _ state: LeaderAndISR, fence: ControllerFence)
        async throws -> Int32
    {
        try await fenced {
            do {
                return try await store().createPartitionState(partition, Self.znode(state), fence: fence.epochVersion)
            } catch let error as ZooKeeperError where error.code == .nodeExists {
                // Written by a previous controller that died before telling the brokers: take it over.
                guard let existing = try await partitionState(partition) else { throw error }
                return try await updatePartitionState(partition, state, expectedVersion: existing.version,
                                                      fence: fence)
            }
        }
    }

    func updatePartitionState(_ partition: TopicPartition, _ state: LeaderAndISR, expectedVersion: Int32,
                              fence: ControllerFence) async throws -> Int32
    {
        try await fenced {
            try await store().updatePartitionState(partition, Self.znode(state), expectedVersion: expectedVersion,
                                                   fence: fence.epochVersion)
        }
    }

    func updatePartitionStates(_ writes: [PartitionStateWrite], fence: ControllerFence) async throws -> [Int32]? {
        try await fenced {
            try await store().updatePartitionStates(
                writes.map {
                    PartitionStateUpdate(partition: $0.partition, state: Self.znode($0.state),
                                         expectedVersion: $0.expectedVersion)
                },
                fence: fence.epochVersion)
        }
    }

    func completeTopicDeletion(_ topic: TopicName, fence: ControllerFence) async throws {
        try await fenced { try await store().completeTopicDeletion(topic, fence: fence.epochVersion) }
    }

    func deleteIsrChangeNotifications(_ names: [String], fence: ControllerFence) async throws {
        try await fenced { try await store().deleteIsrChangeNotifications(names, fence: fence.epochVersion) }
    }

    func deleteLogDirEventNotifications(_ names: [String], fence: ControllerFence) async throws {
        try await fenced { try await store().deleteLogDirEventNotifications(names, fence: fence.epochVersion) }
    }

    /// Maps ZooKeeper's answers to a fenced write onto the controller's vocabulary.
    private func fenced<T>(_ write: () async throws -> T) async throws -> T {
        do {
            return try await write()
        } catch ClusterMetadataError.controllerMoved {
            throw ControllerStoreError.controllerMoved
        } catch let error as ZooKeeperError where error.code == .badVersion {
            throw ControllerStoreError.versionConflict
        } catch let error as ZooKeeperError where error.code == .noNode {
            throw ControllerStoreError.noNode(error.path ?? "")
        }
    }

    // MARK: Reassignment

    func reassignmentRequest() async throws -> [TopicPartition: [BrokerID]]? {
        let store = try await store()
        // An exists watch fires on creation, data change and deletion alike.
        guard try await store.zooKeeper.exists(ReassignPartitionsZNode.path, watcher: watch(.reassignmentRequest)) != nil,
              let node = try await store.dataIfExists(ReassignPartitionsZNode.path)
        else { return nil }
        // A plan no controller can read is treated as empty, so the controller removes it (Kafka logs and
        // drops it too) rather than failing over and over.
        return (try? ReassignPartitionsZNode.decode(node.data))?.reassignments ?? [:]
    }

    func updateReassignmentRequest(_ remaining: [TopicPartition: [BrokerID]], fence: ControllerFence) async throws {
        let path = ReassignPartitionsZNode.path
        let operation: ZooKeeperOperation = remaining.isEmpty
            ? .delete(path: path, version: -1)
            : .setData(path: path, data: ReassignPartitionsZNode(reassignments: remaining).encoded(), version: -1)
        do {
            _ = try await fenced { try await store().epochCheckedMulti([operation], fence: fence.epochVersion) }
        } catch ControllerStoreError.noNode {
            // Removed by someone else meanwhile: nothing left to record.
        }
    }

    func updateTopicAssignment(_ topic: TopicName, _ assignment: TopicAssignment, fence: ControllerFence)
        async throws
    {
        let store = try await store()
        guard let (node, _) = try await store.topic(topic) else { throw ControllerStoreError.noNode(TopicZNode.path(topic)) }
        let updated = TopicZNode(topicID: node.topicID, partitions: assignment.partitions,
                                 addingReplicas: assignment.addingReplicas,
                                 removingReplicas: assignment.removingReplicas)
        _ = try await fenced {
            try await store.epochCheckedMulti(
                [.setData(path: TopicZNode.path(topic), data: updated.encoded(), version: -1)], fence: fence.epochVersion)
        }
    }

    private static func znode(_ state: LeaderAndISR) -> PartitionStateZNode {
        PartitionStateZNode(leader: state.leader, leaderEpoch: state.leaderEpoch,
                            controllerEpoch: state.controllerEpoch, isr: state.isr)
    }
}

extension ControllerFence {
    /// The same proof in ClusterMetadata's terms, for its epoch-checked writes.
    var epochVersion: ControllerEpochVersion {
        ControllerEpochVersion(epoch: epoch, epochZkVersion: epochZkVersion)
    }
}
