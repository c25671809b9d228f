import KafkaModel
import KafkaProtocol
import Replication
import Testing

/// A follower reconciling its log with a new leader's through its fetcher: OffsetForLeaderEpoch before fetching
/// (`FollowerTruncation`), and ListOffsets after OFFSET_OUT_OF_RANGE (`OutOfRangeRecovery`), against `FakeLeader`s
/// on real logs.
@Suite struct TruncationTests {
    let orders0 = TopicPartition("orders", PartitionIndex(0))

    func batch(_ base: Int64, _ last: Int64, epoch: Int32) -> BatchSummary {
        BatchSummary(baseOffset: base, lastOffset: last, leaderEpoch: epoch)
    }

    /// Starts the follower's fetchers and makes it follow broker `leader` at `epoch`, then waits until it holds
    /// exactly the leader's log.
    func follow(_ leader: TestBroker, epoch: Int32, on follower: TestBroker, in cluster: TestCluster) async throws {
        cluster.startFetchers(on: follower)
        #expect(follower.leaderAndIsr(orders0, leader: leader.id.rawValue, epoch: epoch, isr: [1, 2, 3],
                                      replicas: [1, 2, 3]) == KafkaErrorCode.none)
        let leaderEnd = try leader.logEnd(orders0)
        try await waitUntil("the follower holds the leader's log") {
            try follower.logEnd(orders0) == leaderEnd && follower.logBytes(orders0) == leader.logBytes(orders0)
        }
    }

    @Test func aDivergentFollowerTruncatesToTheLeadersEpochEndThenFetches() async throws {
        try await withCluster { cluster in
            let leader = try cluster.broker(1), follower = try cluster.broker(2)
            leader.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1, 2], replicas: [1, 2, 3])
            try leader.produce(orders0, 5, value: "common")
            follower.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1, 2], replicas: [1, 2, 3])
            try follower.copyLog(orders0, from: leader, epoch: 1)
            // Broker 2 led epoch 2 and wrote records nobody replicated; broker 1 then led epoch 3.
            follower.leaderAndIsr(orders0, leader: 2, epoch: 2, isr: [2], replicas: [1, 2, 3])
            try follower.produce(orders0, 5, value: "divergent")
            leader.leaderAndIsr(orders0, leader: 1, epoch: 3, isr: [1], replicas: [1, 2, 3])
            try leader.produce(orders0, 3, value: "epoch3")
            #expect(try follower.batches(orders0) == [batch(0, 4, epoch: 1), batch(5, 9, epoch: 2)])
            let endpoint = cluster.serve(leader)

            try await follow(leader, epoch: 3, on: follower, in: cluster)

            #expect(try follower.batches(orders0) == [batch(0, 4, epoch: 1), batch(5, 7, epoch: 3)])
            #expect(try follower.partition(orders0).log.leaderEpochCache.all
                    == leader.partition(orders0).log.leaderEpochCache.all)
            let query = try #require(endpoint.epochQueries.first?.topics.first?.partitions.first)
            #expect(query.leaderEpoch == 2, "the follower asked where its latest epoch ends")
            #expect(query.currentLeaderEpoch == 3)
            #expect(endpoint.versions == [.offsetForLeaderEpoch: [3], .fetch: [12]])
        }
    }

    @Test func aFollowerThatNeverSawTheLeadersEpochAsksAgainWithAnOlderOne() async throws {
        try await withCluster { cluster in
            let leader = try cluster.broker(1), follower = try cluster.broker(2)
            // Epoch 1 (0...4) reached both; broker 1's epoch 2 (5...7) reached only itself, broker 2's epoch 3
            // (5...8) only broker 2; broker 1 leads again at epoch 4 (8...9).
            leader.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1, 2], replicas: [1, 2, 3])
            try leader.produce(orders0, 5)
            follower.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1, 2], replicas: [1, 2, 3])
            try follower.copyLog(orders0, from: leader, epoch: 1)
            leader.leaderAndIsr(orders0, leader: 1, epoch: 2, isr: [1], replicas: [1, 2, 3])
            try leader.produce(orders0, 3)
            follower.leaderAndIsr(orders0, leader: 2, epoch: 3, isr: [2], replicas: [1, 2, 3])
            try follower.produce(orders0, 4)
            leader.leaderAndIsr(orders0, leader: 1, epoch: 4, isr: [1], replicas: [1, 2, 3])
            try leader.produce(orders0, 2)
            let endpoint = cluster.serve(leader)

            try await follow(leader, epoch: 4, on: follower, in: cluster)

            // Asked for epoch 3, the leader answers epoch 2, which the follower never had: it cuts to the end of
            // its own epoch 1 and asks again about that one.
            #expect(endpoint.epochQueries.map { $0.topics.first?.partitions.first?.leaderEpoch } == [3, 1])
            #expect(try follower.batches(orders0)
                    == [batch(0, 4, epoch: 1), batch(5, 7, epoch: 2), batch(8, 9, epoch: 4)])
        }
    }

    @Test func offsetOutOfRangePastTheLeadersEndTruncatesToIt() async throws {
        try await withCluster { cluster in
            let oldLeader = try cluster.broker(1), follower = try cluster.broker(2), newLeader = try cluster.broker(3)
            oldLeader.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1, 2], replicas: [1, 2, 3])
            try oldLeader.produce(orders0, 6, value: "a")
            try oldLeader.produce(orders0, 4, value: "b")
            follower.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1, 2], replicas: [1, 2, 3])
            try follower.copyLog(orders0, from: oldLeader, epoch: 1)
            _ = try oldLeader.partition(orders0).recordFollowerFetch(BrokerID(2), fetchOffset: Offset(10), nowMs: 1)
            try follower.copyLog(orders0, from: oldLeader, epoch: 1)  // takes the high watermark, 10
            // Broker 3, out of sync with only the first batch, is elected uncleanly; its log keeps no epochs, so
            // the follower cannot tell where they diverged and keeps what it holds as committed.
            newLeader.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1, 2], replicas: [1, 2, 3])
            try newLeader.copyLog(orders0, from: oldLeader, epoch: 1, upTo: Offset(6))
            newLeader.leaderAndIsr(orders0, leader: 3, epoch: 2, isr: [3], replicas: [1, 2, 3])
            try newLeader.produce(orders0, 3, value: "c")
            let endpoint = cluster.serve(newLeader)
            endpoint.knowNoEpochs()
            #expect(try follower.partition(orders0).highWatermark == Offset(10))

            try await follow(newLeader, epoch: 2, on: follower, in: cluster)

            #expect(try follower.batches(orders0) == [batch(0, 5, epoch: 1), batch(6, 8, epoch: 2)])
            let asked = endpoint.offsetQueries.flatMap { $0.topics.flatMap(\.partitions).map(\.timestamp) }
            #expect(asked == [Offset.latest.rawValue, Offset.earliest.rawValue])
            #expect(endpoint.versions[.listOffsets] == [4])
        }
    }

    @Test func offsetOutOfRangeBeforeTheLeadersStartRestartsTheLogThere() async throws {
        try await withCluster { cluster in
            let leader = try cluster.broker(1), follower = try cluster.broker(2)
            leader.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1], replicas: [1, 2, 3])
            for _ in 0..<5 { try leader.produce(orders0, 2) }
            // Retention or DeleteRecords removed what the empty follower would fetch first.
            try leader.partition(orders0).log.deleteRecords(before: Offset(6))
            let endpoint = cluster.serve(leader)

            try await follow(leader, epoch: 1, on: follower, in: cluster)

            let log = try follower.partition(orders0).log
            #expect(log.logStartOffset == Offset(6))
            #expect(try follower.batches(orders0) == [batch(6, 7, epoch: 1), batch(8, 9, epoch: 1)])
            try await waitUntil("the follower takes the high watermark") {
                try follower.partition(orders0).highWatermark == Offset(10)
            }
            #expect(!endpoint.offsetQueries.isEmpty)
        }
    }
}
