import Controller
import KafkaModel
import KafkaProtocol
import Logging
import NIOConcurrencyHelpers
import Testing

/// Many partitions changing at once (a broker's death, a controlled shutdown, a failover) are written as one
/// batch and announced with one request of each kind per broker, not one per partition.
@Suite(.timeLimit(.minutes(1))) struct BatchedStateChangeTests {
    let b1 = BrokerID(1), b2 = BrokerID(2), b3 = BrokerID(3)
    let topic = TopicName("events")
    let fence = ControllerFence(epoch: ControllerEpoch(1), epochZkVersion: 1)
    let partitionCount = 300

    /// Partition i is replicated on [b2, b3], [b3, b2] or [b1, b2] by i % 3: broker 2 leads a third of the
    /// partitions and follows in the other two thirds.
    func makeCluster() -> (InMemoryControllerStore, RecordingChannel, Controller) {
        let store = InMemoryControllerStore()
        store.state.withLockedValue { state in
            for id in [b1, b2, b3] {
                state.brokers[id] = LiveBroker(id: id, epoch: 100, endpoints: [
                    .init(listener: "PLAINTEXT", host: "127.0.0.1", port: 9000 + Int(id.rawValue))])
            }
            let layouts = [[b2, b3], [b3, b2], [b1, b2]]
            var partitions: [PartitionIndex: [BrokerID]] = [:]
            for index in 0..<partitionCount { partitions[PartitionIndex(Int32(index))] = layouts[index % 3] }
            state.assignments[topic] = TopicAssignment(partitions: partitions)
        }
        let channel = RecordingChannel()
        let controller = Controller(brokerID: b1, store: store, channel: channel, logger: Logger(label: "test.batch"))
        return (store, channel, controller)
    }

    func states(_ store: InMemoryControllerStore) -> [LeaderAndISR] {
        store.state.withLockedValue { state in
            (0..<partitionCount).compactMap { state.states[TopicPartition(topic, PartitionIndex(Int32($0)))]?.state }
        }
    }

    /// The requests `broker` received after the first `skipping`.
    func sent(_ channel: RecordingChannel, to broker: BrokerID, skipping: Int = 0) -> [RecordingChannel.Sent] {
        Array(channel.sent.withLockedValue { $0[broker] ?? [] }.dropFirst(skipping))
    }

    func leaderAndIsrRequests(_ sent: [RecordingChannel.Sent]) -> [[PartitionLeadership]] {
        sent.compactMap { if case .leaderAndIsr(let partitions) = $0 { partitions } else { nil } }
    }

    func updateMetadataRequests(_ sent: [RecordingChannel.Sent]) -> [[PartitionLeadership]] {
        sent.compactMap { if case .updateMetadata(_, let partitions) = $0 { partitions } else { nil } }
    }

    @Test func failoverTellsEachBrokerOnceAboutEveryPartition() async throws {
        let (store, channel, controller) = makeCluster()
        controller.activate(fence: fence)
        try await eventually("every broker has the full metadata") {
            [b1, b2, b3].allSatisfy { broker in
                updateMetadataRequests(sent(channel, to: broker)).contains { $0.count == partitionCount }
            }
        }
        #expect(states(store).count == partitionCount)
        for broker in [b1, b2, b3] {
            let requests = sent(channel, to: broker)
            #expect(leaderAndIsrRequests(requests).count == 1, "one LeaderAndIsr for broker \(broker)")
            #expect(updateMetadataRequests(requests).count == 1, "one UpdateMetadata for broker \(broker)")
        }
        #expect(leaderAndIsrRequests(sent(channel, to: b2)).first?.count == partitionCount, "broker 2 hosts them all")
        #expect(leaderAndIsrRequests(sent(channel, to: b1)).first?.count == partitionCount / 3)
        await controller.resign()
    }

    @Test func aBrokerLossSendsOneLeaderAndIsrPerSurvivor() async throws {
        let (store, channel, controller) = makeCluster()
        controller.activate(fence: fence)
        try await eventually("elected and told") {
            updateMetadataRequests(sent(channel, to: b3)).contains { $0.count == partitionCount }
        }
        let before = [b1: sent(channel, to: b1).count, b3: sent(channel, to: b3).count]

        store.state.withLockedValue { $0.brokers[b2] = nil }
        store.emit(.brokers)
        // Broker 2 led partitions 0, 3, 6…; it followed in all the others.
        try await eventually("broker 2 neither leads nor follows anywhere") {
            let all = states(store)
            return all.count == partitionCount && all.allSatisfy { $0.leader != b2 && !$0.isr.contains(b2) }
        }
        try await eventually("survivors told about every change") {
            leaderAndIsrRequests(sent(channel, to: b3, skipping: before[b3]!)).joined().count == partitionCount * 2 / 3
                && leaderAndIsrRequests(sent(channel, to: b1, skipping: before[b1]!)).joined().count == partitionCount / 3
        }
        #expect(leaderAndIsrRequests(sent(channel, to: b3, skipping: before[b3]!)).count == 1)
        #expect(leaderAndIsrRequests(sent(channel, to: b1, skipping: before[b1]!)).count == 1)
        let changes = updateMetadataRequests(sent(channel, to: b3, skipping: before[b3]!)).filter { !$0.isEmpty }
        #expect(changes.map(\.count) == [partitionCount], "one UpdateMetadata carries every changed partition")
        await controller.resign()
    }

    @Test func controlledShutdownSendsOneLeaderAndIsrPerBroker() async throws {
        let (store, channel, controller) = makeCluster()
        controller.activate(fence: fence)
        try await eventually("elected and told") {
            updateMetadataRequests(sent(channel, to: b3)).contains { $0.count == partitionCount }
        }
        let before = [b1: sent(channel, to: b1).count, b3: sent(channel, to: b3).count]

        let stillLeading = try await controller.controlledShutdown(of: b2)
        #expect(stillLeading.isEmpty)
        #expect(states(store).allSatisfy { $0.leader != b2 && !$0.isr.contains(b2) })
        try await eventually("survivors told about every change") {
            leaderAndIsrRequests(sent(channel, to: b3, skipping: before[b3]!)).joined().count == partitionCount * 2 / 3
                && leaderAndIsrRequests(sent(channel, to: b1, skipping: before[b1]!)).joined().count == partitionCount / 3
        }
        #expect(leaderAndIsrRequests(sent(channel, to: b3, skipping: before[b3]!)).count == 1)
        #expect(leaderAndIsrRequests(sent(channel, to: b1, skipping: before[b1]!)).count == 1)
        await controller.resign()
    }

    /// A controller shutting down its own broker drains its queue before resigning, so the new leaders are told
    /// by it (a resigning controller drops what is still queued).
    @Test func drainingWaitsUntilTheQueuedRequestsAreAnswered() async throws {
        let (_, channel, controller) = makeCluster()
        controller.activate(fence: fence)
        try await eventually("elected and told") {
            updateMetadataRequests(sent(channel, to: b3)).contains { $0.count == partitionCount }
        }
        let before = sent(channel, to: b3).count
        channel.leaderAndIsrDelay.withLockedValue { $0 = .seconds(1) }
        _ = try await controller.controlledShutdown(of: b2)
        #expect(leaderAndIsrRequests(sent(channel, to: b3, skipping: before)).isEmpty, "still on its way")
        await controller.drainRequests(within: .seconds(5))
        #expect(leaderAndIsrRequests(sent(channel, to: b3, skipping: before)).joined().count == partitionCount * 2 / 3)
        await controller.resign()
    }

    @Test func stateZNodesAreWrittenAHundredPerTransaction() async throws {
        let (store, channel, controller) = makeCluster()
        controller.activate(fence: fence)
        try await eventually("elected and told") {
            updateMetadataRequests(sent(channel, to: b3)).contains { $0.count == partitionCount }
        }
        store.state.withLockedValue { $0.brokers[b2] = nil; $0.batchWrites = [] }
        store.emit(.brokers)
        try await eventually("broker 2 neither leads nor follows anywhere") {
            states(store).allSatisfy { $0.leader != b2 && !$0.isr.contains(b2) }
        }
        #expect(store.state.withLockedValue { $0.batchWrites }.sorted() == [100, 100, 100])
        await controller.resign()
    }

    @Test func aTransactionThatLosesARaceIsRedoneOneWriteAtATime() async throws {
        let (store, channel, controller) = makeCluster()
        controller.activate(fence: fence)
        try await eventually("elected and told") {
            updateMetadataRequests(sent(channel, to: b3)).contains { $0.count == partitionCount }
        }
        // Partition 1's leader (broker 3) shrinks its ISR without the controller hearing of it yet, so the
        // transaction holding partition 1 fails its version check.
        let p1 = TopicPartition(topic, PartitionIndex(1))
        let shrunk = store.state.withLockedValue { state -> Int32 in
            let stored = state.states[p1]!
            var next = stored.state
            next.isr = [b3]
            state.states[p1] = StoredPartitionState(state: next, version: stored.version + 1)
            state.brokers[b2] = nil
            return stored.version + 1
        }
        store.emit(.brokers)
        try await eventually("broker 2 neither leads nor follows anywhere") {
            states(store).allSatisfy { $0.leader != b2 && !$0.isr.contains(b2) }
        }
        let final = store.state.withLockedValue { $0.states[p1] }
        #expect(final?.state.leader == b3)
        #expect(final?.state.isr == [b3])
        #expect(final?.version == shrunk + 1, "written once more, over the leader's version")
        await controller.resign()
    }

    /// A failover resends every partition; brokers answer STALE_CONTROLLER_EPOCH for those already at that
    /// leader epoch. That is expected and not worth a warning; other errors are, summarized by code.
    @Test(arguments: [(KafkaErrorCode.staleControllerEpoch, false), (KafkaErrorCode.kafkaStorageError, true)])
    func leaderAndIsrErrorsAreSummarized(error: KafkaErrorCode, warned: Bool) async throws {
        let (store, channel, _) = makeCluster()
        let records = NIOLockedValueBox<[RecordingLogHandler.Record]>([])
        var logger = RecordingLogHandler.logger("test.batch", into: records)
        logger.logLevel = .warning
        let controller = Controller(brokerID: b1, store: store, channel: channel, logger: logger)
        channel.leaderAndIsrError.withLockedValue { $0 = error }
        controller.activate(fence: fence)
        try await eventually("every broker has the full metadata") {
            [b1, b2, b3].allSatisfy { broker in
                updateMetadataRequests(sent(channel, to: broker)).contains { $0.count == partitionCount }
            }
        }
        // Each broker's requests go out in order: its UpdateMetadata was sent after its LeaderAndIsr was answered.
        let warnings = records.withLockedValue { $0 }.filter { $0.message == "LeaderAndIsr answered with errors" }
        if warned {
            // Broker 1 hosts 100 partitions, broker 2 all 300, broker 3 200: counts, not 600 listed partitions.
            let summaries = warnings.compactMap { $0.metadata["errors"] }.map { $0.prefix { $0 != "(" } }
            #expect(Set(summaries) == ["100 × KAFKA_STORAGE_ERROR ", "300 × KAFKA_STORAGE_ERROR ",
                                       "200 × KAFKA_STORAGE_ERROR "])
            #expect(warnings.allSatisfy { ($0.metadata["errors"] ?? "").contains("events-") }, "examples are named")
        } else {
            #expect(warnings.isEmpty)
        }
        await controller.resign()
    }
}
