import Controller
import KafkaModel
import Testing

/// KIP-112 on the controller: a log-directory notification makes it ask the broker about all its replicas; the
/// ones answered with KAFKA_STORAGE_ERROR are offline — leadership moves to the other in-sync replicas, they leave
/// the ISR and may not lead — until the broker registers again.
extension ControllerTests {
    func tp(_ index: Int32) -> TopicPartition { TopicPartition(topic, PartitionIndex(index)) }

    /// Partition 0 led by broker 2, partition 1 followed by it, partition 2 led by it on a working directory.
    func makeLogDirCluster() -> (InMemoryControllerStore, RecordingChannel, Controller) {
        makeCluster(brokers: [b1, b2, b3], assignment: [[b2, b3, b1], [b3, b2, b1], [b2, b1]])
    }

    /// The leader adds `broker` back to the partition's ISR, as a leader does once a follower caught up.
    func rejoinISR(_ store: InMemoryControllerStore, _ partition: Int32, _ broker: BrokerID) async throws {
        store.state.withLockedValue { state in
            guard let current = state.states[tp(partition)] else { return }
            var next = current.state
            next.isr.append(broker)
            state.states[tp(partition)] = StoredPartitionState(state: next, version: current.version + 1)
            state.notifications = [(name: "isr_change_\(partition)", partitions: [tp(partition)])]
        }
        store.emit(.isrChangeNotifications)
        try await eventually("ISR change read") { store.state.withLockedValue { $0.notifications.isEmpty } }
    }

    @Test func aFailedDirectoryMovesLeadershipAndKeepsItsReplicasOutUntilTheBrokerRegistersAgain() async throws {
        let (store, channel, controller) = makeLogDirCluster()
        controller.activate(fence: fence)
        try await eventually("elected") { (0...2).allSatisfy { state(store, Int32($0)) != nil } }
        #expect(state(store, 0)?.leader == b2 && state(store, 1)?.isr == [b3, b2, b1])
        let askedBefore = channel.leaderships(sentTo: b2).count

        channel.offlineReplicas.withLockedValue { $0[b2] = [tp(0), tp(1)] }
        store.state.withLockedValue { $0.logDirEvents = [(name: "log_dir_event_0000000000", broker: b2)] }
        store.emit(.logDirEventNotifications)

        try await eventually("leadership of the offline replica moved") { state(store, 0)?.leader == b3 }
        #expect(state(store, 0)?.isr == [b3, b1], "the offline replica left the ISR")
        #expect(state(store, 0)?.leaderEpoch == LeaderEpoch(1))
        try await eventually("the offline follower left the ISR") { state(store, 1)?.isr == [b3, b1] }
        #expect(state(store, 1)?.leader == b3)
        #expect(state(store, 2) == LeaderAndISR(leader: b2, leaderEpoch: LeaderEpoch(0), isr: [b2, b1],
                                                controllerEpoch: ControllerEpoch(1)), "the working directory serves")
        // The notification is deleted after the leadership changes are written.
        try await eventually("the notification was deleted") { store.state.withLockedValue { $0.logDirEvents.isEmpty } }
        let asked = channel.leaderships(sentTo: b2).dropFirst(askedBefore).map(\.partition)
        #expect(Set(asked.prefix(3)) == [tp(0), tp(1), tp(2)], "the broker was asked about all its replicas")
        try await eventually("brokers told the replica is offline") {
            channel.metadata(sentTo: b3).contains { $0.partition == tp(0) && $0.offlineReplicas == [b2] }
        }

        // Even back in the ISR, an offline replica may not lead.
        try await rejoinISR(store, 0, b2)
        #expect(try await controller.electLeaders(.preferred, partitions: [tp(0)])
            == [tp(0): .preferredLeaderNotAvailable])

        // A new registration (a restart) starts with every directory working.
        channel.offlineReplicas.withLockedValue { $0[b2] = [] }
        store.state.withLockedValue { $0.brokers[b2] = broker(b2, epoch: 200) }
        store.emit(.brokers)
        try await eventually("the restarted broker is told its replicas") {
            channel.metadata(sentTo: b2).last { $0.partition == tp(0) }?.offlineReplicas == []
        }
        try await rejoinISR(store, 0, b2)
        #expect(try await controller.electLeaders(.preferred, partitions: [tp(0)]) == [tp(0): .elected(b2)])
        await controller.resign()
    }

    @Test func anAnswerFromAnEarlierRegistrationChangesNothing() async throws {
        let (store, channel, controller) = makeLogDirCluster()
        controller.activate(fence: fence)
        try await eventually("elected") { state(store, 0)?.leader == b2 }
        // Broker 2's directory fails; it restarts before its (slow) answer to the old registration arrives, and the
        // new registration has every directory working.
        channel.leaderAndIsrDelay.withLockedValue { $0 = .milliseconds(300) }
        channel.offlineReplicas.withLockedValue { $0[b2] = [tp(0)] }
        store.state.withLockedValue { $0.logDirEvents = [(name: "log_dir_event_0000000000", broker: b2)] }
        store.emit(.logDirEventNotifications)
        try await eventually("notification read") { store.state.withLockedValue { $0.logDirEvents.isEmpty } }
        channel.offlineReplicas.withLockedValue { $0[b2] = [] }
        store.state.withLockedValue { $0.brokers[b2] = broker(b2, epoch: 200) }
        store.emit(.brokers)
        try await Task.sleep(for: .milliseconds(1_500))  // every answer, old and new, is in
        try await rejoinISR(store, 0, b2)
        #expect(try await controller.electLeaders(.preferred, partitions: [tp(0)]) == [tp(0): .elected(b2)],
                "the old registration's answer did not mark the new one's replica offline")
        await controller.resign()
    }

    @Test func failoverDropsPendingNotificationsAndUnreadableOnesAreDeleted() async throws {
        let (store, _, controller) = makeLogDirCluster()
        store.state.withLockedValue { $0.logDirEvents = [(name: "log_dir_event_0000000007", broker: b2)] }
        controller.activate(fence: fence)
        try await eventually("failover deleted the pending notification") {
            store.state.withLockedValue { $0.logDirEvents.isEmpty }
        }
        store.state.withLockedValue { $0.logDirEvents = [(name: "log_dir_event_0000000008", broker: nil)] }
        store.emit(.logDirEventNotifications)
        try await eventually("unreadable notification deleted") { store.state.withLockedValue { $0.logDirEvents.isEmpty } }
        #expect(controller.isActive)
        await controller.resign()
    }
}
