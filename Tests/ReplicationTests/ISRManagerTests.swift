import KafkaModel
import Replication
import Testing

/// ISR shrink and expand through `ISRManager`, with the state znode in a `RecordingStateWriter` and lag measured
/// on a `TestClock` (replica.lag.time.max.ms = 10 s).
@Suite struct ISRManagerTests {
    static let lagTimeMaxMs: Int64 = 10_000
    let orders0 = TopicPartition("orders", PartitionIndex(0))
    let b1 = BrokerID(1), b2 = BrokerID(2), b3 = BrokerID(3), b4 = BrokerID(4)
    let broker: TestBroker
    let writer = RecordingStateWriter()
    let clock = TestClock()
    let isrManager: ISRManager

    init() throws {
        broker = try TestBroker(1)
        isrManager = ISRManager(replicas: broker.replicas, writer: writer, controllerEpoch: { _ in ControllerEpoch(9) },
                                lagTimeMaxMs: Self.lagTimeMaxMs, nowMs: clock.reading, logger: quietLogger)
    }

    /// Broker 1 leads orders-0 at epoch 4 (znode version 7) from t = 0 with replicas and ISR 1, 2, 3 and 10
    /// records; broker 2 fetched everything at t = 1 s, broker 3 never fetched.
    func leadWithBroker3Silent() throws -> Partition {
        broker.leaderAndIsr(orders0, leader: 1, epoch: 4, isr: [1, 2, 3], replicas: [1, 2, 3], zkVersion: 7)
        try broker.produce(orders0, 10)
        let partition = try broker.partition(orders0)
        clock.set(1_000)
        isrManager.followerFetched(b2, partition: partition, fetchOffset: Offset(10))
        return partition
    }

    func write(isr: [BrokerID], epoch: Int32 = 4, expectedZkVersion: Int32 = 7) -> RecordingStateWriter.Write {
        .init(partition: orders0, leader: b1, leaderEpoch: LeaderEpoch(epoch), isr: isr,
              controllerEpoch: ControllerEpoch(9), expectedZkVersion: expectedZkVersion)
    }

    @Test func aFollowerThatStopsFetchingIsDroppedAfterTheLagTimeOnceWritten() async throws {
        defer { broker.shutDown() }
        let partition = try leadWithBroker3Silent()

        clock.set(Self.lagTimeMaxMs)
        await isrManager.shrinkLaggingISRs()
        #expect(writer.writes.isEmpty, "broker 3 has lagged exactly the lag time, not longer")

        clock.set(Self.lagTimeMaxMs + 1)
        writer.inFlight.hold()
        let round = Task { await isrManager.shrinkLaggingISRs() }
        try await waitUntil("the shrink is written") { writer.inFlight.held == 1 }
        #expect(writer.writes == [write(isr: [b1, b2])])
        #expect(partition.replicaState.isr == [b1, b2, b3], "not adopted before the write succeeded")
        #expect(partition.highWatermark == Offset(0))

        writer.inFlight.release()
        await round.value
        #expect(partition.replicaState.isr == [b1, b2])
        #expect(partition.replicaState.zkVersion == 8)
        #expect(partition.highWatermark == Offset(10), "broker 3 no longer holds the high watermark back")
        #expect(writer.notifications == [[orders0]])
    }

    @Test func aFollowerThatCaughtUpPastTheCurrentEpochsStartIsAddedBack() async throws {
        defer { broker.shutDown() }
        // Broker 4, in the ISR, has fetched nothing under this leader, so the high watermark stays at 0; this
        // leader's epoch 4 starts at offset 5.
        broker.leaderAndIsr(orders0, leader: 1, epoch: 3, isr: [1, 4], replicas: [1, 2, 3, 4], zkVersion: 6)
        try broker.produce(orders0, 5)
        broker.leaderAndIsr(orders0, leader: 1, epoch: 4, isr: [1, 4], replicas: [1, 2, 3, 4], zkVersion: 7)
        try broker.produce(orders0, 5)
        let partition = try broker.partition(orders0)
        #expect(partition.currentEpochStartOffset == Offset(5))

        // Broker 2 reached the high watermark but not this epoch's start: it may hold a tail this leader never
        // wrote. Broker 3 is past the start.
        isrManager.followerFetched(b2, partition: partition, fetchOffset: Offset(3))
        writer.inFlight.hold()
        isrManager.followerFetched(b3, partition: partition, fetchOffset: Offset(5))
        try await waitUntil("the expansion is written") { writer.inFlight.held == 1 }
        #expect(writer.writes == [write(isr: [b1, b4, b3])])
        #expect(partition.replicaState.isr == [b1, b4], "not adopted before the write succeeded")

        writer.inFlight.release()
        try await waitUntil("the expansion is adopted") { partition.replicaState.isr == [b1, b4, b3] }
        #expect(partition.replicaState.zkVersion == 8)
        try await waitUntil("the controller is notified") { writer.notifications == [[orders0]] }
        #expect(writer.writes.count == 1)
    }

    @Test func aVersionConflictStopsChangesUntilANewLeaderAndIsr() async throws {
        defer { broker.shutDown() }
        let partition = try leadWithBroker3Silent()
        writer.answerNext(.versionConflict)

        clock.set(Self.lagTimeMaxMs + 1)
        await isrManager.shrinkLaggingISRs()
        #expect(writer.writes == [write(isr: [b1, b2])])
        #expect(partition.replicaState.isr == [b1, b2, b3])
        #expect(writer.notifications.isEmpty)

        // The controller changed the partition: no more writes on the version this leader knows.
        clock.set(3 * Self.lagTimeMaxMs)
        await isrManager.shrinkLaggingISRs()
        #expect(writer.writes.count == 1)

        // Its LeaderAndIsr (epoch 5, version 12) lets the leader try again, on the new version.
        broker.leaderAndIsr(orders0, leader: 1, epoch: 5, isr: [1, 2, 3], replicas: [1, 2, 3], zkVersion: 12,
                            nowMs: clock.nowMs)
        await isrManager.shrinkLaggingISRs()
        #expect(writer.writes == [write(isr: [b1, b2]), write(isr: [b1, b2], epoch: 5, expectedZkVersion: 12)])
        #expect(partition.replicaState.isr == [b1, b2])
        #expect(partition.replicaState.zkVersion == 13)
    }

    @Test func aFailedWriteIsNotAdoptedAndIsRetriedNextRound() async throws {
        defer { broker.shutDown() }
        let partition = try leadWithBroker3Silent()
        writer.answerNext(.failure)

        clock.set(Self.lagTimeMaxMs + 1)
        await isrManager.shrinkLaggingISRs()
        #expect(partition.replicaState.isr == [b1, b2, b3])

        await isrManager.shrinkLaggingISRs()
        #expect(writer.writes == [write(isr: [b1, b2]), write(isr: [b1, b2])])
        #expect(partition.replicaState.isr == [b1, b2])
        #expect(partition.replicaState.zkVersion == 8)
    }

    @Test func aLeaderAndIsrThatOvertakesAWriteInFlightWins() async throws {
        defer { broker.shutDown() }
        let partition = try leadWithBroker3Silent()

        clock.set(Self.lagTimeMaxMs + 1)
        writer.inFlight.hold()
        let round = Task { await isrManager.shrinkLaggingISRs() }
        try await waitUntil("the shrink is written") { writer.inFlight.held == 1 }
        broker.leaderAndIsr(orders0, leader: 1, epoch: 5, isr: [1, 3], replicas: [1, 2, 3], zkVersion: 8,
                            nowMs: clock.nowMs)
        writer.inFlight.release()
        await round.value

        #expect(partition.replicaState.isr == [b1, b3])
        #expect(partition.replicaState.leaderEpoch == LeaderEpoch(5))
        #expect(partition.replicaState.zkVersion == 8)
    }
}
