import KafkaModel
import NIOConcurrencyHelpers

/// What this broker knows of the cluster, as the controller last told it (UpdateMetadata): live brokers with
/// their endpoints, and every partition's leader, epoch, replicas and ISR. Clients' Metadata answers and the
/// leader checks of Produce and Fetch read it; like Kafka, brokers never read partition state from ZooKeeper
/// for clients.
///
/// Readers take an immutable `Snapshot` (a copy-on-write value), so a Metadata request sees one consistent
/// view while the controller's next update is applied.
public final class MetadataCache: Sendable {
    public struct BrokerEndpoint: Hashable, Sendable {
        public var id: BrokerID
        public var host: String
        public var port: Int
        public var listener: String
        public var rack: String?
        /// Every listener's address by listener name (a registration lists one endpoint per listener); `host`,
        /// `port` and `listener` above are the first of them.
        public var addresses: [String: Address] = [:]

        public struct Address: Hashable, Sendable {
            public var host: String
            public var port: Int
            public init(host: String, port: Int) {
                self.host = host
                self.port = port
            }
        }

        public init(id: BrokerID, host: String, port: Int, listener: String = "PLAINTEXT", rack: String? = nil,
                    addresses: [String: Address] = [:]) {
            self.id = id
            self.host = host
            self.port = port
            self.listener = listener
            self.rack = rack
            self.addresses = addresses
        }

        /// This broker as reached on listener `name`, or nil when it has no endpoint there. Clients are told the
        /// addresses of the listener they came in on, brokers those of the inter-broker listener, as in Kafka.
        public func on(listener name: String) -> BrokerEndpoint? {
            if name == listener { return self }
            guard let address = addresses[name] else { return nil }
            var other = self
            other.host = address.host
            other.port = address.port
            other.listener = name
            return other
        }
    }

    public struct PartitionInfo: Hashable, Sendable {
        public var leader: BrokerID
        public var leaderEpoch: LeaderEpoch
        public var replicas: [BrokerID]
        public var isr: [BrokerID]
        public var offlineReplicas: [BrokerID]
        /// The controller epoch that made this leadership decision.
        public var controllerEpoch: ControllerEpoch

        public init(leader: BrokerID, leaderEpoch: LeaderEpoch, replicas: [BrokerID], isr: [BrokerID],
                    offlineReplicas: [BrokerID] = [], controllerEpoch: ControllerEpoch) {
            self.leader = leader
            self.leaderEpoch = leaderEpoch
            self.replicas = replicas
            self.isr = isr
            self.offlineReplicas = offlineReplicas
            self.controllerEpoch = controllerEpoch
        }
    }

    public struct Snapshot: Sendable {
        public var controllerID: BrokerID = .none
        public var brokers: [BrokerID: BrokerEndpoint] = [:]
        /// Partitions by topic, so a Metadata answer for one topic does not scan the whole cluster.
        public var topics: [TopicName: [PartitionIndex: PartitionInfo]] = [:]

        public func partition(_ tp: TopicPartition) -> PartitionInfo? { topics[tp.topic]?[tp.partition] }
        public var isEmpty: Bool { brokers.isEmpty && topics.isEmpty }
    }

    private let state = NIOLockedValueBox(Snapshot())

    public init() {}

    public var snapshot: Snapshot { state.withLockedValue { $0 } }

    /// Applies an UpdateMetadata: the live broker list is replaced whole; partition states are upserted, and a
    /// partition whose leader is `deletionMarker` (-2) is removed, as Kafka marks deleted topics.
    public func apply(controllerID: BrokerID, liveBrokers: [BrokerEndpoint],
                      partitions: [(TopicPartition, PartitionInfo)]) {
        state.withLockedValue { snapshot in
            snapshot.controllerID = controllerID
            snapshot.brokers = Dictionary(liveBrokers.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
            for (tp, info) in partitions {
                if info.leader == Self.deletionMarker {
                    snapshot.topics[tp.topic]?[tp.partition] = nil
                    if snapshot.topics[tp.topic]?.isEmpty == true { snapshot.topics[tp.topic] = nil }
                } else {
                    snapshot.topics[tp.topic, default: [:]][tp.partition] = info
                }
            }
        }
    }

    /// Waits (polling, at most `timeout`) until the first UpdateMetadata has told this broker who is alive.
    /// A broker that has just started answers Metadata only after that, as Kafka starts processing requests
    /// only at the end of its start-up: an answer with no brokers leaves some clients waiting for good.
    public func waitUntilInitialized(timeout: Duration) async {
        let deadline = ContinuousClock.now + timeout
        while state.withLockedValue({ $0.brokers.isEmpty }), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Records the active controller as ZooKeeper reports it. Until the controller's first UpdateMetadata
    /// arrives this is the only source, and clients that send admin requests to the controller need it.
    public func noteActiveController(_ id: BrokerID) {
        state.withLockedValue { $0.controllerID = id }
    }

    /// The leader value Kafka's controller sends in UpdateMetadata for partitions of a topic being deleted.
    public static let deletionMarker = BrokerID(-2)
}
