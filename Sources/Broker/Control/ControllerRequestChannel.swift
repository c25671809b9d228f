import Controller
import KafkaClient
import KafkaModel
import KafkaProtocol
import Logging

/// The controller's requests on the wire: LeaderAndIsr v5, UpdateMetadata v7 and StopReplica v3 (Kafka's
/// choice for IBP 2.8), sent over `BrokerConnections`. A broker that cannot be reached is retried a few times
/// with backoff; after that the send fails and the controller relies on resending full state when the broker
/// re-registers.
struct ControllerRequestChannel: ControllerChannel {
    let connections: BrokerConnections
    /// Where requests go: `control.plane.listener.name` if set, else the inter-broker listener (Kafka's choice).
    let listener: String
    /// The leaders' endpoints in LeaderAndIsr name this listener: followers fetch on it.
    let interBrokerListener: String
    /// UpdateMetadata's security protocol id of each listener (`listener.security.protocol.map`; brokers of one
    /// cluster share their listener names). Unknown listeners are sent as PLAINTEXT (0).
    let securityProtocols: [String: Int16]

    init(connections: BrokerConnections, listener: String, interBrokerListener: String? = nil,
         securityProtocols: [String: Int16] = [:]) {
        self.connections = connections
        self.listener = listener
        self.interBrokerListener = interBrokerListener ?? listener
        self.securityProtocols = securityProtocols
    }

    init(connections: BrokerConnections, config: BrokerConfig) {
        self.init(connections: connections, listener: config.controllerListenerName,
                  interBrokerListener: config.effectiveInterBrokerListenerName,
                  securityProtocols: Dictionary(config.listeners.map {
                      ($0.name, config.securityProtocol(ofListener: $0.name).wireID)
                  }, uniquingKeysWith: { first, _ in first }))
    }

    static let leaderAndIsrVersion: Int16 = 5
    static let updateMetadataVersion: Int16 = 7
    static let stopReplicaVersion: Int16 = 3

    func leaderAndIsr(to broker: LiveBroker, from stamp: ControllerStamp, partitions: [PartitionLeadership],
                      leaders: [LiveBroker]) async throws -> [TopicPartition: KafkaErrorCode] {
        let byTopic = Dictionary(grouping: partitions, by: \.partition.topic)
        let request = LeaderAndIsrRequest(
            controllerID: stamp.controllerID, controllerEpoch: stamp.controllerEpoch.rawValue,
            brokerEpoch: broker.epoch, type: 0,
            topicStates: byTopic.keys.sorted().map { topic in
                LeaderAndIsrRequest.LeaderAndIsrTopicState(
                    topicName: topic, topicID: Self.topicID(byTopic[topic]!),
                    partitionStates: byTopic[topic]!.map { state in
                        LeaderAndIsrRequest.LeaderAndIsrPartitionState(
                            topicName: topic, partitionIndex: state.partition.partition.rawValue,
                            controllerEpoch: state.controllerEpoch.rawValue, leader: state.leader,
                            leaderEpoch: state.leaderEpoch.rawValue, isr: state.isr, partitionEpoch: state.zkVersion,
                            replicas: state.replicas, addingReplicas: state.addingReplicas,
                            removingReplicas: state.removingReplicas, isNew: state.isNew)
                    })
            },
            liveLeaders: leaders.compactMap { leader in
                endpoint(of: leader, on: interBrokerListener).map {
                    LeaderAndIsrRequest.LeaderAndIsrLiveLeader(brokerID: leader.id, hostName: $0.host,
                                                                port: Int32($0.port))
                }
            })
        let response = try await send(request, version: Self.leaderAndIsrVersion, to: broker)
        if response.errorCode != .none { throw ControlRequestError.refused(response.errorCode.name) }
        var errors: [TopicPartition: KafkaErrorCode] = [:]
        // From v5 partition errors are grouped by topic id, which is zero for topics created without one: the
        // brokers answer topics in the request's order, which names them all.
        let topicNames = request.topicStates.map(\.topicName)
        for (index, topic) in response.topics.enumerated() {
            let name = index < topicNames.count ? topicNames[index] : TopicName("")
            for error in topic.partitionErrors where error.errorCode != .none {
                errors[TopicPartition(name, PartitionIndex(error.partitionIndex))] = error.errorCode
            }
        }
        for error in response.partitionErrors where error.errorCode != .none {
            errors[TopicPartition(error.topicName, PartitionIndex(error.partitionIndex))] = error.errorCode
        }
        return errors
    }

    /// The wire form of a topic's id (zero, Kafka's "none", for topics without one).
    private static func topicID(_ partitions: [PartitionLeadership]) -> KafkaUUID {
        partitions.first?.topicID.flatMap { KafkaUUID(base64: $0) } ?? .zero
    }

    func updateMetadata(to broker: LiveBroker, from stamp: ControllerStamp, liveBrokers: [LiveBroker],
                        partitions: [PartitionLeadership]) async throws {
        let byTopic = Dictionary(grouping: partitions, by: \.partition.topic)
        let request = UpdateMetadataRequest(
            controllerID: stamp.controllerID, controllerEpoch: stamp.controllerEpoch.rawValue,
            brokerEpoch: broker.epoch,
            topicStates: byTopic.keys.sorted().map { topic in
                UpdateMetadataRequest.UpdateMetadataTopicState(
                    topicName: topic, topicID: Self.topicID(byTopic[topic]!),
                    partitionStates: byTopic[topic]!.map { state in
                        UpdateMetadataRequest.UpdateMetadataPartitionState(
                            topicName: topic, partitionIndex: state.partition.partition.rawValue,
                            controllerEpoch: state.controllerEpoch.rawValue, leader: state.leader,
                            leaderEpoch: state.leaderEpoch.rawValue, isr: state.isr, zkVersion: state.zkVersion,
                            replicas: state.replicas, offlineReplicas: state.offlineReplicas)
                    })
            },
            liveBrokers: liveBrokers.map { live in
                UpdateMetadataRequest.UpdateMetadataBroker(
                    id: live.id,
                    endpoints: live.endpoints.map {
                        UpdateMetadataRequest.UpdateMetadataEndpoint(
                            port: Int32($0.port), host: $0.host, listener: $0.listener,
                            securityProtocol: securityProtocols[$0.listener] ?? 0)
                    },
                    rack: live.rack)
            })
        let response = try await send(request, version: Self.updateMetadataVersion, to: broker)
        if response.errorCode != .none { throw ControlRequestError.refused(response.errorCode.name) }
    }

    func stopReplica(to broker: LiveBroker, from stamp: ControllerStamp, partitions: [StopReplicaPartition])
        async throws -> [TopicPartition: KafkaErrorCode]
    {
        let byTopic = Dictionary(grouping: partitions, by: \.partition.topic)
        let request = StopReplicaRequest(
            controllerID: stamp.controllerID, controllerEpoch: stamp.controllerEpoch.rawValue,
            brokerEpoch: broker.epoch,
            topicStates: byTopic.keys.sorted().map { topic in
                StopReplicaRequest.StopReplicaTopicState(
                    topicName: topic,
                    partitionStates: byTopic[topic]!.map {
                        StopReplicaRequest.StopReplicaPartitionState(
                            partitionIndex: $0.partition.partition.rawValue, leaderEpoch: $0.leaderEpoch.rawValue,
                            deletePartition: $0.deletePartition)
                    })
            })
        let response = try await send(request, version: Self.stopReplicaVersion, to: broker)
        if response.errorCode != .none { throw ControlRequestError.refused(response.errorCode.name) }
        var errors: [TopicPartition: KafkaErrorCode] = [:]
        for error in response.partitionErrors where error.errorCode != .none {
            errors[TopicPartition(error.topicName, PartitionIndex(error.partitionIndex))] = error.errorCode
        }
        return errors
    }

    /// The broker's endpoint on `name`; a broker that did not register that listener (its configuration
    /// differs, e.g. mid-way through a rolling change) is tried on its first one rather than not at all.
    private func endpoint(of broker: LiveBroker, on name: String) -> LiveBroker.Endpoint? {
        broker.endpoints.first { $0.listener == name } ?? broker.endpoints.first
    }

    /// Sends with a few retries: a broker that just registered may not accept connections for a moment.
    private func send<Request: KafkaRequestMessage>(_ request: Request, version: Int16, to broker: LiveBroker)
        async throws -> Request.Response
    {
        guard let endpoint = endpoint(of: broker, on: listener) else { throw ControlRequestError.noEndpoint(broker.id) }
        var delay = Duration.milliseconds(100)
        var attempt = 0
        while true {
            do {
                let connection = try await connections.connection(host: endpoint.host, port: endpoint.port,
                                                                  listener: endpoint.listener)
                return try await connection.send(request, version: version)
            } catch {
                attempt += 1
                await connections.discard(host: endpoint.host, port: endpoint.port)
                if attempt >= 5 || Task.isCancelled { throw error }
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
            }
        }
    }
}

enum ControlRequestError: Error, CustomStringConvertible {
    case refused(String)
    case noEndpoint(BrokerID)

    var description: String {
        switch self {
        case .refused(let code): "refused with \(code)"
        case .noEndpoint(let id): "broker \(id) registered no endpoint"
        }
    }
}
