import KafkaModel
import KafkaProtocol
import Replication
import Testing

extension FetchRequest {
    func asks(for tp: TopicPartition) -> Bool {
        topics.contains { $0.topic == tp.topic && $0.partitions.contains { $0.partition == tp.partition.rawValue } }
    }
}

extension Partition.FollowerAppendOutcome {
    var isFenced: Bool { if case .fenced = self { true } else { false } }
    var isStale: Bool { if case .stale = self { true } else { false } }
}

/// Replication end to end: `ReplicaFetcherManager` and its `ReplicaFetcher`s on a follower's real logs, fetching
/// from `FakeLeader`s that answer from the leaders' real logs.
@Suite struct ReplicaFetcherTests {
    let orders0 = TopicPartition("orders", PartitionIndex(0))
    let orders1 = TopicPartition("orders", PartitionIndex(1))

    /// Broker 2 following orders-0 from broker 1 (replicas and ISR 1, 2, epoch 1), caught up with its three records.
    func followerCaughtUpWithThreeRecords(in cluster: TestCluster) async throws
        -> (leader: TestBroker, follower: TestBroker, endpoint: FakeLeader, fetchers: ReplicaFetcherManager)
    {
        let leader = try cluster.broker(1), follower = try cluster.broker(2)
        let endpoint = cluster.serve(leader)
        leader.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1, 2], replicas: [1, 2])
        try leader.produce(orders0, 3)
        let fetchers = cluster.startFetchers(on: follower)
        follower.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1, 2], replicas: [1, 2])
        try await waitUntil("the follower caught up") { try follower.logEnd(orders0) == Offset(3) }
        return (leader, follower, endpoint, fetchers)
    }

    @Test func aFollowerCatchesUpToTheLeadersLogAndHighWatermark() async throws {
        try await withCluster { cluster in
            let leader = try cluster.broker(1), follower = try cluster.broker(2)
            let endpoint = cluster.serve(leader)
            leader.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1, 2], replicas: [1, 2])
            for batch in 0..<3 { try leader.produce(orders0, 4, value: "batch\(batch)") }
            cluster.startFetchers(on: follower)
            #expect(follower.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1, 2], replicas: [1, 2])
                    == KafkaErrorCode.none)

            func caughtUp(at end: Int64) throws -> Bool {
                try follower.logEnd(orders0) == Offset(end) && leader.partition(orders0).highWatermark == Offset(end)
                    && follower.partition(orders0).highWatermark == Offset(end)
            }
            try await waitUntil("the follower holds the leader's 12 records and high watermark") { try caughtUp(at: 12) }
            #expect(try follower.logBytes(orders0) == leader.logBytes(orders0))
            #expect(try follower.partition(orders0).log.leaderEpochCache.all
                    == leader.partition(orders0).log.leaderEpochCache.all)

            try leader.produce(orders0, 5, value: "later")
            try await waitUntil("the follower holds the leader's 17 records and high watermark") { try caughtUp(at: 17) }
            #expect(try follower.logBytes(orders0) == leader.logBytes(orders0))

            #expect(endpoint.versions == [.fetch: [12]])
            #expect(endpoint.fetches.allSatisfy { fetch in
                fetch.replicaID == BrokerID(2) && fetch.topics.flatMap(\.partitions).allSatisfy { $0.currentLeaderEpoch == 1 }
            })
        }
    }

    @Test func aFollowerOutsideTheISRThatCatchesUpIsAddedBackByTheLeader() async throws {
        try await withCluster { cluster in
            let leader = try cluster.broker(1), follower = try cluster.broker(2)
            let endpoint = cluster.serve(leader)
            let writer = RecordingStateWriter()
            let isrManager = ISRManager(replicas: leader.replicas, writer: writer,
                                        controllerEpoch: { _ in ControllerEpoch(9) }, lagTimeMaxMs: 10_000,
                                        nowMs: TestClock().reading, logger: quietLogger)
            endpoint.followerFetched.withLockedValue { $0 = isrManager.fetchHook }
            leader.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1], replicas: [1, 2], zkVersion: 3)
            try leader.produce(orders0, 10)
            cluster.startFetchers(on: follower)
            follower.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1], replicas: [1, 2], zkVersion: 3)

            let partition = try leader.partition(orders0)
            try await waitUntil("the follower is back in the ISR") {
                partition.replicaState.isr == [BrokerID(1), BrokerID(2)]
            }
            #expect(writer.writes.map(\.isr) == [[BrokerID(1), BrokerID(2)]])
            #expect(writer.writes.map(\.expectedZkVersion) == [3])
            // From now on the leader's high watermark waits for the follower.
            try leader.produce(orders0, 2)
            #expect(partition.highWatermark == Offset(10))
            try await waitUntil("the follower replicated the new records") {
                try partition.highWatermark == Offset(12) && follower.partition(orders0).highWatermark == Offset(12)
            }
        }
    }

    @Test func aLeaderChangeMidFetchFencesTheOldFetchersWrites() async throws {
        try await withCluster { cluster in
            let broker1 = try cluster.broker(1), follower = try cluster.broker(2), broker3 = try cluster.broker(3)
            let endpoint1 = cluster.serve(broker1), endpoint3 = cluster.serve(broker3)
            for tp in [orders0, orders1] {
                broker1.leaderAndIsr(tp, leader: 1, epoch: 1, isr: [1, 2, 3], replicas: [1, 2, 3])
                try broker1.produce(tp, 5, value: "first")
            }
            broker3.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1, 2, 3], replicas: [1, 2, 3])
            try broker3.copyLog(orders0, from: broker1, epoch: 1)
            cluster.startFetchers(on: follower)
            for tp in [orders0, orders1] {
                follower.leaderAndIsr(tp, leader: 1, epoch: 1, isr: [1, 2, 3], replicas: [1, 2, 3])
            }
            try await waitUntil("the follower caught up") {
                try follower.logEnd(orders0) == Offset(5) && follower.logEnd(orders1) == Offset(5)
            }

            // Broker 1 appends records only it will ever have; the answer carrying them is held in flight.
            endpoint1.answersWithRecords.hold()
            try broker1.produce(orders0, 3, value: "lost")
            try await waitUntil("the answer is in flight") { endpoint1.answersWithRecords.held == 1 }

            // Broker 3 takes over orders-0 at epoch 2 and appends; the follower hears of it while broker 3 is not
            // reachable yet. The old fetcher keeps running: it still fetches orders-1 from broker 1.
            broker3.leaderAndIsr(orders0, leader: 3, epoch: 2, isr: [2, 3], replicas: [1, 2, 3])
            try broker3.produce(orders0, 2, value: "second")
            endpoint3.refuseConnections(Int.max)
            #expect(follower.leaderAndIsr(orders0, leader: 3, epoch: 2, isr: [2, 3], replicas: [1, 2, 3])
                    == KafkaErrorCode.none)

            let fetchesBeforeRelease = endpoint1.fetches.count
            endpoint1.answersWithRecords.release()
            try await waitUntil("the old fetcher handled the stale answer and fetched again") {
                endpoint1.fetches.dropFirst(fetchesBeforeRelease).contains { !$0.asks(for: orders0) }
            }
            #expect(try follower.logEnd(orders0) == Offset(5), "nothing was written at epoch 1")
            #expect(try follower.batches(orders0) == [BatchSummary(baseOffset: 0, lastOffset: 4, leaderEpoch: 1)])

            endpoint3.refuseConnections(0)
            try await waitUntil("the follower holds broker 3's log") {
                try follower.logEnd(orders0) == Offset(7)
            }
            #expect(try follower.logBytes(orders0) == broker3.logBytes(orders0))
            #expect(try follower.batches(orders0) == [BatchSummary(baseOffset: 0, lastOffset: 4, leaderEpoch: 1),
                                                      BatchSummary(baseOffset: 5, lastOffset: 6, leaderEpoch: 2)])
        }
    }

    @Test func aLostConnectionIsReopenedAndReplicationResumes() async throws {
        try await withCluster { cluster in
            let (leader, follower, endpoint, _) = try await followerCaughtUpWithThreeRecords(in: cluster)

            // The connection breaks under a waiting fetch, and the leader refuses the first reconnections.
            endpoint.refuseConnections(2)
            endpoint.dropConnections()
            try leader.produce(orders0, 4)
            try await waitUntil("replication resumed") { try follower.logEnd(orders0) == Offset(7) }
            #expect(endpoint.connectionCount == 2)

            // A request the connection fails under: the fetcher connects again.
            endpoint.failRequests(1)
            try await waitUntil("the fetcher reconnected") { endpoint.connectionCount == 3 }
            try leader.produce(orders0, 2)
            try await waitUntil("replication resumed again") { try follower.logEnd(orders0) == Offset(9) }
            #expect(try follower.logBytes(orders0) == leader.logBytes(orders0))
        }
    }

    @Test func aFollowerBecomingLeaderStopsFetching() async throws {
        try await withCluster { cluster in
            let (leader, follower, endpoint, fetchers) = try await followerCaughtUpWithThreeRecords(in: cluster)

            follower.leaderAndIsr(orders0, leader: 2, epoch: 2, isr: [2], replicas: [1, 2])
            try leader.produce(orders0, 4)
            // Shutting the fetchers down waits for the retired one, so every fetch it made is counted by now.
            await fetchers.shutdown()
            #expect(try follower.logEnd(orders0) == Offset(3))
            #expect(try follower.partition(orders0).isLeader)
            #expect(endpoint.fetches.allSatisfy { fetch in
                fetch.topics.flatMap(\.partitions).allSatisfy { $0.currentLeaderEpoch == 1 }
            })
        }
    }

    /// The partition's own fence, under every fetcher: once a LeaderAndIsr or StopReplica returned, no write for
    /// the epoch the fetcher acted on gets through.
    @Test func writesForAnEpochNoLongerFollowedAreRefused() throws {
        let leader = try TestBroker(1), follower = try TestBroker(2)
        defer {
            leader.shutDown()
            follower.shutDown()
        }
        leader.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1, 2], replicas: [1, 2, 3])
        try leader.produce(orders0, 5)
        let records = try leader.logBytes(orders0)
        follower.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1, 2], replicas: [1, 2, 3])
        let partition = try follower.partition(orders0)

        follower.leaderAndIsr(orders0, leader: 3, epoch: 2, isr: [2, 3], replicas: [1, 2, 3])
        #expect(partition.appendAsFollower(records, fetchOffset: Offset(0), leaderEpoch: LeaderEpoch(1),
                                           leaderHighWatermark: Offset(5), leaderLogStartOffset: Offset(0)).isFenced)
        #expect(try !partition.truncateAsFollower(to: Offset(0), leaderEpoch: LeaderEpoch(1)))
        #expect(try !partition.truncateFullyAsFollower(startingAt: Offset(9), leaderEpoch: LeaderEpoch(1)))
        // At the current epoch, records fetched for another log end are dropped.
        #expect(partition.appendAsFollower(records, fetchOffset: Offset(3), leaderEpoch: LeaderEpoch(2),
                                           leaderHighWatermark: Offset(5), leaderLogStartOffset: Offset(0)).isStale)

        _ = follower.replicas.stopReplicas([(orders0, delete: false)])
        #expect(partition.appendAsFollower(records, fetchOffset: Offset(0), leaderEpoch: LeaderEpoch(2),
                                           leaderHighWatermark: Offset(5), leaderLogStartOffset: Offset(0)).isFenced)
        #expect(partition.log.logEndOffset == Offset(0))
        #expect(partition.log.logStartOffset == Offset(0))
    }
}
