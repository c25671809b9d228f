import KafkaClient
import KafkaModel
import Testing

@Suite struct PartitionerTests {
    @Test func keyedRecordsGoWhereMurmur2Says() {
        var partitioner = Partitioner(seed: 1)
        for index in 0..<200 {
            let key = Array("order-\(index)".utf8)
            let chosen = partitioner.partition(topic: "t", key: key, partitionCount: 12, available: [])
            #expect(chosen.rawValue == Murmur2.toPositive(Murmur2.hash(key)) % 12)
        }
    }

    @Test func keyedRecordsIgnoreAvailabilitySoAKeyNeverMoves() {
        var partitioner = Partitioner(seed: 1)
        let key = Array("21".utf8)  // partition 3 of 7
        let chosen = partitioner.partition(topic: "t", key: key, partitionCount: 7,
                                           available: [PartitionIndex(0), PartitionIndex(1)])
        #expect(chosen == PartitionIndex(3))
    }

    @Test func keysSpreadEvenlyOverPartitions() {
        var partitioner = Partitioner(seed: 1)
        var counts = [Int](repeating: 0, count: 8)
        let total = 40_000
        for index in 0..<total {
            let chosen = partitioner.partition(topic: "t", key: Array("user-\(index)".utf8), partitionCount: 8,
                                               available: [])
            counts[Int(chosen.rawValue)] += 1
        }
        let mean = Double(total) / 8
        for count in counts { #expect(abs(Double(count) - mean) < mean * 0.05, "counts: \(counts)") }
    }

    @Test func keylessRecordsStickToOnePartitionUntilItsBatchCloses() {
        var partitioner = Partitioner(seed: 7)
        let first = partitioner.partition(topic: "t", key: nil, partitionCount: 6, available: [])
        for _ in 0..<50 {
            #expect(partitioner.partition(topic: "t", key: nil, partitionCount: 6, available: []) == first)
        }
        partitioner.batchClosed(topic: "t", partition: first, partitionCount: 6, available: [])
        let second = partitioner.partition(topic: "t", key: nil, partitionCount: 6, available: [])
        #expect(second != first)
        // A batch closing on another partition does not move the sticky choice.
        partitioner.batchClosed(topic: "t", partition: first, partitionCount: 6, available: [])
        #expect(partitioner.partition(topic: "t", key: nil, partitionCount: 6, available: []) == second)
    }

    @Test func keylessRecordsUseOnlyPartitionsWithALeader() {
        var partitioner = Partitioner(seed: 3)
        let available = [PartitionIndex(2), PartitionIndex(5)]
        for _ in 0..<100 {
            let chosen = partitioner.partition(topic: "t", key: nil, partitionCount: 6, available: available)
            #expect(available.contains(chosen))
            partitioner.batchClosed(topic: "t", partition: chosen, partitionCount: 6, available: available)
        }
    }

    @Test func keylessRecordsReachEveryPartitionOverManyBatches() {
        var partitioner = Partitioner(seed: 11)
        var seen: Set<PartitionIndex> = []
        for _ in 0..<200 {
            let chosen = partitioner.partition(topic: "t", key: nil, partitionCount: 5, available: [])
            seen.insert(chosen)
            partitioner.batchClosed(topic: "t", partition: chosen, partitionCount: 5, available: [])
        }
        #expect(seen.count == 5)
    }
}
