import KafkaModel

/// Where the controller keeps cluster state: ZooKeeper in production (Kafka's znode layout, implemented in
/// `ClusterMetadata`), memory in the controller's own tests. Every write is fenced by the controller epoch:
/// an implementation must make a write fail with `ControllerStoreError.controllerMoved` once another
/// controller has been elected (ZooKeeper: a `check` on `/controller_epoch`'s version in the same multi).
public protocol ControllerStore: Sendable {
    /// Live brokers (`/brokers/ids`).
    func liveBrokers() async throws -> [LiveBroker]
    /// Every topic (`/brokers/topics`).
    func topicNames() async throws -> [TopicName]
    /// A topic's replica assignment (`/brokers/topics/<t>`), nil when the topic is gone.
    func topicAssignment(_ topic: TopicName) async throws -> TopicAssignment?
    /// A partition's leader and ISR (`/brokers/topics/<t>/partitions/<p>/state`), nil when never elected.
    func partitionState(_ partition: TopicPartition) async throws -> StoredPartitionState?
    /// A topic's config overrides (`/config/topics/<t>`).
    func topicConfig(_ topic: TopicName) async throws -> [String: String]
    /// Topics queued for deletion (`/admin/delete_topics`).
    func topicsQueuedForDeletion() async throws -> [TopicName]
    /// Pending ISR-change notifications (`/isr_change_notification`), by znode name.
    func isrChangeNotifications() async throws -> [(name: String, partitions: [TopicPartition])]
    /// Pending log-directory failure notifications (`/log_dir_event_notification`), by znode name, with the broker
    /// each names (nil for one that cannot be read).
    func logDirEventNotifications() async throws -> [(name: String, broker: BrokerID?)]

    /// Creates a partition's state znode (first election).
    /// - Returns: the znode version.
    func createPartitionState(_ partition: TopicPartition, _ state: LeaderAndISR, fence: ControllerFence)
        async throws -> Int32
    /// Rewrites a partition's state znode if its version is still `expectedVersion`
    /// (`ControllerStoreError.versionConflict` otherwise).
    /// - Returns: the new version.
    func updatePartitionState(_ partition: TopicPartition, _ state: LeaderAndISR, expectedVersion: Int32,
                              fence: ControllerFence) async throws -> Int32
    /// Rewrites several partitions' state znodes atomically, each conditional on its expected version.
    /// - Returns: the new versions, in order; nil (and nothing written) when any version no longer matched or
    ///   a znode is gone — the caller then writes them one by one.
    func updatePartitionStates(_ writes: [PartitionStateWrite], fence: ControllerFence) async throws -> [Int32]?
    /// Removes a deleted topic's znodes: assignment, partition states, config, deletion marker.
    func completeTopicDeletion(_ topic: TopicName, fence: ControllerFence) async throws
    /// Removes processed ISR-change notifications.
    func deleteIsrChangeNotifications(_ names: [String], fence: ControllerFence) async throws
    /// Removes processed log-directory failure notifications.
    func deleteLogDirEventNotifications(_ names: [String], fence: ControllerFence) async throws

    /// The reassignments requested through `/admin/reassign_partitions` (partition → target replicas), nil
    /// when the znode is absent. Arms a watch reporting `.reassignmentRequest` when it is created or changed.
    func reassignmentRequest() async throws -> [TopicPartition: [BrokerID]]?
    /// Rewrites `/admin/reassign_partitions` with the requests still pending, deleting it when none remain.
    func updateReassignmentRequest(_ remaining: [TopicPartition: [BrokerID]], fence: ControllerFence) async throws
    /// Rewrites a topic's assignment (`/brokers/topics/<t>`) with its adding/removing replicas, keeping
    /// anything else the znode holds (the topic id).
    func updateTopicAssignment(_ topic: TopicName, _ assignment: TopicAssignment, fence: ControllerFence)
        async throws

    /// Changes the store reports; each kind fires once per registration and is re-armed by the next read of
    /// the same kind (ZooKeeper's one-shot watches, as Kafka's controller uses them).
    func changes() -> AsyncStream<ControllerStoreChange>

    /// Waits while the store's connection is lost (ZooKeeper reconnecting within the same session) and returns
    /// `true` once it is back; returns `false` at once when nothing is known to be wrong, or when the wait ends
    /// otherwise (the session ended, the task was cancelled). A controller whose step failed pauses here
    /// instead of retrying into a store that cannot answer.
    func waitUntilReachable() async -> Bool
}

extension ControllerStore {
    public func waitUntilReachable() async -> Bool { false }
}

/// What changed in the store.
public enum ControllerStoreChange: Sendable, Hashable {
    case brokers
    case topics
    case topicAssignment(TopicName)
    case topicDeletions
    case isrChangeNotifications
    /// A broker reported a failed log directory under `/log_dir_event_notification`.
    case logDirEventNotifications
    /// `/admin/reassign_partitions` was created or changed.
    case reassignmentRequest
}

/// Proof of controllership for a write: the controller's epoch and the `/controller_epoch` znode version it
/// wrote when elected.
public struct ControllerFence: Sendable, Hashable {
    public var epoch: ControllerEpoch
    public var epochZkVersion: Int32
    public init(epoch: ControllerEpoch, epochZkVersion: Int32) {
        self.epoch = epoch
        self.epochZkVersion = epochZkVersion
    }
}

public enum ControllerStoreError: Error, Sendable, Hashable {
    /// Another controller was elected: this one must resign.
    case controllerMoved
    /// A conditional write lost a race (someone else changed the znode).
    case versionConflict
    /// The znode (or its parent) does not exist.
    case noNode(String)
}

/// A topic's replica assignment: partition → replicas, preference order, plus the replicas being added and
/// removed by a reassignment in progress.
public struct TopicAssignment: Sendable, Hashable {
    public var partitions: [PartitionIndex: [BrokerID]]
    public var addingReplicas: [PartitionIndex: [BrokerID]]
    public var removingReplicas: [PartitionIndex: [BrokerID]]
    /// The topic id (Kafka's base64 text), nil for topics created without one. Brokers record it beside each
    /// replica's log, which tells a log of a deleted topic from one of a new topic with the same name.
    public var topicID: String?

    public init(partitions: [PartitionIndex: [BrokerID]], addingReplicas: [PartitionIndex: [BrokerID]] = [:],
                removingReplicas: [PartitionIndex: [BrokerID]] = [:], topicID: String? = nil) {
        self.partitions = partitions
        self.addingReplicas = addingReplicas
        self.removingReplicas = removingReplicas
        self.topicID = topicID
    }
}

/// A partition's leadership decision, as written in its state znode.
public struct LeaderAndISR: Sendable, Hashable {
    public var leader: BrokerID
    public var leaderEpoch: LeaderEpoch
    public var isr: [BrokerID]
    /// The controller epoch that made the decision.
    public var controllerEpoch: ControllerEpoch

    public init(leader: BrokerID, leaderEpoch: LeaderEpoch, isr: [BrokerID], controllerEpoch: ControllerEpoch) {
        self.leader = leader
        self.leaderEpoch = leaderEpoch
        self.isr = isr
        self.controllerEpoch = controllerEpoch
    }
}

/// One conditional state write of a batch.
public struct PartitionStateWrite: Sendable, Hashable {
    public var partition: TopicPartition
    public var state: LeaderAndISR
    public var expectedVersion: Int32

    public init(partition: TopicPartition, state: LeaderAndISR, expectedVersion: Int32) {
        self.partition = partition
        self.state = state
        self.expectedVersion = expectedVersion
    }
}

/// A state znode's content and version.
public struct StoredPartitionState: Sendable, Hashable {
    public var state: LeaderAndISR
    public var version: Int32
    public init(state: LeaderAndISR, version: Int32) {
        self.state = state
        self.version = version
    }
}
