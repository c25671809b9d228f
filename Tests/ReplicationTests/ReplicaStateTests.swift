import KafkaModel
import Replication
import Testing

@Suite struct ReplicaStateTests {
    let b1 = BrokerID(1), b2 = BrokerID(2), b3 = BrokerID(3)

    func leader(isr: [BrokerID], logEnd: Int64 = 0) -> ReplicaState {
        var state = ReplicaState(localBroker: b1)
        let applied = state.apply(leader: b1, leaderEpoch: LeaderEpoch(1), isr: isr, replicas: [b1, b2, b3],
                                  zkVersion: 0, localLogEndOffset: Offset(logEnd), nowMs: 0)
        #expect(applied)
        return state
    }

    @Test func aLoneLeaderCommitsWhatItAppends() {
        var state = leader(isr: [b1])
        #expect(state.highWatermark == Offset(0))
        let moved = state.advanceHighWatermark(localLogEndOffset: Offset(10))
        #expect(moved)
        #expect(state.highWatermark == Offset(10))
    }

    @Test func highWatermarkWaitsForTheSlowestInSyncFollower() {
        var state = leader(isr: [b1, b2, b3])
        _ = state.recordFollowerFetch(b2, fetchOffset: Offset(7), localLogEndOffset: Offset(10), nowMs: 1)
        #expect(state.highWatermark == Offset(0), "b3 has fetched nothing yet")
        _ = state.recordFollowerFetch(b3, fetchOffset: Offset(4), localLogEndOffset: Offset(10), nowMs: 1)
        state.advanceHighWatermark(localLogEndOffset: Offset(10))
        #expect(state.highWatermark == Offset(4))
        _ = state.recordFollowerFetch(b3, fetchOffset: Offset(10), localLogEndOffset: Offset(10), nowMs: 2)
        state.advanceHighWatermark(localLogEndOffset: Offset(10))
        #expect(state.highWatermark == Offset(7))
    }

    @Test func highWatermarkNeverMovesBackwards() {
        var state = leader(isr: [b1])
        state.advanceHighWatermark(localLogEndOffset: Offset(10))
        state.updateISR([b1, b2], zkVersion: 1, localLogEndOffset: Offset(10))
        #expect(state.highWatermark == Offset(10))
    }

    @Test func aCaughtUpFollowerOutsideTheISRIsProposedToJoin() {
        var state = leader(isr: [b1, b2], logEnd: 5)
        _ = state.recordFollowerFetch(b2, fetchOffset: Offset(5), localLogEndOffset: Offset(5), nowMs: 1)
        state.advanceHighWatermark(localLogEndOffset: Offset(5))
        #expect(state.highWatermark == Offset(5))
        let behind = state.recordFollowerFetch(b3, fetchOffset: Offset(3), localLogEndOffset: Offset(5), nowMs: 1)
        #expect(behind == [])
        let caughtUp = state.recordFollowerFetch(b3, fetchOffset: Offset(5), localLogEndOffset: Offset(5), nowMs: 2)
        #expect(caughtUp == [b3])
    }

    @Test func aFollowerLaggingPastTheLimitIsReported() {
        var state = leader(isr: [b1, b2, b3], logEnd: 10)
        _ = state.recordFollowerFetch(b2, fetchOffset: Offset(10), localLogEndOffset: Offset(10), nowMs: 1000)
        _ = state.recordFollowerFetch(b3, fetchOffset: Offset(2), localLogEndOffset: Offset(10), nowMs: 1000)
        #expect(state.laggingFollowers(localLogEndOffset: Offset(10), nowMs: 20_000, lagTimeMaxMs: 30_000) == [])
        #expect(state.laggingFollowers(localLogEndOffset: Offset(10), nowMs: 31_000, lagTimeMaxMs: 30_000) == [b3])
    }

    @Test func staleLeaderEpochsAreRefused() {
        var state = leader(isr: [b1])
        let stale = state.apply(leader: b2, leaderEpoch: LeaderEpoch(1), isr: [b2], replicas: [b1, b2],
                                zkVersion: 1, localLogEndOffset: Offset(0), nowMs: 0)
        #expect(!stale)
        #expect(state.isLeader)
        let newer = state.apply(leader: b2, leaderEpoch: LeaderEpoch(2), isr: [b2], replicas: [b1, b2],
                                zkVersion: 1, localLogEndOffset: Offset(0), nowMs: 0)
        #expect(newer)
        #expect(state.role == .follower)
    }

    @Test func followerHighWatermarkIsCappedByItsOwnLog() {
        var state = ReplicaState(localBroker: b2)
        _ = state.apply(leader: b1, leaderEpoch: LeaderEpoch(1), isr: [b1, b2], replicas: [b1, b2], zkVersion: 0,
                        localLogEndOffset: Offset(0), nowMs: 0)
        state.followerHighWatermark(leaderHighWatermark: Offset(50), localLogEndOffset: Offset(20))
        #expect(state.highWatermark == Offset(20))
    }
}

@Suite struct ProducerStateTableTests {
    func batch(_ first: Int32, _ last: Int32, at offset: Int64) -> ProducerStateTable.BatchEntry {
        .init(firstSequence: first, lastSequence: last, firstOffset: Offset(offset),
              lastOffset: Offset(offset + Int64(last - first)), timestamp: 0)
    }

    @Test func aNewProducerMustStartAtSequenceZero() {
        let table = ProducerStateTable()
        #expect(table.check(producerID: 7, epoch: 0, firstSequence: 0, lastSequence: 4) == .append)
        #expect(table.check(producerID: 7, epoch: 0, firstSequence: 5, lastSequence: 9) == .reject(.unknownProducerId))
    }

    @Test func retriesAreAnsweredWithTheOriginalOffsets() {
        var table = ProducerStateTable()
        table.record(producerID: 7, epoch: 0, batch: batch(0, 4, at: 100))
        table.record(producerID: 7, epoch: 0, batch: batch(5, 9, at: 105))
        #expect(table.check(producerID: 7, epoch: 0, firstSequence: 0, lastSequence: 4)
                == .duplicate(batch(0, 4, at: 100)))
        #expect(table.check(producerID: 7, epoch: 0, firstSequence: 10, lastSequence: 12) == .append)
    }

    @Test func gapsAndOldEpochsAreRefused() {
        var table = ProducerStateTable()
        table.record(producerID: 7, epoch: 3, batch: batch(0, 4, at: 0))
        #expect(table.check(producerID: 7, epoch: 3, firstSequence: 7, lastSequence: 8)
                == .reject(.outOfOrderSequenceNumber))
        #expect(table.check(producerID: 7, epoch: 2, firstSequence: 5, lastSequence: 6)
                == .reject(.invalidProducerEpoch))
        #expect(table.check(producerID: 7, epoch: 4, firstSequence: 0, lastSequence: 1) == .append)
    }

    @Test func onlyTheLastFiveBatchesAreRemembered() {
        var table = ProducerStateTable()
        for index in 0..<6 {
            table.record(producerID: 1, epoch: 0, batch: batch(Int32(index * 2), Int32(index * 2 + 1), at: Int64(index * 2)))
        }
        #expect(table.producers[1]?.batches.count == 5)
        #expect(table.check(producerID: 1, epoch: 0, firstSequence: 0, lastSequence: 1)
                == .reject(.outOfOrderSequenceNumber), "the oldest batch fell out of the window")
    }

    @Test func truncationForgetsBatchesAboveTheCut() {
        var table = ProducerStateTable()
        table.record(producerID: 1, epoch: 0, batch: batch(0, 1, at: 0))
        table.record(producerID: 1, epoch: 0, batch: batch(2, 3, at: 2))
        table.truncate(from: Offset(2))
        #expect(table.check(producerID: 1, epoch: 0, firstSequence: 2, lastSequence: 3) == .append)
    }
}

/// A fetch that claims to come from a follower (any client can send one).
extension ReplicaStateTests {
    @Test func aFetchPastTheLogEndRecordsNothingAndMovesNoHighWatermark() {
        var state = leader(isr: [b1, b2], logEnd: 10)
        #expect(state.highWatermark == Offset(0), "b2 has fetched nothing yet")
        _ = state.recordFollowerFetch(b2, fetchOffset: Offset(Int64.max), localLogEndOffset: Offset(10), nowMs: 1)
        state.advanceHighWatermark(localLogEndOffset: Offset(10))
        #expect(state.highWatermark == Offset(0), "no follower can hold what the leader does not")
        #expect(state.followers[b2]?.logEndOffset == Offset(-1))
        _ = state.recordFollowerFetch(b2, fetchOffset: Offset(-5), localLogEndOffset: Offset(10), nowMs: 2)
        #expect(state.followers[b2]?.logEndOffset == Offset(-1))

        var outOfSync = leader(isr: [b1], logEnd: 10)
        #expect(outOfSync.recordFollowerFetch(b3, fetchOffset: Offset(11), localLogEndOffset: Offset(10),
                                              nowMs: 1).isEmpty, "a fetch past the end does not join the ISR")
    }

    @Test func onlyAssignedFollowersOtherThanTheLeaderAreRecorded() {
        var state = leader(isr: [b1], logEnd: 10)
        #expect(state.recordFollowerFetch(BrokerID(9), fetchOffset: Offset(10), localLogEndOffset: Offset(10),
                                          nowMs: 1).isEmpty)
        #expect(state.followers[BrokerID(9)] == nil)
        #expect(state.recordFollowerFetch(b1, fetchOffset: Offset(10), localLogEndOffset: Offset(10),
                                          nowMs: 1).isEmpty)
        #expect(state.recordFollowerFetch(b2, fetchOffset: Offset(10), localLogEndOffset: Offset(10),
                                          nowMs: 1) == [b2], "a caught-up assigned follower still joins")
    }
}
