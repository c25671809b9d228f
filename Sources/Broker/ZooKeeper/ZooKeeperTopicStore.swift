import ClusterMetadata
import KafkaModel
import ZooKeeperClient

/// Topic metadata in Kafka's znodes, as request handlers change it (any broker may write these; the
/// controller reacts to the watches): `/config/topics/<t>` then `/brokers/topics/<t>` on creation,
/// `/admin/delete_topics/<t>` to delete, `/config/changes/config_change_<seq>` after a config write,
/// `/latest_producer_id_block` for producer ids.
struct ZooKeeperTopicStore: TopicStore {
    let session: ZooKeeperSession
    let brokerID: BrokerID

    /// The store over the session's current client (a new one after an expiry).
    private var metadata: ClusterMetadataStore {
        get async throws { ClusterMetadataStore(try await session.client()) }
    }

    func createTopic(_ topic: TopicName, assignment: [[BrokerID]], configs: [String: String]) async throws {
        let node = TopicZNode(topicID: ZNodeUUID.random(), partitions: Self.byIndex(assignment))
        // Config first: the controller may act as soon as the assignment appears.
        let configPath = EntityConfigZNode.topicPath(topic)
        do {
            try await self.metadata.zooKeeper.create(configPath, data: EntityConfigZNode(config: configs).encoded())
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            _ = try await self.metadata.zooKeeper.setData(configPath, data: EntityConfigZNode(config: configs).encoded())
        }
        // Brokers learn overrides (min.insync.replicas, retention, ...) from change notifications; without one
        // they would apply broker defaults to the new topic until its config next changed.
        if !configs.isEmpty {
            _ = try await self.metadata.zooKeeper.create(ConfigChangeNotificationZNode.sequentialPrefix,
                                                         data: ConfigChangeNotificationZNode(.topics, topic.rawValue).encoded(),
                                                         mode: .persistentSequential)
        }
        do {
            try await self.metadata.zooKeeper.create(TopicZNode.path(topic), data: node.encoded())
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            throw TopicStoreError.topicExists
        }
    }

    func assignment(of topic: TopicName) async throws -> [[BrokerID]]? {
        guard let node = try await self.metadata.dataIfExists(TopicZNode.path(topic)) else { return nil }
        let decoded = try TopicZNode.decode(node.data, topic: topic)
        return decoded.partitions.keys.sorted().map { decoded.partitions[$0]! }
    }

    func addPartitions(_ topic: TopicName, assignment: [[BrokerID]]) async throws {
        let path = TopicZNode.path(topic)
        guard let node = try await self.metadata.dataIfExists(path) else { throw TopicStoreError.noSuchTopic }
        var decoded = try TopicZNode.decode(node.data, topic: topic)
        decoded.partitions = Self.byIndex(assignment)
        _ = try await self.metadata.zooKeeper.setData(path, data: decoded.encoded(), expectedVersion: node.stat.version)
    }

    func markForDeletion(_ topic: TopicName) async throws {
        do {
            try await self.metadata.zooKeeper.create(DeleteTopicZNode.path(topic))
        } catch let error as ZooKeeperError where error.code == .nodeExists {}
    }

    func topicConfig(_ topic: TopicName) async throws -> [String: String] {
        let path = EntityConfigZNode.topicPath(topic)
        guard let node = try await self.metadata.dataIfExists(path) else { return [:] }
        return try EntityConfigZNode.decode(node.data, path: path).config
    }

    func setTopicConfig(_ topic: TopicName, _ configs: [String: String]) async throws {
        let path = EntityConfigZNode.topicPath(topic)
        let data = EntityConfigZNode(config: configs).encoded()
        do {
            _ = try await self.metadata.zooKeeper.setData(path, data: data)
        } catch let error as ZooKeeperError where error.code == .noNode {
            try await self.metadata.zooKeeper.create(path, data: data)
        }
        // Every broker re-reads the entity when it sees the notification.
        _ = try await self.metadata.zooKeeper.create(ConfigChangeNotificationZNode.sequentialPrefix,
                                       data: ConfigChangeNotificationZNode(.topics, topic.rawValue).encoded(),
                                       mode: .persistentSequential)
    }

    func allocateProducerIDBlock() async throws -> ClosedRange<Int64> {
        // The shared implementation treats the empty znode made with the persistent paths as "no block yet".
        try await self.metadata.allocateProducerIDBlock(for: brokerID)
    }

    static func byIndex(_ assignment: [[BrokerID]]) -> [PartitionIndex: [BrokerID]] {
        var partitions: [PartitionIndex: [BrokerID]] = [:]
        for (index, replicas) in assignment.enumerated() { partitions[PartitionIndex(Int32(index))] = replicas }
        return partitions
    }
}
