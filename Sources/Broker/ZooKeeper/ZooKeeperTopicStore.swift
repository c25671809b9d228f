import ClusterMetadata
import KafkaModel
import ZooKeeperClient

/// Topic metadata as request handlers change it, over `ClusterMetadataStore` (Kafka's znodes; any broker may
/// write them and the controller reacts to its watches). Each call uses the session's current client.
struct ZooKeeperTopicStore: TopicStore {
    let session: ZooKeeperSession
    let brokerID: BrokerID

    private func store() async throws -> ClusterMetadataStore {
        ClusterMetadataStore(try await session.client())
    }

    func createTopic(_ topic: TopicName, assignment: [[BrokerID]], configs: [String: String]) async throws {
        do {
            try await store().createTopic(
                topic, TopicZNode(topicID: ZNodeUUID.random(), partitions: Self.byIndex(assignment)), config: configs)
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            throw TopicStoreError.topicExists
        }
        // Brokers learn overrides (min.insync.replicas, retention, ...) from change notifications; without one
        // they would apply broker defaults to the new topic until its config next changed.
        if !configs.isEmpty {
            _ = try await store().zooKeeper.create(
                ConfigChangeNotificationZNode.sequentialPrefix,
                data: ConfigChangeNotificationZNode(.topics, topic.rawValue).encoded(), mode: .persistentSequential)
        }
    }

    func assignment(of topic: TopicName) async throws -> StoredTopicAssignment? {
        guard let (node, _) = try await store().topic(topic) else { return nil }
        return StoredTopicAssignment(replicas: node.partitions.keys.sorted().map { node.partitions[$0]! },
                                     isBeingReassigned: Self.isBeingReassigned(node))
    }

    func addPartitions(_ topic: TopicName, assignment: [[BrokerID]]) async throws {
        let store = try await store()
        guard case (var node, let version)? = try await store.topic(topic) else { throw TopicStoreError.noSuchTopic }
        // Checked on the version the write is conditional on, so a move cannot start in between.
        guard !Self.isBeingReassigned(node) else { throw TopicStoreError.reassignmentInProgress }
        node.partitions = Self.byIndex(assignment)
        _ = try await store.setTopic(topic, node, expectedVersion: version)
    }

    func markForDeletion(_ topic: TopicName) async throws {
        try await store().queueTopicDeletion(topic)
    }

    func topicConfig(_ topic: TopicName) async throws -> [String: String] {
        try await store().topicConfig(topic)
    }

    func setTopicConfig(_ topic: TopicName, _ configs: [String: String]) async throws {
        try await store().setEntityConfig(.topics, topic.rawValue, configs)
    }

    func brokerConfig(_ entity: String) async throws -> [String: String] {
        try await store().entityConfig(.brokers, entity)
    }

    func setBrokerConfig(_ entity: String, _ configs: [String: String]) async throws {
        try await store().setEntityConfig(.brokers, entity, configs)
    }

    func allocateProducerIDBlock() async throws -> ClosedRange<Int64> {
        try await store().allocateProducerIDBlock(for: brokerID)
    }

    static func byIndex(_ assignment: [[BrokerID]]) -> [PartitionIndex: [BrokerID]] {
        var partitions: [PartitionIndex: [BrokerID]] = [:]
        for (index, replicas) in assignment.enumerated() { partitions[PartitionIndex(Int32(index))] = replicas }
        return partitions
    }

    private static func isBeingReassigned(_ node: TopicZNode) -> Bool {
        node.addingReplicas.values.contains { !$0.isEmpty } || node.removingReplicas.values.contains { !$0.isEmpty }
    }
}
