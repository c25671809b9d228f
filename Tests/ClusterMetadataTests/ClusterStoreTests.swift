import ClusterMetadata
import KafkaModel
import Testing
import TestSupport
import ZooKeeperClient

@Suite("cluster metadata store", .timeLimit(.minutes(2)))
struct ClusterStoreTests {
    @Test func topicsAndFencedPartitionStates() async throws {
        let context = try await ClusterTestContext()
        let broker = try await context.broker(1)
        try await eventually("elected") { await broker.isController() }
        let fence = try #require(await broker.fence())
        let store = try await context.store()
        try await store.ensurePersistentPaths()

        let assignment = TopicZNode(topicID: ZNodeUUID.random(),
                                    partitions: [PartitionIndex(0): [BrokerID(1)], PartitionIndex(1): [BrokerID(1)]])
        try await store.createTopic("orders", assignment, config: ["retention.ms": "1000"])
        #expect(try await store.topicNames() == ["orders"])
        #expect(try await store.topic("orders")?.topic == assignment)
        #expect(try await store.topicConfig("orders") == ["retention.ms": "1000"])
        #expect(await zooKeeperCode { try await store.createTopic("orders", assignment) } == .nodeExists)

        let partition = TopicPartition("orders", PartitionIndex(0))
        let state = PartitionStateZNode(leader: BrokerID(1), leaderEpoch: LeaderEpoch(0), controllerEpoch: fence.epoch,
                                        isr: [BrokerID(1)])
        #expect(try await store.createPartitionState(partition, state, fence: fence) == 0)
        var next = state
        next.leaderEpoch = LeaderEpoch(1)
        #expect(try await store.updatePartitionState(partition, next, expectedVersion: 0, fence: fence) == 1)
        #expect(try await store.partitionState(partition)?.state == next)
        #expect(try await store.partitionState(partition)?.version == 1)
        #expect(await zooKeeperCode {
            try await store.updatePartitionState(partition, state, expectedVersion: 0, fence: fence)
        } == .badVersion)
        let staleFence = ControllerEpochVersion(epoch: fence.epoch, epochZkVersion: fence.epochZkVersion - 1)
        await #expect(throws: ClusterMetadataError.controllerMoved) {
            try await store.updatePartitionState(partition, state, expectedVersion: 1, fence: staleFence)
        }

        // Batched: every version must match, or nothing is written.
        let other = TopicPartition("orders", PartitionIndex(1))
        #expect(try await store.createPartitionState(other, state, fence: fence) == 0)
        var batched = next
        batched.leaderEpoch = LeaderEpoch(2)
        let stale = [PartitionStateUpdate(partition: partition, state: batched, expectedVersion: 0),
                     PartitionStateUpdate(partition: other, state: batched, expectedVersion: 0)]
        #expect(try await store.updatePartitionStates(stale, fence: fence) == nil)
        #expect(try await store.partitionState(other)?.version == 0, "nothing written when one version is stale")
        let current = [PartitionStateUpdate(partition: partition, state: batched, expectedVersion: 1),
                       PartitionStateUpdate(partition: other, state: batched, expectedVersion: 0)]
        await #expect(throws: ClusterMetadataError.controllerMoved) {
            try await store.updatePartitionStates(current, fence: staleFence)
        }
        #expect(try await store.updatePartitionStates(current, fence: fence) == [2, 1])
        #expect(try await store.partitionState(other)?.state == batched)

        try await store.queueTopicDeletion("orders")
        #expect(try await store.topicsQueuedForDeletion() == ["orders"])
        try await store.completeTopicDeletion("orders", fence: fence)
        #expect(try await store.topicNames() == [])
        #expect(try await store.topicsQueuedForDeletion() == [])
        #expect(try await store.zooKeeper.exists(EntityConfigZNode.topicPath("orders")) == nil)
        await context.closeAll()
    }

    @Test func notificationsConfigChangesAndProducerIDBlocks() async throws {
        let context = try await ClusterTestContext()
        let broker = try await context.broker(1)
        try await eventually("elected") { await broker.isController() }
        let fence = try #require(await broker.fence())
        let store = try await context.store()
        try await store.ensurePersistentPaths()

        let created = try await store.notifyIsrChange([TopicPartition("t", PartitionIndex(3))])
        #expect(created == "/isr_change_notification/isr_change_0000000000")
        let pending = try await store.isrChangeNotifications()
        #expect(pending.map(\.name) == ["isr_change_0000000000"])
        #expect(pending.first?.partitions == [TopicPartition("t", PartitionIndex(3))])
        try await store.deleteIsrChangeNotifications(["isr_change_0000000000"], fence: fence)
        #expect(try await store.isrChangeNotifications().isEmpty)

        try await store.setEntityConfig(.topics, "t", ["cleanup.policy": "compact"])
        #expect(try await store.topicConfig("t") == ["cleanup.policy": "compact"])
        let changes = try await store.zooKeeper.getChildren(ConfigChangeNotificationZNode.changesPath)
        #expect(changes == ["config_change_0000000000"])

        #expect(try await store.allocateProducerIDBlock(for: BrokerID(1)) == 0...999)
        #expect(try await store.allocateProducerIDBlock(for: BrokerID(1)) == 1000...1999)
        await context.closeAll()
    }

    @Test func clusterWatchReportsJoinsLeavesAndControllerChanges() async throws {
        let context = try await ClusterTestContext()
        let store = try await context.store()
        try await store.ensurePersistentPaths()
        let feed = ClusterWatch.events(store.zooKeeper)
        let recorder = EventLog(feed)

        let first = try await context.broker(1)
        try await eventually("join and controller reported") {
            let events = await recorder.events
            return events.contains { if case .brokerJoined(let b) = $0 { b.id == BrokerID(1) } else { false } }
                && events.contains(.controllerChanged(BrokerID(1), epoch: ControllerEpoch(1)))
        }
        let second = try await context.broker(2)
        try await eventually("second join") {
            await recorder.events.contains { if case .brokerJoined(let b) = $0 { b.id == BrokerID(2) } else { false } }
        }
        await first.membership.stop()
        await first.session.close()
        try await eventually("leave and new controller reported") {
            let events = await recorder.events
            return events.contains(.brokerLeft(BrokerID(1)))
                && events.contains(.controllerChanged(BrokerID(2), epoch: ControllerEpoch(2)))
        }
        let description = try await store.describeCluster()
        #expect(description.brokers.map(\.id) == [BrokerID(2)])
        #expect(description.brokers.first?.registration.endpoints.first?.port == 9002)
        #expect(description.controller == BrokerID(2))
        #expect(description.controllerEpoch == ControllerEpoch(2))
        _ = second
        await context.closeAll()
    }
}

actor EventLog {
    private(set) var events: [ClusterEvent] = []

    init(_ stream: AsyncStream<ClusterEvent>) {
        Task { await self.consume(stream) }
    }

    private func consume(_ stream: AsyncStream<ClusterEvent>) async {
        for await event in stream { events.append(event) }
    }
}

func zooKeeperCode(_ body: () async throws -> Void) async -> ZooKeeperErrorCode? {
    do {
        try await body()
        return nil
    } catch let error as ZooKeeperError {
        return error.code
    } catch {
        return nil
    }
}
