import Controller
import KafkaModel
import Logging
import NIOConcurrencyHelpers
import Testing

/// KIP-455 replica-set arithmetic.
@Suite struct ReplicaSetTests {
    let b1 = BrokerID(1), b2 = BrokerID(2), b3 = BrokerID(3), b4 = BrokerID(4)

    @Test func movingPutsTheTargetFirstAndRecordsAddingAndRemoving() {
        let moving = ReplicaSet(replicas: [b1, b2, b3]).reassigned(to: [b3, b4])
        #expect(moving == ReplicaSet(replicas: [b3, b4, b1, b2], adding: [b4], removing: [b1, b2]))
        #expect(moving.original == [b3, b1, b2])
        #expect(moving.target == [b3, b4])
        #expect(moving.isReassigning)
    }

    @Test func replacingAReassignmentKeepsTheOriginalReplicas() {
        let first = ReplicaSet(replicas: [b1, b2]).reassigned(to: [b3, b4])
        let second = first.reassigned(to: [b2, b4])
        #expect(second == ReplicaSet(replicas: [b2, b4, b1], adding: [b4], removing: [b1]))
        #expect(first.reverted == ReplicaSet(replicas: [b1, b2]))
        #expect(!first.reverted.isReassigning)
    }
}

/// The controller's reassignment steps, driven through the in-memory store and recording channel.
@Suite(.timeLimit(.minutes(1))) struct ReassignmentTests {
    let b1 = BrokerID(1), b2 = BrokerID(2), b3 = BrokerID(3), b4 = BrokerID(4)
    let topic = TopicName("orders")
    var p0: TopicPartition { TopicPartition(topic, PartitionIndex(0)) }
    let fence = ControllerFence(epoch: ControllerEpoch(1), epochZkVersion: 1)

    func broker(_ id: BrokerID, epoch: Int64 = 100) -> LiveBroker {
        LiveBroker(id: id, epoch: epoch,
                   endpoints: [.init(listener: "PLAINTEXT", host: "127.0.0.1", port: 9000 + Int(id.rawValue))])
    }

    /// Four brokers; partition 0 on [1, 2] led by 1 with both in sync (epoch 5), or the given assignment.
    func makeCluster(assignment: TopicAssignment? = nil, isr: [BrokerID]? = nil)
        -> (InMemoryControllerStore, RecordingChannel, Controller)
    {
        let store = InMemoryControllerStore()
        store.state.withLockedValue { state in
            for id in [b1, b2, b3, b4] { state.brokers[id] = broker(id) }
            state.assignments[topic] = assignment ?? TopicAssignment(partitions: [PartitionIndex(0): [b1, b2]])
            state.states[p0] = StoredPartitionState(
                state: LeaderAndISR(leader: b1, leaderEpoch: LeaderEpoch(5), isr: isr ?? [b1, b2],
                                    controllerEpoch: ControllerEpoch(1)),
                version: 7)
        }
        let channel = RecordingChannel()
        let controller = Controller(brokerID: b1, store: store, channel: channel,
                                    logger: Logger(label: "test.reassignment"))
        return (store, channel, controller)
    }

    func assignment(_ store: InMemoryControllerStore) -> TopicAssignment? {
        store.state.withLockedValue { $0.assignments[topic] }
    }

    func state(_ store: InMemoryControllerStore) -> LeaderAndISR? {
        store.state.withLockedValue { $0.states[p0]?.state }
    }

    /// What a partition leader does when followers catch up: writes the ISR into the state znode and
    /// announces it with an ISR-change notification.
    func leaderWritesISR(_ store: InMemoryControllerStore, _ isr: [BrokerID], name: String) {
        store.state.withLockedValue { state in
            guard let stored = state.states[p0] else { return }
            var next = stored.state
            next.isr = isr
            state.states[p0] = StoredPartitionState(state: next, version: stored.version + 1)
            state.notifications.append((name: name, partitions: [p0]))
        }
        store.emit(.isrChangeNotifications)
    }

    @Test func startingRecordsTheMovingSetAndStartsTheNewReplicas() async throws {
        let (store, channel, controller) = makeCluster()
        controller.activate(fence: fence)
        let refused = try await controller.alterPartitionReassignments([p0: [b3, b4]])
        #expect(refused.isEmpty)
        #expect(assignment(store) == TopicAssignment(partitions: [PartitionIndex(0): [b3, b4, b1, b2]],
                                                     addingReplicas: [PartitionIndex(0): [b3, b4]],
                                                     removingReplicas: [PartitionIndex(0): [b1, b2]]))
        #expect(state(store)?.leaderEpoch == LeaderEpoch(6), "A1 bumps the leader epoch")
        #expect(state(store)?.leader == b1, "the leader stays until the target is in sync")
        try await eventually("new replicas told") {
            channel.leaderships(sentTo: b3).contains { $0.isNew && $0.replicas == [b3, b4, b1, b2] }
                && channel.leaderships(sentTo: b4).contains { $0.isNew }
        }
        try await eventually("original replicas told") {
            channel.leaderships(sentTo: b1).contains { !$0.isNew && $0.addingReplicas == [b3, b4] }
        }
        #expect(channel.stops(sentTo: b1).isEmpty, "nothing is removed before the target is in sync")
        let ongoing = try await controller.partitionReassignments()
        #expect(ongoing == [p0: ReplicaSet(replicas: [b3, b4, b1, b2], adding: [b3, b4], removing: [b1, b2])])
        await controller.resign()
    }

    @Test func targetInSyncMovesLeadershipStopsAndDeletesTheRemovedReplicas() async throws {
        let (store, channel, controller) = makeCluster()
        controller.activate(fence: fence)
        _ = try await controller.alterPartitionReassignments([p0: [b3, b4]])
        leaderWritesISR(store, [b1, b2, b3], name: "isr_change_0000000001")
        // The notification is removed while the event is handled; a request queued behind that event is
        // answered only once its completion check has run.
        try await eventually("notification handled") { store.state.withLockedValue { $0.notifications.isEmpty } }
        _ = try await controller.partitionReassignments()
        #expect(assignment(store)?.removingReplicas[PartitionIndex(0)] == [b1, b2], "broker 4 is not in sync yet")

        leaderWritesISR(store, [b1, b2, b3, b4], name: "isr_change_0000000002")
        try await eventually("final assignment written") {
            assignment(store) == TopicAssignment(partitions: [PartitionIndex(0): [b3, b4]])
        }
        let final = try #require(state(store))
        #expect(final.leader == b3, "the first in-sync target replica leads")
        #expect(final.isr == [b3, b4], "the removed replicas left the ISR")
        for removed in [b1, b2] {
            try await eventually("broker \(removed) stopped then deleted") { channel.stops(sentTo: removed).count == 2 }
            #expect(channel.stops(sentTo: removed).map(\.deletePartition) == [false, true])
        }
        #expect(channel.stops(sentTo: b3).isEmpty)
        #expect(try await controller.partitionReassignments().isEmpty)
        await controller.resign()
    }

    @Test func cancelRestoresTheOriginalReplicasAndDeletesTheNewOnes() async throws {
        let (store, channel, controller) = makeCluster()
        controller.activate(fence: fence)
        _ = try await controller.alterPartitionReassignments([p0: [b1, b3]])
        #expect(assignment(store)?.addingReplicas[PartitionIndex(0)] == [b3])
        let refused = try await controller.alterPartitionReassignments([p0: nil])
        #expect(refused.isEmpty)
        #expect(assignment(store) == TopicAssignment(partitions: [PartitionIndex(0): [b1, b2]]))
        #expect(state(store)?.leader == b1)
        try await eventually("the added replica is deleted") {
            channel.stops(sentTo: b3).map(\.deletePartition) == [false, true]
        }
        #expect(channel.stops(sentTo: b2).isEmpty, "original replicas stay")
        #expect(try await controller.partitionReassignments().isEmpty)
        await controller.resign()
    }

    @Test func invalidRequestsAreRefusedWithKafkasReasonsAndChangeNothing() async throws {
        let (store, _, controller) = makeCluster()
        controller.activate(fence: fence)
        let unknown = TopicPartition(topic, PartitionIndex(9))
        let ghost = TopicPartition(TopicName("ghost"), PartitionIndex(0))
        var refused = try await controller.alterPartitionReassignments([unknown: [b1]])
        #expect(refused[unknown].map { if case .unknownTopicOrPartition = $0 { true } else { false } } == true)
        refused = try await controller.alterPartitionReassignments([ghost: [b1]])
        #expect(refused[ghost].map { if case .unknownTopicOrPartition = $0 { true } else { false } } == true)
        for bad in [[], [b3, b3], [BrokerID(-1)], [b3, BrokerID(7)]] {
            refused = try await controller.alterPartitionReassignments([p0: bad])
            #expect(refused[p0].map { if case .invalidReplicaAssignment = $0 { true } else { false } } == true,
                    "\(bad) is invalid")
        }
        refused = try await controller.alterPartitionReassignments([p0: nil])
        #expect(refused[p0].map { if case .noReassignmentInProgress = $0 { true } else { false } } == true)
        #expect(store.state.withLockedValue { $0.topicWrites[topic] } == nil, "nothing was written")
        #expect(state(store)?.leaderEpoch == LeaderEpoch(5))
        await controller.resign()
    }

    @Test func aNewControllerFinishesAReassignmentItFindsInSync() async throws {
        let moving = TopicAssignment(partitions: [PartitionIndex(0): [b3, b4, b1, b2]],
                                     addingReplicas: [PartitionIndex(0): [b3, b4]],
                                     removingReplicas: [PartitionIndex(0): [b1, b2]])
        let (store, channel, controller) = makeCluster(assignment: moving, isr: [b1, b2, b3, b4])
        controller.activate(fence: fence)
        try await eventually("finished") {
            assignment(store) == TopicAssignment(partitions: [PartitionIndex(0): [b3, b4]])
        }
        #expect(state(store)?.leader == b3)
        try await eventually("removed replicas deleted") { channel.stops(sentTo: b2).contains { $0.deletePartition } }
        await controller.resign()
    }

    @Test func aNewControllerRestartsTheNewReplicasOfAReassignmentNotInSync() async throws {
        let moving = TopicAssignment(partitions: [PartitionIndex(0): [b3, b1, b2]],
                                     addingReplicas: [PartitionIndex(0): [b3]],
                                     removingReplicas: [PartitionIndex(0): [b2]])
        let (store, channel, controller) = makeCluster(assignment: moving, isr: [b1, b2])
        controller.activate(fence: fence)
        try await eventually("new replica told again") { channel.leaderships(sentTo: b3).contains { $0.isNew } }
        #expect(assignment(store) == moving, "still moving")
        leaderWritesISR(store, [b1, b2, b3], name: "isr_change_0000000001")
        try await eventually("finished") {
            assignment(store) == TopicAssignment(partitions: [PartitionIndex(0): [b3, b1]])
        }
        #expect(state(store)?.isr == [b1, b3])
        #expect(state(store)?.leader == b1, "the leader is in the target already")
        await controller.resign()
    }

    @Test func aPlanInTheLegacyZNodeIsCarriedOutAndRemoved() async throws {
        let (store, channel, controller) = makeCluster()
        controller.activate(fence: fence)
        let other = TopicPartition(topic, PartitionIndex(5))
        store.state.withLockedValue { $0.reassignmentRequest = [p0: [b2, b3], other: [b1]] }
        store.emit(.reassignmentRequest)
        try await eventually("started") { assignment(store)?.addingReplicas[PartitionIndex(0)] == [b3] }
        try await eventually("the unknown partition is dropped from the znode") {
            store.state.withLockedValue { $0.reassignmentRequest } == [p0: [b2, b3]]
        }
        // A leader adds a replica to the ISR only after that replica was told it is one (after A1's write);
        // expanding earlier races the controller's epoch bump, which rightly keeps its own ISR.
        try await eventually("new replica told") { channel.leaderships(sentTo: b3).contains { $0.isNew } }
        leaderWritesISR(store, [b1, b2, b3], name: "isr_change_0000000001")
        try await eventually("done and removed") {
            store.state.withLockedValue { $0.reassignmentRequest == nil }
                && assignment(store) == TopicAssignment(partitions: [PartitionIndex(0): [b2, b3]])
        }
        #expect(state(store)?.leader == b2)
        await controller.resign()
    }

    /// A plan waiting in the znode when a controller takes over starts once: the resume of moves recorded in
    /// topic znodes must not drive it a second time (another epoch bump, another IsNew LeaderAndIsr).
    @Test func aPlanFoundAtFailoverIsStartedOnce() async throws {
        let (store, channel, controller) = makeCluster()
        store.state.withLockedValue { $0.reassignmentRequest = [p0: [b2, b3]] }
        controller.activate(fence: fence)
        try await eventually("new replica told") { channel.leaderships(sentTo: b3).contains { $0.isNew } }
        // Any later request is answered after the failover event, so its whole work is visible by then.
        _ = try await controller.partitionReassignments()
        #expect(state(store)?.leaderEpoch == LeaderEpoch(6), "one A1 epoch bump")
        #expect(channel.leaderships(sentTo: b3).filter(\.isNew).count == 1)
        await controller.resign()
    }

    @Test func aTargetBrokerThatComesBackIsToldAgain() async throws {
        let (store, channel, controller) = makeCluster()
        controller.activate(fence: fence)
        _ = try await controller.alterPartitionReassignments([p0: [b1, b4]])
        try await eventually("broker 4 told") { channel.leaderships(sentTo: b4).count == 1 }
        store.state.withLockedValue { $0.brokers[b4] = nil }
        store.emit(.brokers)
        // Handled once the survivors are told the live set without broker 4.
        try await eventually("broker 4's departure handled") {
            channel.sent.withLockedValue { $0[b1] ?? [] }.contains {
                if case .updateMetadata(let brokers, _) = $0 { return !brokers.contains(b4) }
                return false
            }
        }
        store.state.withLockedValue { $0.brokers[b4] = broker(b4, epoch: 200) }
        store.emit(.brokers)
        try await eventually("broker 4 told again as a new replica") {
            channel.leaderships(sentTo: b4).filter(\.isNew).count >= 2
        }
        #expect(assignment(store)?.addingReplicas[PartitionIndex(0)] == [b4], "still waiting for broker 4")
        await controller.resign()
    }

    @Test func aDeadTargetStillNamedInTheISRHoldsTheMoveUntilItReturns() async throws {
        let (store, channel, controller) = makeCluster()
        controller.activate(fence: fence)
        _ = try await controller.alterPartitionReassignments([p0: [b1, b3]])
        store.state.withLockedValue { $0.brokers[b3] = nil }
        store.emit(.brokers)
        leaderWritesISR(store, [b1, b2, b3], name: "isr_change_0000000001")
        try await eventually("notification handled") { store.state.withLockedValue { $0.notifications.isEmpty } }
        #expect(assignment(store)?.removingReplicas[PartitionIndex(0)] == [b2], "broker 3 is down: keep broker 2")
        #expect(channel.stops(sentTo: b2).isEmpty)
        store.state.withLockedValue { $0.brokers[b3] = broker(b3, epoch: 300) }
        store.emit(.brokers)
        try await eventually("finished once broker 3 is back") {
            assignment(store) == TopicAssignment(partitions: [PartitionIndex(0): [b1, b3]])
        }
        await controller.resign()
    }

    @Test func aTopicDeletedMidMoveIsDeletedOnceTheMoveIsCancelled() async throws {
        let messages = NIOLockedValueBox<[RecordingLogHandler.Record]>([])
        let (store, _, _) = makeCluster()
        let controller = Controller(brokerID: b1, store: store, channel: RecordingChannel(),
                                    logger: RecordingLogHandler.logger("test.reassignment", into: messages))
        controller.activate(fence: fence)
        _ = try await controller.alterPartitionReassignments([p0: [b3, b4]])
        store.state.withLockedValue { _ = $0.deletions.insert(topic) }
        store.emit(.topicDeletions)
        try await eventually("the deletion is held back") {
            messages.withLockedValue { $0.contains { $0.message == "topic deletion waits for its reassignment to finish" } }
        }
        #expect(assignment(store) != nil, "not deleted while moving")
        let refused = try await controller.alterPartitionReassignments([p0: [b2, b4]])
        #expect(refused[p0] != nil, "no new move for a topic queued for deletion")
        let cancelRefused = try await controller.alterPartitionReassignments([p0: nil])
        #expect(cancelRefused.isEmpty, "a cancel is how the operator lets the deletion go ahead")
        try await eventually("deleted after the cancel") {
            store.state.withLockedValue { $0.assignments[topic] == nil && $0.deletions.isEmpty }
        }
        await controller.resign()
    }

    @Test func onlyTheActiveControllerAcceptsReassignments() async throws {
        let (_, _, controller) = makeCluster()
        await #expect(throws: ControllerError.notController) {
            _ = try await controller.alterPartitionReassignments([p0: [b3]])
        }
    }
}
