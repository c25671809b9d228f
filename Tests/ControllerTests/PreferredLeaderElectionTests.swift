import Controller
import KafkaModel
import Logging
import NIOConcurrencyHelpers
import Testing

/// ElectLeaders and the automatic imbalance check, driven through the controller's store and channel.
@Suite(.timeLimit(.minutes(1))) struct PreferredLeaderElectionTests {
    let b1 = BrokerID(1), b2 = BrokerID(2), b3 = BrokerID(3)
    let topic = TopicName("orders")
    let fence = ControllerFence(epoch: ControllerEpoch(1), epochZkVersion: 1)

    func tp(_ partition: Int32) -> TopicPartition { TopicPartition(topic, PartitionIndex(partition)) }

    /// A cluster whose partitions have the given (leader, ISR) states already, all brokers live.
    func makeCluster(assignment: [[BrokerID]], states: [(BrokerID, [BrokerID])], live: [BrokerID]? = nil,
                     settings: Controller.Settings = .init(),
                     logger: Logger = Logger(label: "test.controller"))
        -> (InMemoryControllerStore, RecordingChannel, Controller)
    {
        let store = InMemoryControllerStore()
        store.state.withLockedValue { state in
            for id in live ?? [b1, b2, b3] {
                state.brokers[id] = LiveBroker(id: id, epoch: 100, endpoints: [
                    .init(listener: "PLAINTEXT", host: "127.0.0.1", port: 9000 + Int(id.rawValue))])
            }
            var partitions: [PartitionIndex: [BrokerID]] = [:]
            for (index, replicas) in assignment.enumerated() { partitions[PartitionIndex(Int32(index))] = replicas }
            state.assignments[topic] = TopicAssignment(partitions: partitions)
            for (index, (leader, isr)) in states.enumerated() {
                state.states[tp(Int32(index))] = StoredPartitionState(
                    state: LeaderAndISR(leader: leader, leaderEpoch: LeaderEpoch(4), isr: isr,
                                        controllerEpoch: ControllerEpoch(1)),
                    version: 7)
            }
        }
        let channel = RecordingChannel()
        let controller = Controller(brokerID: b1, store: store, channel: channel, settings: settings, logger: logger)
        return (store, channel, controller)
    }

    func state(_ store: InMemoryControllerStore, _ partition: Int32) -> LeaderAndISR? {
        store.state.withLockedValue { $0.states[tp(partition)]?.state }
    }

    @Test func preferredElectionMovesLeadershipToTheFirstReplicaWithABumpedEpoch() async throws {
        let (store, channel, controller) = makeCluster(
            assignment: [[b2, b3, b1], [b3, b1, b2]], states: [(b3, [b3, b1, b2]), (b3, [b3, b1, b2])])
        controller.activate(fence: fence)
        let outcomes = try await controller.electLeaders(.preferred, partitions: [tp(0), tp(1)])
        #expect(outcomes == [tp(0): .elected(b2), tp(1): .notNeeded])
        #expect(state(store, 0) == LeaderAndISR(leader: b2, leaderEpoch: LeaderEpoch(5), isr: [b3, b1, b2],
                                                controllerEpoch: ControllerEpoch(1)),
                "the ISR is kept, the epoch bumped")
        #expect(state(store, 1)?.leaderEpoch == LeaderEpoch(4), "a partition led by its preferred replica is untouched")
        let deadline = ContinuousClock.now + .seconds(5)
        while !channel.leaderships(sentTo: b2).contains(where: { $0.partition == tp(0) && $0.leader == b2 }) {
            try #require(ContinuousClock.now < deadline, "the new leader was told")
            try await Task.sleep(for: .milliseconds(5))
        }
        await controller.resign()
    }

    @Test func preferredReplicaOutOfTheISROrDownIsNotAvailable() async throws {
        let (store, _, controller) = makeCluster(
            assignment: [[b2, b1], [b3, b1]], states: [(b1, [b1]), (b1, [b1, b3])], live: [b1, b2])
        controller.activate(fence: fence)
        let outcomes = try await controller.electLeaders(.preferred, partitions: nil)
        #expect(outcomes == [tp(0): .preferredLeaderNotAvailable, tp(1): .preferredLeaderNotAvailable],
                "b2 is not in the ISR of partition 0; b3 is down")
        #expect(state(store, 0)?.leader == b1)
        await controller.resign()
    }

    @Test func unknownPartitionsAreNamed() async throws {
        let (_, _, controller) = makeCluster(assignment: [[b1, b2]], states: [(b2, [b2, b1])])
        controller.activate(fence: fence)
        let missing = TopicPartition(TopicName("nope"), PartitionIndex(0))
        let outcomes = try await controller.electLeaders(.preferred, partitions: [tp(0), tp(5), missing])
        #expect(outcomes == [tp(0): .elected(b1), tp(5): .unknownTopicOrPartition,
                             missing: .unknownTopicOrPartition])
        await controller.resign()
    }

    @Test func uncleanElectionGivesALeaderlessPartitionALiveReplicaOutsideTheISR() async throws {
        // Partition 0 lost its only in-sync replica b3; partition 1 has a live leader.
        let (store, _, controller) = makeCluster(
            assignment: [[b3, b2], [b1, b2]], states: [(BrokerID.none, [b3]), (b1, [b1])], live: [b1, b2])
        controller.activate(fence: fence)
        let outcomes = try await controller.electLeaders(.unclean, partitions: [tp(0), tp(1)])
        #expect(outcomes == [tp(0): .elected(b2), tp(1): .notNeeded])
        #expect(state(store, 0)?.leader == b2)
        #expect(state(store, 0)?.isr == [b2])
        await controller.resign()
    }

    @Test func uncleanElectionWithNoLiveReplicaFails() async throws {
        let (store, _, controller) = makeCluster(assignment: [[b3]], states: [(BrokerID.none, [b3])], live: [b1, b2])
        controller.activate(fence: fence)
        let outcomes = try await controller.electLeaders(.unclean, partitions: [tp(0)])
        #expect(outcomes == [tp(0): .eligibleLeadersNotAvailable])
        #expect(state(store, 0)?.leader == BrokerID.none)
        await controller.resign()
    }

    @Test func electLeadersOnAnInactiveControllerThrowsNotController() async throws {
        let (_, _, controller) = makeCluster(assignment: [[b1]], states: [(b1, [b1])])
        await #expect(throws: ControllerError.notController) {
            _ = try await controller.electLeaders(.preferred, partitions: nil)
        }
    }

    @Test func imbalanceCheckMovesLeadershipsBackToTheirPreferredReplica() async throws {
        // b2 is preferred for partitions 0 and 2 but leads neither; it is back in their ISRs.
        let (store, _, controller) = makeCluster(
            assignment: [[b2, b3, b1], [b3, b1, b2], [b2, b1, b3], [b1, b2, b3]],
            states: [(b3, [b3, b1, b2]), (b3, [b3, b1, b2]), (b1, [b1, b3, b2]), (b1, [b1, b2, b3])],
            settings: .init(autoLeaderRebalance: true, leaderImbalanceCheckInterval: .milliseconds(50),
                            leaderImbalancePerBrokerPercentage: 10))
        controller.activate(fence: fence)
        let deadline = ContinuousClock.now + .seconds(5)
        while state(store, 0)?.leader != b2 || state(store, 2)?.leader != b2 {
            try #require(ContinuousClock.now < deadline, "preferred leaders restored")
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(state(store, 1)?.leader == b3 && state(store, 3)?.leader == b1, "balanced partitions stay")
        await controller.resign()
    }

    @Test func imbalanceBelowTheThresholdIsLeftAlone() async throws {
        // b1 is preferred for 10 partitions and leads 9 of them: 10% imbalance is not above 10%.
        let assignment = (0..<10).map { _ in [b1, b2] }
        let states = [(b2, [b2, b1])] + (1..<10).map { _ in (b1, [b1, b2]) }
        let messages = NIOLockedValueBox<[RecordingLogHandler.Record]>([])
        let (store, _, controller) = makeCluster(
            assignment: assignment, states: states, live: [b1, b2],
            settings: .init(autoLeaderRebalance: true, leaderImbalanceCheckInterval: .milliseconds(20),
                            leaderImbalancePerBrokerPercentage: 10),
            logger: RecordingLogHandler.logger("test.controller", into: messages))
        controller.activate(fence: fence)
        let deadline = ContinuousClock.now + .seconds(5)
        while messages.withLockedValue({ $0.filter { $0.message == "leader imbalance check" }.count }) < 3 {
            try #require(ContinuousClock.now < deadline, "three imbalance checks ran")
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(state(store, 0)?.leader == b2)
        #expect(state(store, 0)?.leaderEpoch == LeaderEpoch(4), "no election was written")
        await controller.resign()
    }
}
