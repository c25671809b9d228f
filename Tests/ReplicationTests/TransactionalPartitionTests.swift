import Foundation
import KafkaModel
import KafkaProtocol
import KafkaRecords
import LogStorage
import NIOCore
import Replication
import Testing

/// Transactions on a real partition: the last stable offset, markers, the aborted-transaction index, followers
/// and restarts.
@Suite struct TransactionalPartitionTests {
    let orders0 = TopicPartition("orders", PartitionIndex(0))

    /// A transactional batch of `count` records from `producerID`.
    func transactional(_ producerID: Int64, epoch: Int16 = 0, sequence: Int32, count: Int) throws
        -> (bytes: ByteBuffer, header: RecordBatchHeader)
    {
        var builder = RecordBatchBuilder(producerID: producerID, producerEpoch: epoch, baseSequence: sequence,
                                         isTransactional: true)
        for index in 0..<count { builder.append(key: nil, value: ByteBuffer(string: "t\(index)"), timestamp: 1_000) }
        let bytes = try builder.build()
        return (bytes, try #require(RecordBatchHeader(from: bytes, at: bytes.readerIndex)))
    }

    func produce(_ partition: Partition, _ batch: (bytes: ByteBuffer, header: RecordBatchHeader))
        -> Partition.AppendOutcome
    {
        partition.appendAsLeader(batch.bytes, header: batch.header, requiredAcks: 1, minInsyncReplicas: 1)
    }

    func marker(_ partition: Partition, _ producerID: Int64, epoch: Int16 = 0, coordinatorEpoch: Int32 = 0,
                commit: Bool) -> Partition.MarkerOutcome {
        partition.appendMarkerAsLeader(producerID: producerID, producerEpoch: epoch,
                                       coordinatorEpoch: coordinatorEpoch, commit: commit, minInsyncReplicas: 1,
                                       timestamp: 2_000)
    }

    @Test func anOpenTransactionHoldsTheLastStableOffsetUntilItsMarkerIsReplicated() throws {
        let broker = try TestBroker(1)
        defer { broker.shutDown() }
        broker.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1, 2], replicas: [1, 2])
        let partition = try broker.partition(orders0)
        try broker.produce(orders0, 2)  // 0-1, not transactional
        _ = partition.recordFollowerFetch(BrokerID(2), fetchOffset: Offset(2), nowMs: 1)
        guard case .appended = produce(partition, try transactional(7, sequence: 0, count: 3)) else {
            Issue.record("transactional append refused")
            return
        }
        _ = partition.recordFollowerFetch(BrokerID(2), fetchOffset: Offset(5), nowMs: 2)
        #expect(partition.highWatermark == Offset(5))
        #expect(partition.lastStableOffset == Offset(2), "the transaction starts at 2")

        #expect(marker(partition, 7, commit: true) == .appended(offset: Offset(5)))
        #expect(partition.lastStableOffset == Offset(2), "the marker is not replicated yet")
        _ = partition.recordFollowerFetch(BrokerID(2), fetchOffset: Offset(6), nowMs: 3)
        #expect(partition.lastStableOffset == Offset(6))
        #expect(partition.log.allAbortedTransactions.isEmpty, "a commit is not indexed")
    }

    @Test func anAbortIsIndexedAndSurvivesARestart() throws {
        var broker = try TestBroker(1)
        defer { broker.shutDown() }
        broker.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1], replicas: [1])
        var partition = try broker.partition(orders0)
        _ = produce(partition, try transactional(7, sequence: 0, count: 2))  // 0-1
        _ = produce(partition, try transactional(8, sequence: 0, count: 1))  // 2
        #expect(marker(partition, 7, commit: false) == .appended(offset: Offset(3)))
        let expected = AbortedTransaction(producerID: 7, firstOffset: Offset(0), lastOffset: Offset(3),
                                          lastStableOffset: Offset(2))
        #expect(partition.log.allAbortedTransactions == [expected])
        #expect(partition.log.abortedTransactions(from: Offset(1), upTo: Offset(2)) == [expected])
        #expect(partition.log.abortedTransactions(from: Offset(4), upTo: Offset(10)).isEmpty)
        #expect(partition.lastStableOffset == Offset(2), "producer 8's transaction is still open")
        // The entry lives in the segment holding the marker.
        let base = String(partition.log.activeSegmentBaseOffset.rawValue)
        let txnIndex = partition.log.directory + "/" + String(repeating: "0", count: 20 - base.count) + base
            + ".txnindex"
        #expect(try Data(contentsOf: URL(fileURLWithPath: txnIndex)).count == 34)

        broker.stop()
        broker = try TestBroker(1, reopening: broker.directory)
        broker.leaderAndIsr(orders0, leader: 1, epoch: 2, isr: [1], replicas: [1])
        partition = try broker.partition(orders0)
        #expect(partition.log.allAbortedTransactions == [expected])
        #expect(partition.lastStableOffset == Offset(2), "the open transaction is rebuilt from the log")
        #expect(partition.producerState.producers[8]?.currentTxnFirstOffset == Offset(2))
        #expect(marker(partition, 8, commit: true) == .appended(offset: Offset(4)))
        #expect(partition.lastStableOffset == Offset(5))
    }

    @Test func aCorruptSnapshotIsIgnoredAndTheStateRebuiltFromTheLog() throws {
        var broker = try TestBroker(1)
        defer { broker.shutDown() }
        broker.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1], replicas: [1])
        _ = produce(try broker.partition(orders0), try transactional(8, sequence: 0, count: 3))
        broker.stop()
        let snapshot = try broker.partition(orders0).log.directory + "/00000000000000000003.snapshot"
        #expect(FileManager.default.fileExists(atPath: snapshot), "a clean shutdown writes a snapshot")
        try Data([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).write(to: URL(fileURLWithPath: snapshot))
        broker = try TestBroker(1, reopening: broker.directory)
        broker.leaderAndIsr(orders0, leader: 1, epoch: 2, isr: [1], replicas: [1])
        let partition = try broker.partition(orders0)
        #expect(partition.producerState.producers[8]?.currentTxnFirstOffset == Offset(0))
        #expect(partition.lastStableOffset == Offset(0))
        #expect(!FileManager.default.fileExists(atPath: snapshot), "the corrupt snapshot is deleted")
    }

    @Test func markersAreFencedByEpochAndCoordinatorEpoch() throws {
        let broker = try TestBroker(1)
        defer { broker.shutDown() }
        broker.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1], replicas: [1])
        let partition = try broker.partition(orders0)
        _ = produce(partition, try transactional(7, epoch: 3, sequence: 0, count: 1))
        #expect(marker(partition, 7, epoch: 2, commit: true) == .rejected(.invalidProducerEpoch))
        #expect(marker(partition, 7, epoch: 3, coordinatorEpoch: 4, commit: true) == .appended(offset: Offset(1)))
        #expect(marker(partition, 7, epoch: 3, coordinatorEpoch: 3, commit: true)
            == .rejected(.transactionCoordinatorFenced))
        // A fencing abort from the coordinator at a newer epoch: the old epoch's writes are refused from then on.
        #expect(marker(partition, 7, epoch: 4, coordinatorEpoch: 4, commit: false) == .appended(offset: Offset(2)))
        #expect(produce(partition, try transactional(7, epoch: 3, sequence: 1, count: 1))
            .rejection == .invalidProducerEpoch)
    }

    @Test func aFollowerRebuildsTheSameStateAndIndex() throws {
        let leader = try TestBroker(1)
        let follower = try TestBroker(2)
        defer { leader.shutDown(); follower.shutDown() }
        leader.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1], replicas: [1, 2])
        follower.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1], replicas: [1, 2])
        let partition = try leader.partition(orders0)
        _ = produce(partition, try transactional(7, sequence: 0, count: 2))
        _ = marker(partition, 7, commit: false)
        _ = produce(partition, try transactional(9, sequence: 0, count: 1))
        try follower.copyLog(orders0, from: leader, epoch: 1)
        let copy = try follower.partition(orders0)
        #expect(copy.log.allAbortedTransactions == partition.log.allAbortedTransactions)
        #expect(copy.producerState.producers[9]?.currentTxnFirstOffset == Offset(3))
        #expect(copy.producerState.producers[7]?.currentTxnFirstOffset == nil)
        // Truncating below the marker drops its index entry and reopens the transaction.
        #expect(try copy.truncateAsFollower(to: Offset(2), leaderEpoch: LeaderEpoch(1)))
        #expect(copy.log.allAbortedTransactions.isEmpty)
        #expect(copy.producerState.producers[7]?.currentTxnFirstOffset == Offset(0))
    }
}

extension Partition.AppendOutcome {
    var rejection: KafkaErrorCode? {
        if case .rejected(let code) = self { return code }
        return nil
    }
}
