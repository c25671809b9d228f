import Controller
import KafkaModel
import KafkaProtocol
import NIOConcurrencyHelpers

/// The controller's store kept in memory, for driving the controller's decisions directly. (The ZooKeeper
/// store is exercised against a real ZooKeeper by the broker and cluster suites.)
final class InMemoryControllerStore: ControllerStore {
    struct State {
        var brokers: [BrokerID: LiveBroker] = [:]
        var assignments: [TopicName: TopicAssignment] = [:]
        var states: [TopicPartition: StoredPartitionState] = [:]
        var configs: [TopicName: [String: String]] = [:]
        var deletions: Set<TopicName> = []
        var notifications: [(name: String, partitions: [TopicPartition])] = []
        /// `/log_dir_event_notification` children: name and broker (nil: unreadable).
        var logDirEvents: [(name: String, broker: BrokerID?)] = []
        /// `/admin/reassign_partitions`, nil when absent.
        var reassignmentRequest: [TopicPartition: [BrokerID]]?
        /// How many times the controller wrote each topic's assignment.
        var topicWrites: [TopicName: Int] = [:]
        /// The size of each batched state write, in order.
        var batchWrites: [Int] = []
        /// The current controller epoch's znode version; a fence with another version is refused.
        var epochZkVersion: Int32 = 1
        /// How many of the next `liveBrokers()` reads fail as a lost ZooKeeper connection would.
        var failingReads = 0
        /// How many `liveBrokers()` reads were attempted, failed or not.
        var brokerReads = 0
        /// While set, the store is unreachable: `waitUntilReachable()` waits until it is cleared.
        var disconnected = false
        /// How many times the controller waited in `waitUntilReachable()`.
        var pauses = 0
    }

    /// What a read answers while the store is unreachable.
    struct Unreachable: Error {}

    let state = NIOLockedValueBox(State())
    private let stream: AsyncStream<ControllerStoreChange>
    private let continuation: AsyncStream<ControllerStoreChange>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream()
    }

    func emit(_ change: ControllerStoreChange) { continuation.yield(change) }

    func changes() -> AsyncStream<ControllerStoreChange> { stream }

    func waitUntilReachable() async -> Bool {
        guard state.withLockedValue({ $0.disconnected }) else { return false }
        state.withLockedValue { $0.pauses += 1 }
        while state.withLockedValue({ $0.disconnected }) && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    private func checkFence(_ fence: ControllerFence) throws {
        if state.withLockedValue({ $0.epochZkVersion }) != fence.epochZkVersion {
            throw ControllerStoreError.controllerMoved
        }
    }

    func liveBrokers() async throws -> [LiveBroker] {
        try state.withLockedValue { state in
            state.brokerReads += 1
            if state.failingReads > 0 || state.disconnected {
                state.failingReads -= 1
                throw Unreachable()
            }
            return Array(state.brokers.values)
        }
    }
    func topicNames() async throws -> [TopicName] { state.withLockedValue { Array($0.assignments.keys) } }
    func topicAssignment(_ topic: TopicName) async throws -> TopicAssignment? {
        state.withLockedValue { $0.assignments[topic] }
    }
    func partitionState(_ partition: TopicPartition) async throws -> StoredPartitionState? {
        state.withLockedValue { $0.states[partition] }
    }
    func topicConfig(_ topic: TopicName) async throws -> [String: String] {
        state.withLockedValue { $0.configs[topic] ?? [:] }
    }
    func topicsQueuedForDeletion() async throws -> [TopicName] { state.withLockedValue { Array($0.deletions) } }
    func isrChangeNotifications() async throws -> [(name: String, partitions: [TopicPartition])] {
        state.withLockedValue { $0.notifications }
    }

    func logDirEventNotifications() async throws -> [(name: String, broker: BrokerID?)] {
        state.withLockedValue { $0.logDirEvents }
    }

    func deleteLogDirEventNotifications(_ names: [String], fence: ControllerFence) async throws {
        try checkFence(fence)
        state.withLockedValue { state in state.logDirEvents.removeAll { names.contains($0.name) } }
    }

    func createPartitionState(_ partition: TopicPartition, _ leadership: LeaderAndISR, fence: ControllerFence)
        async throws -> Int32
    {
        try checkFence(fence)
        state.withLockedValue { $0.states[partition] = StoredPartitionState(state: leadership, version: 0) }
        return 0
    }

    func updatePartitionState(_ partition: TopicPartition, _ leadership: LeaderAndISR, expectedVersion: Int32,
                              fence: ControllerFence) async throws -> Int32
    {
        try checkFence(fence)
        return try state.withLockedValue { state in
            guard let current = state.states[partition] else { throw ControllerStoreError.noNode("\(partition)") }
            guard current.version == expectedVersion else { throw ControllerStoreError.versionConflict }
            state.states[partition] = StoredPartitionState(state: leadership, version: expectedVersion + 1)
            return expectedVersion + 1
        }
    }

    func updatePartitionStates(_ writes: [PartitionStateWrite], fence: ControllerFence) async throws -> [Int32]? {
        try checkFence(fence)
        return state.withLockedValue { state in
            state.batchWrites.append(writes.count)
            let matches = writes.allSatisfy { state.states[$0.partition]?.version == $0.expectedVersion }
            guard matches else { return nil }
            return writes.map { write in
                state.states[write.partition] = StoredPartitionState(state: write.state,
                                                                     version: write.expectedVersion + 1)
                return write.expectedVersion + 1
            }
        }
    }

    func completeTopicDeletion(_ topic: TopicName, fence: ControllerFence) async throws {
        try checkFence(fence)
        state.withLockedValue { state in
            state.assignments[topic] = nil
            state.states = state.states.filter { $0.key.topic != topic }
            state.configs[topic] = nil
            state.deletions.remove(topic)
        }
    }

    func deleteIsrChangeNotifications(_ names: [String], fence: ControllerFence) async throws {
        try checkFence(fence)
        state.withLockedValue { state in state.notifications.removeAll { names.contains($0.name) } }
    }

    func reassignmentRequest() async throws -> [TopicPartition: [BrokerID]]? {
        state.withLockedValue { $0.reassignmentRequest }
    }

    func updateReassignmentRequest(_ remaining: [TopicPartition: [BrokerID]], fence: ControllerFence) async throws {
        try checkFence(fence)
        state.withLockedValue { $0.reassignmentRequest = remaining.isEmpty ? nil : remaining }
    }

    func updateTopicAssignment(_ topic: TopicName, _ assignment: TopicAssignment, fence: ControllerFence)
        async throws
    {
        try checkFence(fence)
        try state.withLockedValue { state in
            guard state.assignments[topic] != nil else { throw ControllerStoreError.noNode("\(topic)") }
            state.assignments[topic] = assignment
            state.topicWrites[topic, default: 0] += 1
        }
    }
}

/// Records what the controller sends, per broker, in order.
final class RecordingChannel: ControllerChannel {
    enum Sent: Sendable, Equatable {
        case leaderAndIsr([PartitionLeadership])
        case updateMetadata(brokers: [BrokerID], partitions: [PartitionLeadership])
        case stopReplica([StopReplicaPartition])
    }

    let sent = NIOLockedValueBox<[BrokerID: [Sent]]>([:])
    /// The error every partition of a LeaderAndIsr is answered with (nil: none).
    let leaderAndIsrError = NIOLockedValueBox<KafkaErrorCode?>(nil)
    /// Per broker, the partitions it answers KAFKA_STORAGE_ERROR for (on a failed log directory).
    let offlineReplicas = NIOLockedValueBox<[BrokerID: Set<TopicPartition>]>([:])
    /// How long a broker takes to answer a LeaderAndIsr (recorded once answered).
    let leaderAndIsrDelay = NIOLockedValueBox<Duration>(.zero)

    func leaderAndIsr(to broker: LiveBroker, from stamp: ControllerStamp, partitions: [PartitionLeadership],
                      leaders: [LiveBroker]) async throws -> [TopicPartition: KafkaErrorCode] {
        // What the broker will answer is decided when the request arrives, before it takes its time.
        let offline = offlineReplicas.withLockedValue { $0[broker.id] ?? [] }
        let delay = leaderAndIsrDelay.withLockedValue { $0 }
        if delay > .zero { try await Task.sleep(for: delay) }
        sent.withLockedValue { $0[broker.id, default: []].append(.leaderAndIsr(partitions)) }
        var errors: [TopicPartition: KafkaErrorCode] = [:]
        for partition in partitions.map(\.partition) where offline.contains(partition) {
            errors[partition] = .kafkaStorageError
        }
        guard let error = leaderAndIsrError.withLockedValue({ $0 }) else { return errors }
        return Dictionary(uniqueKeysWithValues: partitions.map { ($0.partition, error) })
    }

    func updateMetadata(to broker: LiveBroker, from stamp: ControllerStamp, liveBrokers: [LiveBroker],
                        partitions: [PartitionLeadership]) async throws {
        sent.withLockedValue {
            $0[broker.id, default: []].append(.updateMetadata(brokers: liveBrokers.map(\.id), partitions: partitions))
        }
    }

    func stopReplica(to broker: LiveBroker, from stamp: ControllerStamp, partitions: [StopReplicaPartition])
        async throws -> [TopicPartition: KafkaErrorCode]
    {
        sent.withLockedValue { $0[broker.id, default: []].append(.stopReplica(partitions)) }
        return [:]
    }

    func leaderships(sentTo broker: BrokerID) -> [PartitionLeadership] {
        sent.withLockedValue { $0[broker] ?? [] }.flatMap { sent -> [PartitionLeadership] in
            if case .leaderAndIsr(let states) = sent { return states }
            return []
        }
    }

    /// The partition states of every UpdateMetadata sent to `broker`, in order.
    func metadata(sentTo broker: BrokerID) -> [PartitionLeadership] {
        sent.withLockedValue { $0[broker] ?? [] }.flatMap { sent -> [PartitionLeadership] in
            if case .updateMetadata(_, let partitions) = sent { return partitions }
            return []
        }
    }

    func stops(sentTo broker: BrokerID) -> [StopReplicaPartition] {
        sent.withLockedValue { $0[broker] ?? [] }.flatMap { sent -> [StopReplicaPartition] in
            if case .stopReplica(let stops) = sent { return stops }
            return []
        }
    }
}
