import Broker
import KafkaModel
import Testing

/// Which logs a starting broker deletes as no longer its own.
@Suite struct StrayReplicasTests {
    let b1 = BrokerID(1), b2 = BrokerID(2), b3 = BrokerID(3)

    @Test func keepsHostedReplicasAndFindsDeletedAndMovedOnes() {
        let orders0 = TopicPartition(TopicName("orders"), PartitionIndex(0))
        let orders1 = TopicPartition(TopicName("orders"), PartitionIndex(1))
        let orders7 = TopicPartition(TopicName("orders"), PartitionIndex(7))
        let gone0 = TopicPartition(TopicName("gone"), PartitionIndex(0))
        let moving0 = TopicPartition(TopicName("moving"), PartitionIndex(0))
        let assignments: [TopicName: [PartitionIndex: [BrokerID]]] = [
            TopicName("orders"): [PartitionIndex(0): [b2, b1], PartitionIndex(1): [b1, b3]],
            // Mid-move the znode lists the whole moving set: a replica being removed is still hosted.
            TopicName("moving"): [PartitionIndex(0): [b1, b3, b2]],
        ]
        let strays = StrayReplicas.find(local: [orders0, orders1, orders7, gone0, moving0], assignments: assignments,
                                        broker: b2)
        #expect(Set(strays.keys) == [orders1, orders7, gone0])
        #expect(strays[gone0] == "topic gone no longer exists")
        #expect(strays[orders1] == "broker 2 is not among its replicas [1, 3]")
        #expect(strays[orders7] == "topic orders has no partition 7")
    }
}
