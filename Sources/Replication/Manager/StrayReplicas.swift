import KafkaModel

/// Partition logs a starting broker finds on disk but no longer hosts: the topic was deleted (perhaps created
/// again under the same name, with a new topic id), or the partition moved away, while the broker was down
/// (the controller can only tell live brokers to delete their replicas). Kafka in ZooKeeper mode left such logs
/// on disk; a broker here removes them before it registers, when no LeaderAndIsr can have touched its logs yet.
public enum StrayReplicas {
    /// A topic as ZooKeeper holds it.
    public struct Topic: Sendable, Equatable {
        /// Replicas by partition (during a reassignment the whole moving set, so a replica being added or
        /// removed counts as hosted).
        public var partitions: [PartitionIndex: [BrokerID]]
        public var topicID: String?

        public init(partitions: [PartitionIndex: [BrokerID]], topicID: String?) {
            self.partitions = partitions
            self.topicID = topicID
        }
    }

    /// The local partitions to delete, each with the reason.
    /// - Parameter local: the partitions with a log here, and the topic id recorded beside each (if any).
    public static func find(local: [TopicPartition: String?], topics: [TopicName: Topic], broker: BrokerID)
        -> [TopicPartition: String]
    {
        var strays: [TopicPartition: String] = [:]
        for (partition, recordedID) in local {
            guard let topic = topics[partition.topic] else {
                strays[partition] = "topic \(partition.topic) no longer exists"
                continue
            }
            if let recordedID, let currentID = topic.topicID, recordedID != currentID {
                strays[partition] = "the log is of a deleted topic \(partition.topic) (id \(recordedID)); "
                    + "the current one has id \(currentID)"
                continue
            }
            guard let replicas = topic.partitions[partition.partition] else {
                strays[partition] = "topic \(partition.topic) has no partition \(partition.partition)"
                continue
            }
            if !replicas.contains(broker) {
                strays[partition] = "broker \(broker) is not among its replicas \(replicas.map(\.rawValue))"
            }
        }
        return strays
    }
}
