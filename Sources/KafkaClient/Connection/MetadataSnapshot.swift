import KafkaModel
import KafkaProtocol

/// What the client knows of the cluster from Metadata answers: brokers, the controller, and per topic its
/// partitions with leader, replicas and ISR.
public struct MetadataSnapshot: Hashable, Sendable {
    public struct Partition: Hashable, Sendable {
        public var index: PartitionIndex
        public var leader: BrokerID
        public var leaderEpoch: Int32
        public var replicas: [BrokerID]
        public var isr: [BrokerID]
        public var offlineReplicas: [BrokerID]
        public var errorCode: KafkaErrorCode
    }

    public struct Topic: Hashable, Sendable {
        public var name: TopicName
        public var errorCode: KafkaErrorCode
        public var isInternal: Bool
        /// Sorted by index.
        public var partitions: [Partition]
    }

    public var brokers: [BrokerID: BrokerAddress]
    public var controllerID: BrokerID
    public var clusterID: String?
    public var topics: [TopicName: Topic]

    public init(brokers: [BrokerID: BrokerAddress] = [:], controllerID: BrokerID = .none, clusterID: String? = nil,
                topics: [TopicName: Topic] = [:])
    {
        self.brokers = brokers
        self.controllerID = controllerID
        self.clusterID = clusterID
        self.topics = topics
    }

    /// The snapshot a Metadata response describes.
    public init(_ response: MetadataResponse) {
        var brokers: [BrokerID: BrokerAddress] = [:]
        for broker in response.brokers {
            brokers[broker.nodeID] = BrokerAddress(host: broker.host, port: Int(broker.port))
        }
        var topics: [TopicName: Topic] = [:]
        for topic in response.topics {
            guard let name = topic.name else { continue }
            let partitions = topic.partitions.map {
                Partition(index: PartitionIndex($0.partitionIndex), leader: $0.leaderID, leaderEpoch: $0.leaderEpoch,
                          replicas: $0.replicaNodes, isr: $0.isrNodes, offlineReplicas: $0.offlineReplicas,
                          errorCode: $0.errorCode)
            }.sorted { $0.index < $1.index }
            topics[name] = Topic(name: name, errorCode: topic.errorCode, isInternal: topic.isInternal,
                                 partitions: partitions)
        }
        self.init(brokers: brokers, controllerID: response.controllerID, clusterID: response.clusterID,
                  topics: topics)
    }

    /// This snapshot with `newer`'s brokers and controller, and its topics replacing ours.
    public func merging(_ newer: MetadataSnapshot) -> MetadataSnapshot {
        var merged = newer
        for (name, topic) in topics where merged.topics[name] == nil { merged.topics[name] = topic }
        return merged
    }

    /// The leader of `topicPartition`, nil when unknown or none (an election is under way).
    public func leader(for topicPartition: TopicPartition) -> BrokerID? {
        guard let topic = topics[topicPartition.topic], topic.errorCode == .none,
            let partition = topic.partitions.first(where: { $0.index == topicPartition.partition }),
            partition.leader != .none
        else { return nil }
        return partition.leader
    }

    /// The number of partitions of a topic known without error.
    public func partitionCount(of topic: TopicName) -> Int? {
        guard let known = topics[topic], known.errorCode == .none, !known.partitions.isEmpty else { return nil }
        return known.partitions.count
    }

    /// Partitions of `topic` that have a leader now (what Kafka's partitioner calls available partitions).
    public func availablePartitions(of topic: TopicName) -> [PartitionIndex] {
        topics[topic]?.partitions.filter { $0.leader != .none }.map(\.index) ?? []
    }
}
