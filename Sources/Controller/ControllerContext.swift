import KafkaModel

/// The controller's in-memory picture of the cluster, loaded from the store at failover and kept current
/// by the events it handles. Owned by the controller's event task alone.
struct ControllerContext {
    var fence: ControllerFence
    var liveBrokers: [BrokerID: LiveBroker] = [:]
    var shuttingDown: Set<BrokerID> = []
    var assignments: [TopicName: TopicAssignment] = [:]
    var states: [TopicPartition: StoredPartitionState] = [:]
    var topicsBeingDeleted: Set<TopicName> = []
    /// Per live broker, its replicas on a log directory that failed (KIP-112): it answered KAFKA_STORAGE_ERROR
    /// for them. They count as offline, like replicas of a dead broker, until it registers again.
    var replicasOnOfflineDirs: [BrokerID: Set<TopicPartition>] = [:]

    init(fence: ControllerFence) {
        self.fence = fence
    }

    var liveIDs: Set<BrokerID> { Set(liveBrokers.keys) }

    /// Kafka's `isReplicaOnline`: the broker lives and the replica is not on one of its offline directories.
    func isReplicaOnline(_ broker: BrokerID, _ partition: TopicPartition) -> Bool {
        liveBrokers[broker] != nil && !(replicasOnOfflineDirs[broker]?.contains(partition) ?? false)
    }

    /// The brokers of `candidates` whose replica of `partition` may lead: those without it on an offline directory.
    func eligibleLeaders(of partition: TopicPartition, among candidates: Set<BrokerID>) -> Set<BrokerID> {
        guard !replicasOnOfflineDirs.isEmpty else { return candidates }
        return candidates.filter { !(replicasOnOfflineDirs[$0]?.contains(partition) ?? false) }
    }

    func replicas(of partition: TopicPartition) -> [BrokerID] {
        assignments[partition.topic]?.partitions[partition.partition] ?? []
    }

    var allPartitions: [TopicPartition] {
        assignments.flatMap { topic, assignment in
            assignment.partitions.keys.map { TopicPartition(topic, $0) }
        }.sorted()
    }

    func partitions(of topic: TopicName) -> [TopicPartition] {
        (assignments[topic]?.partitions.keys.map { TopicPartition(topic, $0) } ?? []).sorted()
    }

    /// The leadership as brokers receive it; `isNew` for replicas created by this change.
    func leadership(_ partition: TopicPartition, isNew: Bool = false) -> PartitionLeadership? {
        guard let stored = states[partition] else { return nil }
        let replicas = replicas(of: partition)
        let assignment = assignments[partition.topic]
        return PartitionLeadership(
            partition: partition, controllerEpoch: stored.state.controllerEpoch, leader: stored.state.leader,
            leaderEpoch: stored.state.leaderEpoch, isr: stored.state.isr, zkVersion: stored.version,
            replicas: replicas,
            addingReplicas: assignment?.addingReplicas[partition.partition] ?? [],
            removingReplicas: assignment?.removingReplicas[partition.partition] ?? [],
            offlineReplicas: replicas.filter { !isReplicaOnline($0, partition) }, isNew: isNew,
            topicID: assignment?.topicID)
    }
}
