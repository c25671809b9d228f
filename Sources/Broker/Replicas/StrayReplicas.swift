import KafkaModel

/// Partition logs a starting broker finds on disk but no longer hosts: the topic was deleted, or the partition
/// moved away, while the broker was down (the controller can only tell live brokers to delete their replicas).
/// Kafka in ZooKeeper mode left such logs on disk for good; a broker here removes them before it registers,
/// when no LeaderAndIsr can have touched its logs yet.
public enum StrayReplicas {
    /// The local partitions to delete, each with the reason.
    /// - Parameters:
    ///   - assignments: every topic's replicas by partition, as ZooKeeper holds them (during a reassignment
    ///     the whole moving set, so a replica being added or removed is kept).
    public static func find(local: [TopicPartition], assignments: [TopicName: [PartitionIndex: [BrokerID]]],
                     broker: BrokerID) -> [TopicPartition: String]
    {
        var strays: [TopicPartition: String] = [:]
        for partition in local {
            guard let topic = assignments[partition.topic] else {
                strays[partition] = "topic \(partition.topic) no longer exists"
                continue
            }
            guard let replicas = topic[partition.partition] else {
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
