import Controller
import KafkaModel
import Logging
import NIOConcurrencyHelpers
import Testing

/// The controller's decisions, driven through its store and channel interfaces (state-machine tests).
@Suite(.timeLimit(.minutes(1))) struct ControllerTests {
    let b1 = BrokerID(1), b2 = BrokerID(2), b3 = BrokerID(3)
    let topic = TopicName("orders")
    let fence = ControllerFence(epoch: ControllerEpoch(1), epochZkVersion: 1)

    func broker(_ id: BrokerID, epoch: Int64 = 100) -> LiveBroker {
        LiveBroker(id: id, epoch: epoch, endpoints: [.init(listener: "PLAINTEXT", host: "127.0.0.1", port: 9000 + Int(id.rawValue))])
    }

    func makeCluster(brokers: [BrokerID], assignment: [[BrokerID]]) -> (InMemoryControllerStore, RecordingChannel, Controller) {
        let store = InMemoryControllerStore()
        store.state.withLockedValue { state in
            for id in brokers { state.brokers[id] = broker(id) }
            var partitions: [PartitionIndex: [BrokerID]] = [:]
            for (index, replicas) in assignment.enumerated() { partitions[PartitionIndex(Int32(index))] = replicas }
            state.assignments[topic] = TopicAssignment(partitions: partitions)
        }
        let channel = RecordingChannel()
        let controller = Controller(brokerID: b1, store: store, channel: channel,
                                    logger: Logger(label: "test.controller"))
        return (store, channel, controller)
    }

    func state(_ store: InMemoryControllerStore, _ partition: Int32) -> LeaderAndISR? {
        store.state.withLockedValue { $0.states[TopicPartition(topic, PartitionIndex(partition))]?.state }
    }

    @Test func failoverElectsLeadersForNewPartitionsAndTellsTheReplicas() async throws {
        let (store, channel, controller) = makeCluster(brokers: [b1, b2, b3], assignment: [[b2, b3], [b3, b1]])
        controller.activate(fence: fence)
        try await eventually("both partitions elected") { state(store, 0) != nil && state(store, 1) != nil }
        #expect(state(store, 0) == LeaderAndISR(leader: b2, leaderEpoch: LeaderEpoch(0), isr: [b2, b3],
                                                controllerEpoch: ControllerEpoch(1)))
        #expect(state(store, 1)?.leader == b3)
        try await eventually("replicas told") {
            channel.leaderships(sentTo: b2).contains { $0.partition.partition == PartitionIndex(0) && $0.isNew }
        }
        #expect(channel.leaderships(sentTo: b1).map(\.partition) == [TopicPartition(topic, PartitionIndex(1))],
                "broker 1 hosts only partition 1")
        await controller.resign()
    }

    @Test func aDeadLeaderIsReplacedFromTheISRWithABumpedEpoch() async throws {
        let (store, channel, controller) = makeCluster(brokers: [b1, b2, b3], assignment: [[b2, b3, b1]])
        controller.activate(fence: fence)
        try await eventually("elected") { state(store, 0)?.leader == b2 }
        store.state.withLockedValue { $0.brokers[b2] = nil }
        store.emit(.brokers)
        try await eventually("leader moved to broker 3") { state(store, 0)?.leader == b3 }
        let after = try #require(state(store, 0))
        #expect(after.leaderEpoch == LeaderEpoch(1))
        #expect(after.isr == [b3, b1])
        try await eventually("survivors told") { channel.leaderships(sentTo: b3).contains { $0.leader == b3 } }
        await controller.resign()
    }

    @Test func noLiveInSyncReplicaLeavesThePartitionOfflineUnlessUncleanIsAllowed() async throws {
        let (store, _, controller) = makeCluster(brokers: [b1, b2], assignment: [[b2, b1]])
        store.state.withLockedValue {
            $0.states[TopicPartition(topic, PartitionIndex(0))] = StoredPartitionState(
                state: LeaderAndISR(leader: b2, leaderEpoch: LeaderEpoch(3), isr: [b2], controllerEpoch: ControllerEpoch(1)),
                version: 5)
        }
        controller.activate(fence: fence)
        store.state.withLockedValue { $0.brokers[b2] = nil }
        store.emit(.brokers)
        try await eventually("leader cleared") { state(store, 0)?.leader == BrokerID.none }
        #expect(state(store, 0)?.isr == [b2], "the last ISR member is kept for a clean election later")
        await controller.resign()

        store.state.withLockedValue { $0.configs[topic] = ["unclean.leader.election.enable": "true"] }
        let unclean = Controller(brokerID: b1, store: store, channel: RecordingChannel(), logger: Logger(label: "t"))
        unclean.activate(fence: fence)
        try await eventually("unclean leader") { state(store, 0)?.leader == b1 }
        #expect(state(store, 0)?.isr == [b1])
        await unclean.resign()
    }

    @Test func controlledShutdownMovesLeadershipAway() async throws {
        let (store, _, controller) = makeCluster(brokers: [b1, b2, b3], assignment: [[b2, b3], [b3, b2], [b2]])
        controller.activate(fence: fence)
        try await eventually("elected") { (0...2).allSatisfy { state(store, Int32($0)) != nil } }
        let remaining = try await controller.controlledShutdown(of: b2)
        #expect(remaining == [TopicPartition(topic, PartitionIndex(2))], "a single replica cannot move")
        #expect(state(store, 0)?.leader == b3)
        #expect(state(store, 1)?.isr == [b3], "broker 2 left the ISR it followed in")
        await controller.resign()
    }

    @Test func aControlledShutdownForAnUnknownOrStaleBrokerIsRefusedAndTheControllerCarriesOn() async throws {
        let (store, _, controller) = makeCluster(brokers: [b1, b2], assignment: [[b2, b1]])
        controller.activate(fence: fence)
        try await eventually("elected") { state(store, 0) != nil }
        await #expect(throws: ControllerError.unknownBroker(BrokerID(9999))) {
            try await controller.controlledShutdown(of: BrokerID(9999))
        }
        await #expect(throws: ControllerError.staleBrokerEpoch(b2, requested: 7, registered: 100)) {
            try await controller.controlledShutdown(of: b2, brokerEpoch: 7)
        }
        #expect(controller.isActive, "a bad request is answered, not a reason to resign")
        #expect(state(store, 0)?.leader == b2, "nothing moved")
        let remaining = try await controller.controlledShutdown(of: b2, brokerEpoch: 100)
        #expect(remaining.isEmpty)
        #expect(state(store, 0)?.leader == b1, "the controller still serves a valid request")
        await controller.resign()
    }

    @Test func aControllerThatLostItsEpochResigns() async throws {
        let (store, _, _) = makeCluster(brokers: [b1, b2], assignment: [[b1, b2]])
        store.state.withLockedValue { $0.epochZkVersion = 2 }
        let resigned = NIOLockedValueBox(false)
        let controller = Controller(brokerID: b1, store: store, channel: RecordingChannel(),
                                    logger: Logger(label: "t"), onResign: { resigned.withLockedValue { $0 = true } })
        controller.activate(fence: fence)
        try await eventually("resigned") { resigned.withLockedValue { $0 } }
        #expect(state(store, 0) == nil, "a fenced controller writes nothing")
    }

    @Test func aControllerThatCannotReachTheStoreForAMomentCarriesOn() async throws {
        let (store, _, _) = makeCluster(brokers: [b1, b2], assignment: [[b1, b2]])
        store.state.withLockedValue { $0.failingReads = 2 }
        let resigned = NIOLockedValueBox(false)
        let controller = Controller(brokerID: b1, store: store, channel: RecordingChannel(),
                                    logger: Logger(label: "t"), onResign: { resigned.withLockedValue { $0 = true } })
        controller.activate(fence: fence)
        try await eventually("elected after the store came back") { state(store, 0)?.leader == b1 }
        #expect(!resigned.withLockedValue { $0 }, "only a newer epoch or the session's expiry ends a controller")
        #expect(controller.isActive)
        await controller.resign()
    }

    @Test func aControllerThatLostItsConnectionPausesUntilItIsBackThenResumes() async throws {
        let (store, _, _) = makeCluster(brokers: [b1, b2], assignment: [[b1, b2]])
        store.state.withLockedValue { $0.disconnected = true }
        let resigned = NIOLockedValueBox(false)
        let controller = Controller(brokerID: b1, store: store, channel: RecordingChannel(),
                                    logger: Logger(label: "t"), onResign: { resigned.withLockedValue { $0 = true } })
        controller.activate(fence: fence)
        try await eventually("paused") { store.state.withLockedValue { $0.pauses == 1 } }
        // Longer than the first backoffs (0.5 s, 1 s): a paused controller does not retry meanwhile.
        try await Task.sleep(for: .milliseconds(1600))
        #expect(store.state.withLockedValue { $0.brokerReads } == 1, "no retries while disconnected")
        #expect(state(store, 0) == nil)
        #expect(!resigned.withLockedValue { $0 } && controller.isActive, "a connection loss does not end a controller")

        let reconnected = ContinuousClock.now
        store.state.withLockedValue { $0.disconnected = false }
        try await eventually("resumed once connected") { state(store, 0)?.leader == b1 }
        #expect(ContinuousClock.now - reconnected < .seconds(1), "resumed without waiting out a backoff")
        #expect(!resigned.withLockedValue { $0 })
        await controller.resign()
    }

    @Test func deletedTopicsAreStoppedOnEveryReplicaAndRemoved() async throws {
        let (store, channel, controller) = makeCluster(brokers: [b1, b2], assignment: [[b1, b2]])
        controller.activate(fence: fence)
        try await eventually("elected") { state(store, 0) != nil }
        store.state.withLockedValue { _ = $0.deletions.insert(topic) }
        store.emit(.topicDeletions)
        try await eventually("topic removed") { store.state.withLockedValue { $0.assignments[topic] == nil } }
        for replica in [b1, b2] {
            #expect(channel.stops(sentTo: replica) == [StopReplicaPartition(
                partition: TopicPartition(topic, PartitionIndex(0)), leaderEpoch: LeaderEpoch(-2), deletePartition: true)])
        }
        await controller.resign()
    }

    @Test func newTopicsAreElectedWhenTheyAppear() async throws {
        let (store, _, controller) = makeCluster(brokers: [b1, b2], assignment: [[b1]])
        controller.activate(fence: fence)
        try await eventually("first topic") { state(store, 0) != nil }
        let other = TopicName("payments")
        store.state.withLockedValue {
            $0.assignments[other] = TopicAssignment(partitions: [PartitionIndex(0): [b2, b1]])
        }
        store.emit(.topics)
        try await eventually("new topic elected") {
            store.state.withLockedValue { $0.states[TopicPartition(other, PartitionIndex(0))]?.state.leader == b2 }
        }
        await controller.resign()
    }
}
