import KafkaModel
import ZooKeeperClient

/// Topics, partition states, configs and notifications: what the controller and the admin paths read and write.
extension ClusterMetadataStore {
    // MARK: Reads

    /// Every topic, sorted.
    /// - Parameter watcher: a one-shot child watch on `/brokers/topics`.
    public func topicNames(watcher: ZooKeeperWatcher? = nil) async throws -> [TopicName] {
        try await childrenIfExists(TopicZNode.topicsPath, watcher: watcher).map { TopicName($0) }.sorted()
    }

    /// A topic's assignment and its znode version, or `nil` if the topic does not exist.
    /// - Parameter watcher: a one-shot data watch on the topic znode.
    public func topic(_ topic: TopicName, watcher: ZooKeeperWatcher? = nil) async throws
        -> (topic: TopicZNode, version: Int32)?
    {
        guard let node = try await dataIfExists(TopicZNode.path(topic), watcher: watcher) else { return nil }
        return (try TopicZNode.decode(node.data, topic: topic), node.stat.version)
    }

    /// A partition's leader and ISR with its znode version (the partition zkVersion), or `nil` before the first
    /// election.
    public func partitionState(_ partition: TopicPartition) async throws
        -> (state: PartitionStateZNode, version: Int32)?
    {
        guard let node = try await dataIfExists(PartitionStateZNode.path(partition)) else { return nil }
        return (try PartitionStateZNode.decode(node.data, partition: partition), node.stat.version)
    }

    /// A topic's config overrides (`[:]` when there are none).
    public func topicConfig(_ topic: TopicName) async throws -> [String: String] {
        try await entityConfig(.topics, topic.rawValue)
    }

    /// An entity's config overrides, e.g. `.brokers` `"1"` or `"<default>"` (`[:]` when there are none).
    public func entityConfig(_ type: EntityConfigZNode.EntityType, _ name: String) async throws -> [String: String] {
        let path = EntityConfigZNode.path(type, name)
        guard let node = try await dataIfExists(path), !node.data.isEmpty else { return [:] }
        return try EntityConfigZNode.decode(node.data, path: path).config
    }

    /// Topics queued for deletion, sorted.
    /// - Parameter watcher: a one-shot child watch on `/admin/delete_topics`.
    public func topicsQueuedForDeletion(watcher: ZooKeeperWatcher? = nil) async throws -> [TopicName] {
        try await childrenIfExists(DeleteTopicZNode.deleteTopicsPath, watcher: watcher).map { TopicName($0) }.sorted()
    }

    /// Pending ISR-change notifications in sequence order, with the partitions each names.
    /// - Parameter watcher: a one-shot child watch on `/isr_change_notification`.
    public func isrChangeNotifications(watcher: ZooKeeperWatcher? = nil) async throws
        -> [(name: String, partitions: [TopicPartition])]
    {
        var notifications: [(name: String, partitions: [TopicPartition])] = []
        let root = PartitionListZNode.isrChangeNotificationsPath
        for name in try await childrenIfExists(root, watcher: watcher).sorted() {
            guard let node = try await dataIfExists("\(root)/\(name)") else { continue }
            notifications.append((name, try PartitionListZNode.decode(node.data, path: "\(root)/\(name)").partitions))
        }
        return notifications
    }

    // MARK: Admin writes (any broker or tool)

    /// Creates a topic as Kafka's `AdminZkClient` does: the config znode first, then the assignment znode
    /// (whose creation is what the controller watches).
    /// - Throws: `ZooKeeperError` `nodeExists` if the topic exists.
    public func createTopic(_ topic: TopicName, _ assignment: TopicZNode, config: [String: String] = [:]) async throws {
        let configPath = EntityConfigZNode.topicPath(topic)
        let configData = EntityConfigZNode(config: config).encoded()
        do {
            try await zooKeeper.create(configPath, data: configData)
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            try await zooKeeper.setData(configPath, data: configData)
        }
        try await zooKeeper.create(TopicZNode.path(topic), data: assignment.encoded())
    }

    /// Rewrites a topic's assignment if its version is still `expectedVersion` (-1: any).
    /// - Returns: the new version.
    @discardableResult
    public func setTopic(_ topic: TopicName, _ assignment: TopicZNode, expectedVersion: Int32) async throws -> Int32 {
        try await zooKeeper.setData(TopicZNode.path(topic), data: assignment.encoded(),
                                    expectedVersion: expectedVersion).version
    }

    /// Queues a topic for deletion (`/admin/delete_topics/<t>`); already queued is fine.
    public func queueTopicDeletion(_ topic: TopicName) async throws {
        do {
            try await zooKeeper.create(DeleteTopicZNode.path(topic))
        } catch let error as ZooKeeperError where error.code == .nodeExists {}
    }

    /// Writes an entity's config and announces it with a `config_change_` notification, as Kafka does.
    public func setEntityConfig(_ type: EntityConfigZNode.EntityType, _ name: String, _ config: [String: String])
        async throws
    {
        try await setConfig(ConfigChangeNotificationZNode(type, name), config)
    }

    /// Writes the config of the entity `change` names (`/config/<entity path>`), then the notification.
    func setConfig(_ change: ConfigChangeNotificationZNode, _ config: [String: String]) async throws {
        let path = "/config/\(change.entityPath)"
        let data = EntityConfigZNode(config: config).encoded()
        do {
            try await zooKeeper.setData(path, data: data)
        } catch let error as ZooKeeperError where error.code == .noNode {
            try await zooKeeper.createRecursively(path, data: data)
        }
        try await zooKeeper.create(ConfigChangeNotificationZNode.sequentialPrefix, data: change.encoded(),
                                   mode: .persistentSequential)
    }

    /// Records that a leader changed these partitions' ISR (persistent-sequential notification).
    /// - Returns: the created path.
    @discardableResult
    public func notifyIsrChange(_ partitions: [TopicPartition]) async throws -> String {
        try await zooKeeper.create(PartitionListZNode.isrChangeSequentialPrefix,
                                   data: PartitionListZNode(partitions: partitions).encoded(),
                                   mode: .persistentSequential)
    }

    /// Reserves the next block of `ProducerIDBlockZNode.blockSize` producer ids (conditional setData on
    /// `/latest_producer_id_block`, retried on a lost race). First block: 0...999.
    public func allocateProducerIDBlock(for broker: BrokerID) async throws -> ClosedRange<Int64> {
        while true {
            let current = try await dataIfExists(ProducerIDBlockZNode.path)
            let start: Int64
            if let current, !current.data.isEmpty {
                let previousEnd = try ProducerIDBlockZNode.decode(current.data).blockEnd
                // The znode may hold anything: ids must stay non-negative and the block must fit below Int64.max.
                guard previousEnd >= -1, previousEnd < Int64.max - ProducerIDBlockZNode.blockSize else {
                    throw ClusterMetadataError.producerIDsExhausted(previousEnd)
                }
                start = previousEnd + 1
            } else {
                start = 0
            }
            let block = ProducerIDBlockZNode(brokerID: broker, blockStart: start,
                                             blockEnd: start + ProducerIDBlockZNode.blockSize - 1)
            do {
                if let current {
                    try await zooKeeper.setData(ProducerIDBlockZNode.path, data: block.encoded(),
                                                expectedVersion: current.stat.version)
                } else {
                    try await zooKeeper.create(ProducerIDBlockZNode.path, data: block.encoded())
                }
                return block.blockStart...block.blockEnd
            } catch let error as ZooKeeperError where error.code == .badVersion || error.code == .nodeExists {
                continue
            }
        }
    }

    // MARK: Controller writes (fenced by the controller epoch)

    /// Creates a partition's state znode (and its parents) at its first election.
    /// - Returns: the znode version (0).
    /// - Throws: `ClusterMetadataError.controllerMoved`, or `ZooKeeperError` `nodeExists`.
    @discardableResult
    public func createPartitionState(_ partition: TopicPartition, _ state: PartitionStateZNode,
                                     fence: ControllerEpochVersion) async throws -> Int32
    {
        let partitionsPath = PartitionStateZNode.partitionsPath(partition.topic)
        let partitionPath = PartitionStateZNode.partitionPath(partition)
        var operations: [ZooKeeperOperation] = []
        if try await zooKeeper.exists(partitionsPath) == nil {
            operations.append(.create(path: partitionsPath, data: nil, mode: .persistent))
        }
        if try await zooKeeper.exists(partitionPath) == nil {
            operations.append(.create(path: partitionPath, data: nil, mode: .persistent))
        }
        operations.append(.create(path: PartitionStateZNode.path(partition), data: state.encoded(), mode: .persistent))
        do {
            _ = try await epochCheckedMulti(operations, fence: fence)
        } catch let error as ZooKeeperError where error.code == .nodeExists && error.path != PartitionStateZNode.path(partition) {
            // Another writer created a parent between our check and the multi: retry once with fresh checks.
            return try await createPartitionState(partition, state, fence: fence)
        }
        return 0
    }

    /// Rewrites a partition's state znode if its version is still `expectedVersion`.
    /// - Returns: the new version.
    /// - Throws: `ClusterMetadataError.controllerMoved`, or `ZooKeeperError` `badVersion` on a lost race.
    @discardableResult
    public func updatePartitionState(_ partition: TopicPartition, _ state: PartitionStateZNode, expectedVersion: Int32,
                                     fence: ControllerEpochVersion) async throws -> Int32
    {
        let results = try await epochCheckedMulti(
            [.setData(path: PartitionStateZNode.path(partition), data: state.encoded(), version: expectedVersion)],
            fence: fence)
        guard case .dataSet(let stat) = results.first else { throw ClusterMetadataError.unexpectedMultiResult }
        return stat.version
    }

    /// Rewrites several partitions' state znodes in one ZooKeeper transaction, each conditional on its version.
    /// One transaction for a hundred znodes costs ZooKeeper about what one write does, which is what lets a
    /// controller re-elect thousands of partitions in a fraction of a second.
    /// - Returns: the new versions, in order; nil when a version no longer matched or a znode is gone, in which
    ///   case nothing was written.
    /// - Throws: `ClusterMetadataError.controllerMoved`, or the `ZooKeeperError` of a failed request.
    public func updatePartitionStates(_ updates: [PartitionStateUpdate], fence: ControllerEpochVersion) async throws
        -> [Int32]?
    {
        let operations = updates.map {
            ZooKeeperOperation.setData(path: PartitionStateZNode.path($0.partition), data: $0.state.encoded(),
                                       version: $0.expectedVersion)
        }
        let results: [ZooKeeperOperationResult]
        do {
            results = try await epochCheckedMulti(operations, fence: fence)
        } catch let error as ZooKeeperError where error.code == .badVersion || error.code == .noNode {
            return nil
        }
        return try results.map { result in
            guard case .dataSet(let stat) = result else { throw ClusterMetadataError.unexpectedMultiResult }
            return stat.version
        }
    }

    /// Removes a deleted topic's znodes: partition states, assignment, config, then the deletion marker.
    public func completeTopicDeletion(_ topic: TopicName, fence: ControllerEpochVersion) async throws {
        var operations: [ZooKeeperOperation] = []
        let partitionsPath = PartitionStateZNode.partitionsPath(topic)
        for partition in try await childrenIfExists(partitionsPath) {
            let partitionPath = "\(partitionsPath)/\(partition)"
            for child in try await childrenIfExists(partitionPath) {
                operations.append(.delete(path: "\(partitionPath)/\(child)", version: -1))
            }
            operations.append(.delete(path: partitionPath, version: -1))
        }
        if try await zooKeeper.exists(partitionsPath) != nil { operations.append(.delete(path: partitionsPath, version: -1)) }
        if try await zooKeeper.exists(TopicZNode.path(topic)) != nil {
            operations.append(.delete(path: TopicZNode.path(topic), version: -1))
        }
        if try await zooKeeper.exists(EntityConfigZNode.topicPath(topic)) != nil {
            operations.append(.delete(path: EntityConfigZNode.topicPath(topic), version: -1))
        }
        if try await zooKeeper.exists(DeleteTopicZNode.path(topic)) != nil {
            operations.append(.delete(path: DeleteTopicZNode.path(topic), version: -1))
        }
        if !operations.isEmpty { _ = try await epochCheckedMulti(operations, fence: fence) }
    }

    /// Removes processed ISR-change notifications (by znode name).
    public func deleteIsrChangeNotifications(_ names: [String], fence: ControllerEpochVersion) async throws {
        try await deleteNotifications(names, under: PartitionListZNode.isrChangeNotificationsPath, fence: fence)
    }

    /// Removes processed notifications (children of `root`, by name) in one epoch-checked multi; ones already gone
    /// are fine.
    func deleteNotifications(_ names: [String], under root: String, fence: ControllerEpochVersion) async throws {
        guard !names.isEmpty else { return }
        do {
            _ = try await epochCheckedMulti(names.map { .delete(path: "\(root)/\($0)", version: -1) }, fence: fence)
        } catch let error as ZooKeeperError where error.code == .noNode {
            // Some were already gone: delete the rest one by one.
            for name in names {
                do {
                    _ = try await epochCheckedMulti([.delete(path: "\(root)/\(name)", version: -1)], fence: fence)
                } catch let error as ZooKeeperError where error.code == .noNode {}
            }
        }
    }
}
