import Replication
import KafkaModel
import Testing

/// Which logs a starting broker deletes as no longer its own.
@Suite struct StrayReplicasTests {
    let b1 = BrokerID(1), b2 = BrokerID(2), b3 = BrokerID(3)

    func tp(_ topic: String, _ partition: Int32) -> TopicPartition {
        TopicPartition(TopicName(topic), PartitionIndex(partition))
    }

    @Test func keepsHostedReplicasAndFindsDeletedRecreatedAndMovedOnes() {
        let topics: [TopicName: StrayReplicas.Topic] = [
            TopicName("orders"): .init(partitions: [PartitionIndex(0): [b2, b1], PartitionIndex(1): [b1, b3]],
                                       topicID: "AAAAAAAAAAAAAAAAAAAAAA"),
            // Mid-move the znode lists the whole moving set: a replica being removed is still hosted.
            TopicName("moving"): .init(partitions: [PartitionIndex(0): [b1, b3, b2]], topicID: nil),
            // Deleted and created again while broker 2 was down: same name, new id, broker 2 a replica again.
            TopicName("again"): .init(partitions: [PartitionIndex(0): [b2]], topicID: "NEWNEWNEWNEWNEWNEWNEWg"),
        ]
        let local: [TopicPartition: String?] = [
            tp("orders", 0): "AAAAAAAAAAAAAAAAAAAAAA", tp("orders", 1): nil, tp("orders", 7): nil,
            tp("gone", 0): nil, tp("moving", 0): nil, tp("again", 0): "OLDOLDOLDOLDOLDOLDOLDg",
        ]
        let strays = StrayReplicas.find(local: local, topics: topics, broker: b2)
        #expect(Set(strays.keys) == [tp("orders", 1), tp("orders", 7), tp("gone", 0), tp("again", 0)])
        #expect(strays[tp("gone", 0)] == "topic gone no longer exists")
        #expect(strays[tp("orders", 1)] == "broker 2 is not among its replicas [1, 3]")
        #expect(strays[tp("orders", 7)] == "topic orders has no partition 7")
        #expect(strays[tp("again", 0)]?.contains("deleted topic again (id OLDOLDOLDOLDOLDOLDOLDg)") == true)
    }
}
