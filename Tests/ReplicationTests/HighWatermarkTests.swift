import KafkaModel
import Replication
import Testing

/// The high watermark of a `Partition` on a real log: the leader's from its followers' fetches, a follower's from
/// its leader's answers.
@Suite struct HighWatermarkTests {
    let orders0 = TopicPartition("orders", PartitionIndex(0))
    let b2 = BrokerID(2), b3 = BrokerID(3)

    /// Broker 1 leading orders-0 (replicas 1, 2, 3) with `isr`, holding 10 records.
    func leader(isr: [Int32]) throws -> (TestBroker, Partition) {
        let broker = try TestBroker(1)
        broker.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: isr, replicas: [1, 2, 3])
        try broker.produce(orders0, 10)
        return (broker, try broker.partition(orders0))
    }

    @Test func advancesOnlyWhenEveryInSyncFollowerFetchedPastIt() throws {
        let (broker, partition) = try leader(isr: [1, 2, 3])
        defer { broker.shutDown() }
        #expect(partition.highWatermark == Offset(0), "no follower has fetched")

        _ = partition.recordFollowerFetch(b2, fetchOffset: Offset(10), nowMs: 1)
        #expect(partition.highWatermark == Offset(0), "broker 3 has fetched nothing yet")
        _ = partition.recordFollowerFetch(b3, fetchOffset: Offset(4), nowMs: 1)
        #expect(partition.highWatermark == Offset(4))
        _ = partition.recordFollowerFetch(b3, fetchOffset: Offset(10), nowMs: 2)
        #expect(partition.highWatermark == Offset(10))
    }

    @Test func neverPassesTheLeadersLogEnd() throws {
        let (broker, partition) = try leader(isr: [1, 2])
        defer { broker.shutDown() }
        // A follower cannot hold what the leader does not: a fetch past the log end records nothing.
        #expect(partition.recordFollowerFetch(b2, fetchOffset: Offset(15), nowMs: 1) == [])
        #expect(partition.highWatermark == Offset(0))
        _ = partition.recordFollowerFetch(b2, fetchOffset: Offset(10), nowMs: 2)
        #expect(partition.highWatermark == Offset(10))
        _ = partition.recordFollowerFetch(b2, fetchOffset: Offset(15), nowMs: 3)
        #expect(partition.highWatermark == Offset(10))
        #expect(partition.replicaState.followers[b2]?.logEndOffset == Offset(10))
    }

    @Test func followersOutsideTheISRDoNotHoldItBack() throws {
        let (broker, partition) = try leader(isr: [1, 2])
        defer { broker.shutDown() }
        _ = partition.recordFollowerFetch(b3, fetchOffset: Offset(2), nowMs: 1)
        #expect(partition.highWatermark == Offset(0))
        _ = partition.recordFollowerFetch(b2, fetchOffset: Offset(10), nowMs: 1)
        #expect(partition.highWatermark == Offset(10), "broker 3, at 2, is not in the ISR")
        _ = partition.recordFollowerFetch(b3, fetchOffset: Offset(3), nowMs: 2)
        #expect(partition.highWatermark == Offset(10))
    }

    @Test func aLeaderAloneInTheISRCommitsWhatItAppends() throws {
        let (broker, partition) = try leader(isr: [1])
        defer { broker.shutDown() }
        #expect(partition.highWatermark == Offset(10))
        try broker.produce(orders0, 5)
        #expect(partition.highWatermark == Offset(15))
    }

    @Test func aFollowerTakesTheLeadersHighWatermarkUpToItsOwnLogEnd() throws {
        let (leader, source) = try leader(isr: [1, 2])
        defer { leader.shutDown() }
        let follower = try TestBroker(2)
        defer { follower.shutDown() }
        follower.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1, 2], replicas: [1, 2, 3])
        let partition = try follower.partition(orders0)
        let records = try source.log.read(from: Offset(0), maxBytes: 1 << 20).readBytes()

        // The leader's high watermark (12) is past what this answer brought (up to 10): capped at the log end.
        _ = partition.appendAsFollower(records, fetchOffset: Offset(0), leaderEpoch: LeaderEpoch(1),
                                       leaderHighWatermark: Offset(12), leaderLogStartOffset: Offset(0))
        #expect(partition.highWatermark == Offset(10))
        // An answer with an older high watermark does not move it back.
        _ = partition.appendAsFollower(nil, fetchOffset: Offset(10), leaderEpoch: LeaderEpoch(1),
                                       leaderHighWatermark: Offset(6), leaderLogStartOffset: Offset(0))
        #expect(partition.highWatermark == Offset(10))
    }
}
