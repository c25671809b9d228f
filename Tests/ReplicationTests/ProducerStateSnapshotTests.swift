import Foundation
import KafkaModel
import Replication
import Testing

/// The `.snapshot` codec (Kafka's version 1 layout with CRC-32C), hostile bytes included.
@Suite struct ProducerStateSnapshotTests {
    func table() -> ProducerStateTable {
        var table = ProducerStateTable()
        table.record(producerID: 7, epoch: 2, batch: .init(firstSequence: 10, lastSequence: 14, firstOffset: Offset(100),
                                                           lastOffset: Offset(104), timestamp: 5_000),
                     isTransactional: true)
        table.recordMarker(producerID: 9, epoch: 1, coordinatorEpoch: 4, isAbort: false, offset: Offset(105),
                           timestamp: 6_000)
        return table
    }

    @Test func roundTripsEveryProducersLastBatchAndTransaction() throws {
        let bytes = ProducerStateSnapshot.encode(table())
        #expect(bytes.count == 6 + 4 + 2 * 46)
        #expect(Array(bytes[0..<2]) == [0, 1], "version 1")
        let decoded = try ProducerStateSnapshot.decode(bytes)
        #expect(decoded.producers[7] == .init(
            epoch: 2, batches: [.init(firstSequence: 10, lastSequence: 14, firstOffset: Offset(100),
                                      lastOffset: Offset(104), timestamp: 5_000)],
            currentTxnFirstOffset: Offset(100), coordinatorEpoch: -1, lastTimestamp: 5_000))
        #expect(decoded.producers[9] == .init(epoch: 1, batches: [], currentTxnFirstOffset: nil, coordinatorEpoch: 4,
                                              lastTimestamp: 6_000))
        #expect(decoded.lastStableOffset(highWatermark: Offset(200)) == Offset(100))
        #expect(ProducerStateSnapshot.encode(decoded) == bytes)
    }

    @Test func refusesDamagedSnapshots() {
        let good = ProducerStateSnapshot.encode(table())
        var flipped = good
        flipped[20] ^= 0x01
        #expect(throws: ProducerStateSnapshotError.self) { try ProducerStateSnapshot.decode(flipped) }
        #expect(throws: ProducerStateSnapshotError.truncated) { try ProducerStateSnapshot.decode(Array(good[0..<5])) }
        var version = good
        version[1] = 2
        #expect(throws: ProducerStateSnapshotError.unknownVersion(2)) { try ProducerStateSnapshot.decode(version) }
        #expect(throws: ProducerStateSnapshotError.self) { try ProducerStateSnapshot.decode(Array(good.dropLast())) }
        #expect(throws: ProducerStateSnapshotError.self) {
            try ProducerStateSnapshot.decode([UInt8](repeating: 0xFF, count: 60))
        }
    }
}
