import KafkaModel
import Replication
import Testing

/// An epoch history as `LeaderEpochCache` keeps it (epoch, start offset), answering as
/// `LeaderEpochCache.endOffset(for:logEndOffset:)` does: the largest epoch ≤ the requested one and where the
/// next epoch started, or the log end for the latest epoch.
private struct EpochHistory {
    var entries: [(epoch: Int32, start: Int64)]
    var logEnd: Int64

    func endOffset(for requested: LeaderEpoch) -> (epoch: LeaderEpoch, endOffset: Offset)? {
        guard requested != .unknown, let last = entries.last else { return nil }
        if requested.rawValue == last.epoch { return (requested, Offset(logEnd)) }
        guard let higher = entries.first(where: { $0.epoch > requested.rawValue }) else { return nil }
        guard let floor = entries.last(where: { $0.epoch <= requested.rawValue }) else {
            return (requested, Offset(higher.start))
        }
        return (LeaderEpoch(floor.epoch), Offset(higher.start))
    }
}

@Suite struct FollowerTruncationTests {
    /// Runs the follower's side against a leader history until the decision is complete, the way the fetcher
    /// does: ask with our latest epoch, cut, repeat while incomplete. Returns the final log end offset.
    private func reconcile(follower: EpochHistory, leader: EpochHistory, highWatermark: Int64 = 0) -> Int64 {
        var follower = follower
        for _ in 0..<10 {
            guard let latest = follower.entries.last else {
                let decision = FollowerTruncation.withoutLocalEpoch(localLogEndOffset: Offset(follower.logEnd),
                                                                    localHighWatermark: Offset(highWatermark))
                return min(follower.logEnd, decision.truncateTo.rawValue)
            }
            let answer = leader.endOffset(for: LeaderEpoch(latest.epoch))
            let decision = FollowerTruncation.decide(
                leaderEpoch: answer?.epoch ?? .unknown, leaderEndOffset: answer?.endOffset ?? Offset(-1),
                localLogEndOffset: Offset(follower.logEnd), localHighWatermark: Offset(highWatermark),
                localEndOffset: follower.endOffset(for:))
            let cut = decision.truncateTo.rawValue
            if cut < follower.logEnd {
                follower.logEnd = cut
                follower.entries.removeAll { $0.start >= cut }
            }
            if decision.completed { return follower.logEnd }
        }
        Issue.record("truncation did not converge")
        return follower.logEnd
    }

    @Test func aFollowerWithTheLeadersHistoryKeepsItsWholeLog() {
        let leader = EpochHistory(entries: [(0, 0), (1, 10)], logEnd: 30)
        let follower = EpochHistory(entries: [(0, 0), (1, 10)], logEnd: 25)
        #expect(reconcile(follower: follower, leader: leader) == 25)
    }

    @Test func aDivergentTailWrittenByAFailedLeaderIsCut() {
        // The follower led epoch 2 from offset 15 and wrote up to 20, but none of it was replicated; the new
        // leader (epoch 3) took over at offset 12.
        let leader = EpochHistory(entries: [(0, 0), (1, 10), (3, 12)], logEnd: 18)
        let follower = EpochHistory(entries: [(0, 0), (1, 10), (2, 15)], logEnd: 20)
        #expect(reconcile(follower: follower, leader: leader) == 12)
    }

    @Test func aFollowerThatMissedTheLeadersEpochAsksAgain() {
        // The leader knows epoch 1 (ending at 8); the follower never saw epoch 1 and answered with its epoch 0
        // end first, then converges to the common prefix.
        let leader = EpochHistory(entries: [(0, 0), (1, 5), (4, 8)], logEnd: 40)
        let follower = EpochHistory(entries: [(0, 0), (2, 6)], logEnd: 9)
        let first = FollowerTruncation.decide(
            leaderEpoch: LeaderEpoch(1), leaderEndOffset: Offset(8), localLogEndOffset: Offset(9),
            localHighWatermark: Offset(0), localEndOffset: follower.endOffset(for:))
        #expect(first == .init(truncateTo: Offset(6), completed: false))
        #expect(reconcile(follower: follower, leader: leader) == 5)
    }

    @Test func theCutNeverExtendsTheLog() {
        let decision = FollowerTruncation.decide(
            leaderEpoch: LeaderEpoch(3), leaderEndOffset: Offset(100), localLogEndOffset: Offset(40),
            localHighWatermark: Offset(0), localEndOffset: { _ in (LeaderEpoch(3), Offset(40)) })
        #expect(decision == .init(truncateTo: Offset(40), completed: true))
    }

    @Test func aLeaderWithoutEpochsLeavesOnlyWhatWasCommitted() {
        let decision = FollowerTruncation.decide(
            leaderEpoch: .unknown, leaderEndOffset: Offset(-1), localLogEndOffset: Offset(40),
            localHighWatermark: Offset(31), localEndOffset: { _ in nil })
        #expect(decision == .init(truncateTo: Offset(31), completed: true))
    }

    @Test func anUnknownEpochWithAnEndOffsetCutsThere() {
        let decision = FollowerTruncation.decide(
            leaderEpoch: .unknown, leaderEndOffset: Offset(12), localLogEndOffset: Offset(40),
            localHighWatermark: Offset(0), localEndOffset: { _ in (LeaderEpoch(2), Offset(40)) })
        #expect(decision == .init(truncateTo: Offset(12), completed: true))
    }

    @Test func aLogWithoutEpochsKeepsItsCommittedPrefix() {
        let empty = EpochHistory(entries: [], logEnd: 0)
        #expect(reconcile(follower: empty, leader: EpochHistory(entries: [(0, 0)], logEnd: 9)) == 0)
        let decision = FollowerTruncation.withoutLocalEpoch(localLogEndOffset: Offset(10),
                                                            localHighWatermark: Offset(7))
        #expect(decision == .init(truncateTo: Offset(7), completed: true))
    }
}

@Suite struct OutOfRangeRecoveryTests {
    @Test func aLogPastTheLeadersEndIsCutBack() {
        #expect(OutOfRangeRecovery.decide(localLogEndOffset: Offset(50), leaderLogEndOffset: Offset(40),
                                          leaderLogStartOffset: Offset(0)) == .truncate(to: Offset(40)))
    }

    @Test func aLogBehindTheLeadersStartRestartsThere() {
        #expect(OutOfRangeRecovery.decide(localLogEndOffset: Offset(10), leaderLogEndOffset: Offset(400),
                                          leaderLogStartOffset: Offset(300)) == .truncateFully(startingAt: Offset(300)))
    }

    @Test func aLogInsideTheLeadersRangeKeepsFetching() {
        #expect(OutOfRangeRecovery.decide(localLogEndOffset: Offset(350), leaderLogEndOffset: Offset(400),
                                          leaderLogStartOffset: Offset(300)) == .fetch(from: Offset(350)))
    }
}
