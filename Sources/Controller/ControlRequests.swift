import KafkaModel
import KafkaProtocol

// What the controller tells brokers, as values. The broker turns them into the inter-broker requests
// LeaderAndIsr (api 4), StopReplica (5) and UpdateMetadata (6) and sends them; the controller itself knows
// nothing of the wire. Requests produced by one state change go to each broker in the order Kafka uses:
// LeaderAndIsr, then UpdateMetadata, then StopReplica.

/// One partition's leadership as the controller decided it (a LeaderAndIsr / UpdateMetadata partition state).
public struct PartitionLeadership: Hashable, Sendable {
    public var partition: TopicPartition
    /// The epoch of the controller that made this decision (kept from the state znode).
    public var controllerEpoch: ControllerEpoch
    public var leader: BrokerID
    public var leaderEpoch: LeaderEpoch
    public var isr: [BrokerID]
    /// The state znode's version, the guard for conditional ISR writes.
    public var zkVersion: Int32
    public var replicas: [BrokerID]
    public var addingReplicas: [BrokerID]
    public var removingReplicas: [BrokerID]
    public var offlineReplicas: [BrokerID]
    /// True for a replica the receiving broker has never hosted (its log is created empty).
    public var isNew: Bool
    /// The topic's id (Kafka's base64 text), when it has one.
    public var topicID: String?

    public init(partition: TopicPartition, controllerEpoch: ControllerEpoch, leader: BrokerID,
                leaderEpoch: LeaderEpoch, isr: [BrokerID], zkVersion: Int32, replicas: [BrokerID],
                addingReplicas: [BrokerID] = [], removingReplicas: [BrokerID] = [],
                offlineReplicas: [BrokerID] = [], isNew: Bool = false, topicID: String? = nil) {
        self.topicID = topicID
        self.partition = partition
        self.controllerEpoch = controllerEpoch
        self.leader = leader
        self.leaderEpoch = leaderEpoch
        self.isr = isr
        self.zkVersion = zkVersion
        self.replicas = replicas
        self.addingReplicas = addingReplicas
        self.removingReplicas = removingReplicas
        self.offlineReplicas = offlineReplicas
        self.isNew = isNew
    }
}

/// A live broker and where to reach it, as registered in `/brokers/ids/<id>`.
public struct LiveBroker: Hashable, Sendable {
    public struct Endpoint: Hashable, Sendable {
        public var listener: String
        public var host: String
        public var port: Int
        public init(listener: String, host: String, port: Int) {
            self.listener = listener
            self.host = host
            self.port = port
        }
    }

    public var id: BrokerID
    /// The registration znode's czxid (KIP-380 broker epoch).
    public var epoch: Int64
    public var endpoints: [Endpoint]
    public var rack: String?

    public init(id: BrokerID, epoch: Int64, endpoints: [Endpoint], rack: String? = nil) {
        self.id = id
        self.epoch = epoch
        self.endpoints = endpoints
        self.rack = rack
    }
}

/// A partition a broker should stop hosting.
public struct StopReplicaPartition: Hashable, Sendable {
    public var partition: TopicPartition
    /// -1 unknown, -2 the topic is being deleted; else the epoch the stop belongs to.
    public var leaderEpoch: LeaderEpoch
    /// Remove the log from disk (topic deletion, reassignment away), not only stop serving it.
    public var deletePartition: Bool

    public init(partition: TopicPartition, leaderEpoch: LeaderEpoch, deletePartition: Bool) {
        self.partition = partition
        self.leaderEpoch = leaderEpoch
        self.deletePartition = deletePartition
    }
}

/// The controller's identity on every request, so brokers can reject a stale controller.
public struct ControllerStamp: Hashable, Sendable {
    public var controllerID: BrokerID
    public var controllerEpoch: ControllerEpoch
    public init(controllerID: BrokerID, controllerEpoch: ControllerEpoch) {
        self.controllerID = controllerID
        self.controllerEpoch = controllerEpoch
    }
}

/// How the controller reaches brokers. The broker implements it over Kafka connections (one queue per
/// destination, sent in order); tests implement it in memory.
public protocol ControllerChannel: Sendable {
    /// Sends LeaderAndIsr; returns the per-partition error names the broker answered with (empty = all fine).
    /// A broker that cannot be reached yields an error naming it; the controller treats it as not yet applied.
    func leaderAndIsr(to broker: LiveBroker, from stamp: ControllerStamp, partitions: [PartitionLeadership],
                      leaders: [LiveBroker]) async throws -> [TopicPartition: KafkaErrorCode]

    func updateMetadata(to broker: LiveBroker, from stamp: ControllerStamp, liveBrokers: [LiveBroker],
                        partitions: [PartitionLeadership]) async throws

    func stopReplica(to broker: LiveBroker, from stamp: ControllerStamp, partitions: [StopReplicaPartition])
        async throws -> [TopicPartition: KafkaErrorCode]
}
