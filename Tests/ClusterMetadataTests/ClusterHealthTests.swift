import ClusterMetadata
import KafkaModel
import Testing

/// The live view's rules: which partitions `cluster watch` reports offline, under-replicated or moving.
@Suite struct ClusterHealthTests {
    let topic = TopicName("orders")

    func state(leader: Int32, isr: [Int32]) -> PartitionStateZNode {
        PartitionStateZNode(leader: BrokerID(leader), leaderEpoch: LeaderEpoch(1), controllerEpoch: ControllerEpoch(1),
                            isr: isr.map { BrokerID($0) })
    }

    @Test func offlineMeansNoLiveLeaderAndUnderReplicatedMeansASmallISR() {
        let replicas = [BrokerID(1), BrokerID(2), BrokerID(3)]
        let assignment = TopicZNode(topicID: nil, partitions: [PartitionIndex(0): replicas, PartitionIndex(1): replicas,
                                                 PartitionIndex(2): replicas, PartitionIndex(3): replicas])
        let states: [TopicPartition: PartitionStateZNode] = [
            TopicPartition(topic, PartitionIndex(0)): state(leader: 1, isr: [1, 2, 3]),  // healthy
            TopicPartition(topic, PartitionIndex(1)): state(leader: 1, isr: [1, 2]),  // under-replicated
            TopicPartition(topic, PartitionIndex(2)): state(leader: 3, isr: [3]),  // leader not live
            // partition 3: never elected
        ]
        let health = ClusterHealth.compute(assignments: [topic: assignment], states: states,
                                           liveBrokers: [BrokerID(1), BrokerID(2)])
        #expect(health.offline == [TopicPartition(topic, PartitionIndex(2)), TopicPartition(topic, PartitionIndex(3))])
        #expect(health.underReplicated == [TopicPartition(topic, PartitionIndex(1))])
    }

    @Test func reassignmentsComeFromTheTopicAndFromRequests() {
        var assignment = TopicZNode(topicID: nil, partitions: [PartitionIndex(0): [BrokerID(1), BrokerID(2), BrokerID(3)],
                                                 PartitionIndex(1): [BrokerID(1)]])
        assignment.addingReplicas = [PartitionIndex(0): [BrokerID(3)]]
        assignment.removingReplicas = [PartitionIndex(0): [BrokerID(1)]]
        let requested = [TopicPartition(TopicName("other"), PartitionIndex(0)): [BrokerID(4)]]
        let moving = ClusterHealth.reassignments(assignments: [topic: assignment], requested: requested)
        #expect(moving == [TopicPartition(topic, PartitionIndex(0)): [BrokerID(2), BrokerID(3)],
                           TopicPartition(TopicName("other"), PartitionIndex(0)): [BrokerID(4)]])
    }
}
