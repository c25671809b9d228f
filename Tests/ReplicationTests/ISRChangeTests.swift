import KafkaModel
import Replication
import Testing

@Suite struct ISRChangeTests {
    let b1 = BrokerID(1), b2 = BrokerID(2), b3 = BrokerID(3)

    func leader(isr: [BrokerID], logEnd: Int64 = 0, nowMs: Int64 = 0) -> ReplicaState {
        var state = ReplicaState(localBroker: b1)
        let applied = state.apply(leader: b1, leaderEpoch: LeaderEpoch(1), isr: isr, replicas: [b1, b2, b3],
                                  zkVersion: 4, localLogEndOffset: Offset(logEnd), nowMs: nowMs)
        #expect(applied)
        return state
    }

    @Test func aFollowerThatStopsFetchingIsDroppedAfterTheLagTime() {
        var state = leader(isr: [b1, b2, b3], logEnd: 10)
        _ = state.recordFollowerFetch(b2, fetchOffset: Offset(10), localLogEndOffset: Offset(10), nowMs: 25_000)
        // b3 never fetched: its clock started when this broker became leader (t = 0).
        #expect(state.isrAfterShrink(localLogEndOffset: Offset(10), nowMs: 29_000, lagTimeMaxMs: 30_000) == nil)
        #expect(state.isrAfterShrink(localLogEndOffset: Offset(10), nowMs: 31_000, lagTimeMaxMs: 30_000) == [b1, b2])
    }

    @Test func theLeaderIsNeverDropped() {
        let state = leader(isr: [b1], logEnd: 10)
        #expect(state.isrAfterShrink(localLogEndOffset: Offset(10), nowMs: 1_000_000, lagTimeMaxMs: 30_000) == nil)
    }

    @Test func aFollowerKeepingUpUnderSteadyProduceStaysInSync() {
        // Every fetch arrives when the leader has already moved on, but each reaches the end the leader had at
        // the previous fetch: the follower counts as caught up as of that previous fetch.
        var state = leader(isr: [b1, b2], logEnd: 0)
        var leaderEnd: Int64 = 0
        var followerEnd: Int64 = 0
        for second in 1...60 {
            leaderEnd += 100
            _ = state.recordFollowerFetch(b2, fetchOffset: Offset(followerEnd), localLogEndOffset: Offset(leaderEnd),
                                          nowMs: Int64(second) * 1000)
            followerEnd = leaderEnd
        }
        #expect(state.isrAfterShrink(localLogEndOffset: Offset(leaderEnd), nowMs: 60_500, lagTimeMaxMs: 30_000)
                == nil)
    }

    @Test func aFollowerFallingBehindUnderProduceIsDropped() {
        var state = leader(isr: [b1, b2], logEnd: 0)
        var leaderEnd: Int64 = 0
        for second in 1...40 {
            leaderEnd += 100
            // The follower stays at offset 50 while the leader grows.
            _ = state.recordFollowerFetch(b2, fetchOffset: Offset(50), localLogEndOffset: Offset(leaderEnd),
                                          nowMs: Int64(second) * 1000)
        }
        #expect(state.isrAfterShrink(localLogEndOffset: Offset(leaderEnd), nowMs: 40_000, lagTimeMaxMs: 30_000)
                == [b1])
    }

    @Test func aCaughtUpFollowerJoinsOnlyPastTheCurrentEpochsStart() {
        var state = leader(isr: [b1, b2], logEnd: 20)
        _ = state.recordFollowerFetch(b2, fetchOffset: Offset(20), localLogEndOffset: Offset(20), nowMs: 1)
        state.advanceHighWatermark(localLogEndOffset: Offset(20))
        #expect(state.highWatermark == Offset(20))
        // b3 reached the high watermark but this leader's epoch started at 25 (it appended since).
        _ = state.recordFollowerFetch(b3, fetchOffset: Offset(20), localLogEndOffset: Offset(30), nowMs: 2)
        #expect(state.isrAfterExpansion(adding: b3, currentEpochStartOffset: Offset(25)) == nil)
        _ = state.recordFollowerFetch(b3, fetchOffset: Offset(26), localLogEndOffset: Offset(30), nowMs: 3)
        #expect(state.isrAfterExpansion(adding: b3, currentEpochStartOffset: Offset(25)) == [b1, b2, b3])
    }

    @Test func expansionIsRefusedForMembersStrangersAndFollowersBelowTheHighWatermark() {
        var state = leader(isr: [b1, b2], logEnd: 10)
        _ = state.recordFollowerFetch(b2, fetchOffset: Offset(10), localLogEndOffset: Offset(10), nowMs: 1)
        state.advanceHighWatermark(localLogEndOffset: Offset(10))
        _ = state.recordFollowerFetch(b3, fetchOffset: Offset(9), localLogEndOffset: Offset(10), nowMs: 1)
        #expect(state.isrAfterExpansion(adding: b2, currentEpochStartOffset: Offset(0)) == nil, "already in")
        #expect(state.isrAfterExpansion(adding: BrokerID(9), currentEpochStartOffset: Offset(0)) == nil)
        #expect(state.isrAfterExpansion(adding: b3, currentEpochStartOffset: Offset(0)) == nil, "below the HW")
        #expect(state.isrAfterExpansion(adding: b3, currentEpochStartOffset: nil) == nil)
    }

    @Test func aFollowerProposesNoISRChanges() {
        var state = ReplicaState(localBroker: b2)
        _ = state.apply(leader: b1, leaderEpoch: LeaderEpoch(1), isr: [b1, b2], replicas: [b1, b2, b3], zkVersion: 0,
                        localLogEndOffset: Offset(0), nowMs: 0)
        #expect(state.isrAfterShrink(localLogEndOffset: Offset(0), nowMs: 1_000_000, lagTimeMaxMs: 1) == nil)
        #expect(state.isrAfterExpansion(adding: b3, currentEpochStartOffset: Offset(0)) == nil)
    }

    @Test func aWrittenShrinkLetsTheHighWatermarkAdvance() {
        var state = leader(isr: [b1, b2, b3], logEnd: 10)
        _ = state.recordFollowerFetch(b2, fetchOffset: Offset(10), localLogEndOffset: Offset(10), nowMs: 1)
        _ = state.recordFollowerFetch(b3, fetchOffset: Offset(3), localLogEndOffset: Offset(10), nowMs: 1)
        state.advanceHighWatermark(localLogEndOffset: Offset(10))
        #expect(state.highWatermark == Offset(3))
        guard let shrunk = state.isrAfterShrink(localLogEndOffset: Offset(10), nowMs: 40_000, lagTimeMaxMs: 30_000)
        else {
            Issue.record("b3 should lag")
            return
        }
        state.updateISR(shrunk, zkVersion: 5, localLogEndOffset: Offset(10))
        #expect(state.isr == [b1, b2])
        #expect(state.zkVersion == 5)
        #expect(state.highWatermark == Offset(10))
    }
}
