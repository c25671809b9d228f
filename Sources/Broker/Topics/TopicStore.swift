import KafkaModel

/// Topic metadata the request handlers change: in production the znodes of Kafka's layout
/// (`/brokers/topics/<t>`, `/config/topics/<t>`, `/admin/delete_topics/<t>`), which the controller watches and
/// acts on.
protocol TopicStore: Sendable {
    /// Writes the topic's config, then its assignment (Kafka's order: the controller may act as soon as the
    /// assignment appears). Throws `TopicStoreError.topicExists` when it exists.
    func createTopic(_ topic: TopicName, assignment: [[BrokerID]], configs: [String: String]) async throws
    /// The replica assignment by partition index, nil when the topic does not exist.
    func assignment(of topic: TopicName) async throws -> StoredTopicAssignment?
    /// Replaces the assignment with one that has more partitions (existing ones unchanged).
    /// Throws `TopicStoreError.reassignmentInProgress` when a partition started moving meanwhile.
    func addPartitions(_ topic: TopicName, assignment: [[BrokerID]]) async throws
    /// Queues the topic for deletion by the controller.
    func markForDeletion(_ topic: TopicName) async throws
    /// The topic's config overrides.
    func topicConfig(_ topic: TopicName) async throws -> [String: String]
    /// Replaces the topic's config overrides and notifies every broker.
    func setTopicConfig(_ topic: TopicName, _ configs: [String: String]) async throws
    /// A broker's dynamic config overrides (`/config/brokers/<entity>`: a broker id or `<default>`).
    func brokerConfig(_ entity: String) async throws -> [String: String]
    /// Replaces a broker's dynamic config overrides and notifies every broker.
    func setBrokerConfig(_ entity: String, _ configs: [String: String]) async throws
    /// Hands out the next block of producer ids (Kafka's `/latest_producer_id_block`, 1000 ids a block).
    func allocateProducerIDBlock() async throws -> ClosedRange<Int64>
}

enum TopicStoreError: Error, Equatable {
    case topicExists
    case noSuchTopic
    case reassignmentInProgress
}

/// A topic's replicas by partition index (during a move: the whole moving set) and whether any partition is
/// being reassigned.
struct StoredTopicAssignment: Sendable, Equatable {
    var replicas: [[BrokerID]]
    var isBeingReassigned: Bool
}
