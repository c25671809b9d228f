import KafkaModel
import KafkaProtocol
import Replication
import Testing

/// The producer table's transaction rules, driven directly (no log).
@Suite struct TransactionalProducerStateTests {
    func batch(_ first: Int32, _ last: Int32, at offset: Int64) -> ProducerStateTable.BatchEntry {
        .init(firstSequence: first, lastSequence: last, firstOffset: Offset(offset),
              lastOffset: Offset(offset + Int64(last - first)), timestamp: 5)
    }

    @Test func aTransactionalBatchOpensATransactionThatHoldsTheLastStableOffset() {
        var table = ProducerStateTable()
        table.record(producerID: 7, epoch: 0, batch: batch(0, 2, at: 10), isTransactional: true)
        #expect(table.producers[7]?.currentTxnFirstOffset == Offset(10))
        #expect(table.lastStableOffset(highWatermark: Offset(20)) == Offset(10))
        // A second batch of the same transaction does not move its start.
        table.record(producerID: 7, epoch: 0, batch: batch(3, 3, at: 13), isTransactional: true)
        #expect(table.producers[7]?.currentTxnFirstOffset == Offset(10))
        #expect(table.lastStableOffset(highWatermark: Offset(5)) == Offset(5), "never above the high watermark")
    }

    @Test func aMarkerEndsTheTransactionOnceTheHighWatermarkPassesIt() {
        var table = ProducerStateTable()
        table.record(producerID: 7, epoch: 0, batch: batch(0, 2, at: 10), isTransactional: true)
        let completed = table.recordMarker(producerID: 7, epoch: 0, coordinatorEpoch: 3, isAbort: true,
                                           offset: Offset(13), timestamp: 9)
        #expect(completed == .init(producerID: 7, firstOffset: Offset(10), lastOffset: Offset(13), isAborted: true))
        #expect(table.producers[7]?.currentTxnFirstOffset == nil)
        #expect(table.producers[7]?.coordinatorEpoch == 3)
        // The marker is at 13: until the high watermark passes it, the transaction is still unstable.
        #expect(table.lastStableOffset(highWatermark: Offset(13)) == Offset(10))
        table.highWatermarkMoved(to: Offset(14))
        #expect(table.lastStableOffset(highWatermark: Offset(14)) == Offset(14))
        #expect(table.unreplicatedTransactions.isEmpty)
    }

    @Test func theOldestOpenTransactionBoundsTheLastStableOffset() {
        var table = ProducerStateTable()
        table.record(producerID: 1, epoch: 0, batch: batch(0, 0, at: 4), isTransactional: true)
        table.record(producerID: 2, epoch: 0, batch: batch(0, 0, at: 5), isTransactional: true)
        table.record(producerID: 3, epoch: 0, batch: batch(0, 0, at: 6), isTransactional: false)
        #expect(table.lastStableOffset(highWatermark: Offset(7)) == Offset(4))
        let completed = table.recordMarker(producerID: 1, epoch: 0, coordinatorEpoch: 0, isAbort: true,
                                           offset: Offset(7), timestamp: 0)
        table.highWatermarkMoved(to: Offset(8))
        #expect(table.lastStableOffset(highWatermark: Offset(8)) == Offset(5))
        // Kafka's index entry: the first offset of another producer's open transaction.
        #expect(completed.map { table.lastStableOffset(after: $0) } == Offset(5))
        #expect(table.ongoingTransactions.map(\.producerID) == [2])
    }

    @Test func anEmptyTransactionsMarkerCompletesNothing() {
        var table = ProducerStateTable()
        let completed = table.recordMarker(producerID: 9, epoch: 2, coordinatorEpoch: 1, isAbort: false,
                                           offset: Offset(0), timestamp: 0)
        #expect(completed == nil)
        #expect(table.lastStableOffset(highWatermark: Offset(1)) == Offset(1))
        #expect(table.producers[9]?.epoch == 2)
    }

    @Test func staleEpochsAreRefusedAndAMarkerWithAHigherEpochFencesThem() {
        var table = ProducerStateTable()
        table.record(producerID: 7, epoch: 1, batch: batch(0, 0, at: 0), isTransactional: true)
        #expect(table.check(producerID: 7, epoch: 0, firstSequence: 1, lastSequence: 1, isTransactional: true)
            == .reject(.invalidProducerEpoch))
        // The coordinator fences epoch 1 with an abort at epoch 2.
        #expect(table.checkMarker(producerID: 7, epoch: 2, coordinatorEpoch: 0) == nil)
        table.recordMarker(producerID: 7, epoch: 2, coordinatorEpoch: 0, isAbort: true, offset: Offset(1), timestamp: 0)
        #expect(table.check(producerID: 7, epoch: 1, firstSequence: 1, lastSequence: 1, isTransactional: true)
            == .reject(.invalidProducerEpoch))
        #expect(table.checkMarker(producerID: 7, epoch: 1, coordinatorEpoch: 0) == .invalidProducerEpoch)
        // The new epoch starts its sequence at 0.
        #expect(table.check(producerID: 7, epoch: 2, firstSequence: 0, lastSequence: 0, isTransactional: true)
            == .append)
    }

    @Test func anOlderCoordinatorEpochIsFenced() {
        var table = ProducerStateTable()
        table.recordMarker(producerID: 7, epoch: 0, coordinatorEpoch: 5, isAbort: false, offset: Offset(0), timestamp: 0)
        #expect(table.checkMarker(producerID: 7, epoch: 0, coordinatorEpoch: 4) == .transactionCoordinatorFenced)
        #expect(table.checkMarker(producerID: 7, epoch: 0, coordinatorEpoch: 5) == nil)
    }

    @Test func aNonTransactionalBatchInsideATransactionIsRefused() {
        var table = ProducerStateTable()
        table.record(producerID: 7, epoch: 0, batch: batch(0, 0, at: 0), isTransactional: true)
        #expect(table.check(producerID: 7, epoch: 0, firstSequence: 1, lastSequence: 1, isTransactional: false)
            == .reject(.invalidTxnState))
    }

    @Test func truncationReopensATransactionWhoseMarkerWasCut() {
        var table = ProducerStateTable()
        table.record(producerID: 7, epoch: 0, batch: batch(0, 1, at: 0), isTransactional: true)
        table.recordMarker(producerID: 7, epoch: 0, coordinatorEpoch: 0, isAbort: false, offset: Offset(2), timestamp: 0)
        table.truncate(from: Offset(2))
        #expect(table.producers[7]?.currentTxnFirstOffset == Offset(0))
        #expect(table.unreplicatedTransactions.isEmpty)
        table.truncate(from: Offset(0))
        #expect(table.producers[7]?.currentTxnFirstOffset == nil)
        #expect(table.lastStableOffset(highWatermark: Offset(0)) == Offset(0))
    }
}
