import ClusterMetadata
import Controller
import KafkaModel
import NIOConcurrencyHelpers
import ZooKeeperClient

/// The controller's store over ZooKeeper, in Kafka's layout. Reads re-arm one-shot watches (as Kafka's
/// controller does); watch events become `ControllerStoreChange`s. Writes are epoch-checked multis, so a
/// controller that lost the election cannot change anything.
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

    /// Stops reporting changes (resignation or session loss).
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

    /// The store over the session's current client (a new one after an expiry).
    private var metadata: ClusterMetadataStore {
        get async throws { ClusterMetadataStore(try await session.client()) }
    }

    func liveBrokers() async throws -> [LiveBroker] {
        _ = try await self.metadata.brokerIDs(watcher: watch(.brokers))
        return try await self.metadata.liveBrokers().map { broker in
            LiveBroker(id: broker.id, epoch: broker.epoch,
                       endpoints: broker.registration.endpoints.map {
                           LiveBroker.Endpoint(listener: $0.listenerName, host: $0.host, port: Int($0.port))
                       },
                       rack: broker.registration.rack)
        }
    }

    func topicNames() async throws -> [TopicName] {
        try await self.metadata.childrenIfExists(TopicZNode.topicsPath, watcher: watch(.topics)).map { TopicName($0) }
    }

    func topicAssignment(_ topic: TopicName) async throws -> TopicAssignment? {
        guard let node = try await self.metadata.dataIfExists(TopicZNode.path(topic), watcher: watch(.topicAssignment(topic)))
        else { return nil }
        let decoded = try TopicZNode.decode(node.data, topic: topic)
        return TopicAssignment(partitions: decoded.partitions, addingReplicas: decoded.addingReplicas,
                               removingReplicas: decoded.removingReplicas)
    }

    func partitionState(_ partition: TopicPartition) async throws -> StoredPartitionState? {
        guard let node = try await self.metadata.dataIfExists(PartitionStateZNode.path(partition)) else { return nil }
        let decoded = try PartitionStateZNode.decode(node.data, partition: partition)
        return StoredPartitionState(
            state: LeaderAndISR(leader: decoded.leader, leaderEpoch: decoded.leaderEpoch, isr: decoded.isr,
                                controllerEpoch: decoded.controllerEpoch),
            version: node.stat.version)
    }

    func topicConfig(_ topic: TopicName) async throws -> [String: String] {
        let path = EntityConfigZNode.topicPath(topic)
        guard let node = try await self.metadata.dataIfExists(path) else { return [:] }
        return try EntityConfigZNode.decode(node.data, path: path).config
    }

    func topicsQueuedForDeletion() async throws -> [TopicName] {
        try await self.metadata.childrenIfExists(DeleteTopicZNode.deleteTopicsPath, watcher: watch(.topicDeletions))
            .map { TopicName($0) }
    }

    func isrChangeNotifications() async throws -> [(name: String, partitions: [TopicPartition])] {
        let names = try await self.metadata.childrenIfExists(PartitionListZNode.isrChangeNotificationsPath,
                                                        watcher: watch(.isrChangeNotifications))
        var notifications: [(name: String, partitions: [TopicPartition])] = []
        for name in names.sorted() {
            let path = PartitionListZNode.isrChangeNotificationsPath + "/" + name
            guard let node = try await self.metadata.dataIfExists(path) else { continue }
            let decoded = (try? PartitionListZNode.decode(node.data, path: path))?.partitions ?? []
            notifications.append((name, decoded))
        }
        return notifications
    }

    func createPartitionState(_ partition: TopicPartition, _ state: LeaderAndISR, fence: ControllerFence)
        async throws -> Int32
    {
        // The parents are persistent and empty; creating them outside the fenced multi is harmless.
        for parent in [PartitionStateZNode.partitionsPath(partition.topic), PartitionStateZNode.partitionPath(partition)] {
            do { try await self.metadata.zooKeeper.create(parent) } catch let error as ZooKeeperError where error.code == .nodeExists {}
        }
        do {
            let results = try await self.metadata.epochCheckedMulti(
                [.create(path: PartitionStateZNode.path(partition), data: encode(state), mode: .persistent)],
                fence: fence.epochVersion)
            _ = results
            return 0
        } catch ClusterMetadataError.controllerMoved {
            throw ControllerStoreError.controllerMoved
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            // Written by a previous controller that died before telling the brokers: take it over.
            guard let existing = try await partitionState(partition) else { throw error }
            return try await updatePartitionState(partition, state, expectedVersion: existing.version, fence: fence)
        }
    }

    func updatePartitionState(_ partition: TopicPartition, _ state: LeaderAndISR, expectedVersion: Int32,
                              fence: ControllerFence) async throws -> Int32
    {
        do {
            let results = try await self.metadata.epochCheckedMulti(
                [.setData(path: PartitionStateZNode.path(partition), data: encode(state), version: expectedVersion)],
                fence: fence.epochVersion)
            guard case .dataSet(let stat) = results.first else { return expectedVersion + 1 }
            return stat.version
        } catch ClusterMetadataError.controllerMoved {
            throw ControllerStoreError.controllerMoved
        } catch let error as ZooKeeperError where error.code == .badVersion {
            throw ControllerStoreError.versionConflict
        } catch let error as ZooKeeperError where error.code == .noNode {
            throw ControllerStoreError.noNode(PartitionStateZNode.path(partition))
        }
    }

    func completeTopicDeletion(_ topic: TopicName, fence: ControllerFence) async throws {
        // Kafka deletes the topic tree, the config and the marker; the epoch check guards the marker removal,
        // which is what makes the deletion "done".
        try? await self.metadata.zooKeeper.deleteRecursively(TopicZNode.path(topic))
        try? await self.metadata.zooKeeper.delete(EntityConfigZNode.topicPath(topic))
        do {
            _ = try await self.metadata.epochCheckedMulti([.delete(path: DeleteTopicZNode.path(topic), version: -1)],
                                                     fence: fence.epochVersion)
        } catch ClusterMetadataError.controllerMoved {
            throw ControllerStoreError.controllerMoved
        } catch let error as ZooKeeperError where error.code == .noNode {}
    }

    func deleteIsrChangeNotifications(_ names: [String], fence: ControllerFence) async throws {
        guard !names.isEmpty else { return }
        do {
            _ = try await self.metadata.epochCheckedMulti(
                names.map { .delete(path: PartitionListZNode.isrChangeNotificationsPath + "/" + $0, version: -1) },
                fence: fence.epochVersion)
        } catch ClusterMetadataError.controllerMoved {
            throw ControllerStoreError.controllerMoved
        } catch let error as ZooKeeperError where error.code == .noNode {
            // Another pass removed some already; remove the rest one by one.
            for name in names {
                try? await self.metadata.zooKeeper.delete(PartitionListZNode.isrChangeNotificationsPath + "/" + name)
            }
        }
    }

    // MARK: Reassignment

    func reassignmentRequest() async throws -> [TopicPartition: [BrokerID]]? {
        let metadata = try await self.metadata
        // An exists watch fires on creation, data change and deletion alike.
        guard try await metadata.zooKeeper.exists(ReassignPartitionsZNode.path,
                                                  watcher: watch(.reassignmentRequest)) != nil,
              let node = try await metadata.dataIfExists(ReassignPartitionsZNode.path)
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
            _ = try await self.metadata.epochCheckedMulti([operation], fence: fence.epochVersion)
        } catch ClusterMetadataError.controllerMoved {
            throw ControllerStoreError.controllerMoved
        } catch let error as ZooKeeperError where error.code == .noNode {
            // Removed by someone else meanwhile: nothing left to record.
        }
    }

    func updateTopicAssignment(_ topic: TopicName, _ assignment: TopicAssignment, fence: ControllerFence)
        async throws
    {
        let metadata = try await self.metadata
        guard let node = try await metadata.dataIfExists(TopicZNode.path(topic)) else {
            throw ControllerStoreError.noNode(TopicZNode.path(topic))
        }
        let topicID = try TopicZNode.decode(node.data, topic: topic).topicID
        let updated = TopicZNode(topicID: topicID, partitions: assignment.partitions,
                                 addingReplicas: assignment.addingReplicas,
                                 removingReplicas: assignment.removingReplicas)
        do {
            _ = try await metadata.epochCheckedMulti(
                [.setData(path: TopicZNode.path(topic), data: updated.encoded(), version: -1)],
                fence: fence.epochVersion)
        } catch ClusterMetadataError.controllerMoved {
            throw ControllerStoreError.controllerMoved
        } catch let error as ZooKeeperError where error.code == .noNode {
            throw ControllerStoreError.noNode(TopicZNode.path(topic))
        }
    }

    private func encode(_ state: LeaderAndISR) -> [UInt8] {
        PartitionStateZNode(leader: state.leader, leaderEpoch: state.leaderEpoch,
                            controllerEpoch: state.controllerEpoch, isr: state.isr).encoded()
    }
}

extension ControllerFence {
    /// The same proof in ClusterMetadata's terms, for its epoch-checked writes.
    var epochVersion: ControllerEpochVersion {
        ControllerEpochVersion(epoch: epoch, epochZkVersion: epochZkVersion)
    }
}
