import KafkaModel
import Replication
import KafkaProtocol

/// LeaderAndIsr (4), from the controller: become leader or follower of partitions. A request that is not from
/// the current controller, or not for this broker's current registration, is refused whole
/// (`ControllerRequestFence`); a partition whose leader epoch is not newer than ours is refused alone with
/// STALE_CONTROLLER_EPOCH, and one whose topic name is not a legal name with INVALID_TOPIC_EXCEPTION (a name
/// becomes a directory: `../x` must never reach the file system).
struct LeaderAndIsrHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...5
    let replicas: ReplicaManager
    let fence: ControllerRequestFence
    let clock: @Sendable () -> Int64

    func handle(_ request: LeaderAndIsrRequest, context: RequestContext) async -> LeaderAndIsrResponse? {
        guard context.authorizeCluster(.clusterAction) else { return LeaderAndIsrResponse(errorCode: .clusterAuthorizationFailed) }
        // v0–v1 list partition states each with its topic; from v2 they are grouped under their topic and do not
        // carry its name themselves.
        let states = context.apiVersion < 2 ? request.ungroupedPartitionStates : request.topicStates.flatMap { topic in
            topic.partitionStates.map { state -> LeaderAndIsrRequest.LeaderAndIsrPartitionState in
                var named = state
                named.topicName = topic.topicName
                return named
            }
        }
        // From v5 topics carry their id (zero when the controller has none).
        var topicIDs: [TopicName: String] = [:]
        for topic in request.topicStates where topic.topicID != .zero {
            topicIDs[topic.topicName] = topic.topicID.base64
        }
        // The broker epoch came with v2 (KIP-380).
        let admitted = await fence.admit(controllerEpoch: request.controllerEpoch,
                                         brokerEpoch: context.apiVersion >= 2 ? request.brokerEpoch : nil)
        guard admitted == .none else {
            replicas.logRefusedControllerRequest("LeaderAndIsr", request.controllerID, request.controllerEpoch,
                                                 request.brokerEpoch, admitted, peer: context.peer)
            return LeaderAndIsrResponse(errorCode: admitted)
        }
        var refused: [TopicPartition: KafkaErrorCode] = [:]
        let acceptable = states.filter { state in
            let tp = TopicPartition(state.topicName, PartitionIndex(state.partitionIndex))
            guard let error = TopicNameRules.unusablePartition(tp) else { return true }
            refused[tp] = error
            return false
        }
        let changes = acceptable.map { state in
            ReplicaManager.LeadershipChange(
                partition: TopicPartition(state.topicName, PartitionIndex(state.partitionIndex)),
                leader: state.leader, leaderEpoch: LeaderEpoch(state.leaderEpoch), isr: state.isr,
                replicas: state.replicas, zkVersion: state.partitionEpoch, topicID: topicIDs[state.topicName],
                isNew: state.isNew)
        }
        let errors = replicas.applyLeadership(changes, nowMs: clock()).merging(refused) { applied, _ in applied }
        let partitionErrors = states.map { state in
            let tp = TopicPartition(state.topicName, PartitionIndex(state.partitionIndex))
            return LeaderAndIsrResponse.LeaderAndIsrPartitionError(
                topicName: state.topicName, partitionIndex: state.partitionIndex, errorCode: errors[tp] ?? .none)
        }
        if context.apiVersion >= 5 {
            let byTopic = Dictionary(grouping: partitionErrors, by: \.topicName)
            let topics = request.topicStates.map { topic in
                LeaderAndIsrResponse.LeaderAndIsrTopicError(topicID: topic.topicID,
                                                            partitionErrors: byTopic[topic.topicName] ?? [])
            }
            return LeaderAndIsrResponse(errorCode: .none, topics: topics)
        }
        return LeaderAndIsrResponse(errorCode: .none, partitionErrors: partitionErrors)
    }
}

/// UpdateMetadata (6), from the controller: the live brokers and partition states every broker answers
/// Metadata requests from.
struct UpdateMetadataHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...7
    let replicas: ReplicaManager
    let metadata: MetadataCache
    let fence: ControllerRequestFence

    func handle(_ request: UpdateMetadataRequest, context: RequestContext) async -> UpdateMetadataResponse? {
        guard context.authorizeCluster(.clusterAction) else { return UpdateMetadataResponse(errorCode: .clusterAuthorizationFailed) }
        let version = context.apiVersion
        // The broker epoch came with v5 (KIP-380).
        let admitted = await fence.admit(controllerEpoch: request.controllerEpoch,
                                         brokerEpoch: version >= 5 ? request.brokerEpoch : nil)
        guard admitted == .none else {
            replicas.logRefusedControllerRequest("UpdateMetadata", request.controllerID, request.controllerEpoch,
                                                 request.brokerEpoch, admitted, peer: context.peer)
            return UpdateMetadataResponse(errorCode: admitted)
        }
        let brokers = request.liveBrokers.compactMap { broker -> MetadataCache.BrokerEndpoint? in
            let endpoints = Self.endpoints(of: broker, version: version)
            guard let endpoint = endpoints.first else { return nil }
            var addresses: [String: MetadataCache.BrokerEndpoint.Address] = [:]
            for other in endpoints where addresses[other.listener] == nil {
                addresses[other.listener] = .init(host: other.host, port: Int(other.port))
            }
            return MetadataCache.BrokerEndpoint(id: broker.id, host: endpoint.host, port: Int(endpoint.port),
                                                listener: endpoint.listener, rack: broker.rack, addresses: addresses)
        }
        // Names that could never be topics are left out: Metadata answers would carry them to every client.
        // v0–v4 list partition states each with its topic; from v5 they are grouped under their topic.
        let states = version < 5 ? request.ungroupedPartitionStates : request.topicStates.flatMap { topic in
            topic.partitionStates.map { state -> UpdateMetadataRequest.UpdateMetadataPartitionState in
                var named = state
                named.topicName = topic.topicName
                return named
            }
        }
        let partitions = states.filter { TopicNameRules.validate($0.topicName) == nil && $0.partitionIndex >= 0 }
            .map { state in
                (TopicPartition(state.topicName, PartitionIndex(state.partitionIndex)),
                 MetadataCache.PartitionInfo(leader: state.leader, leaderEpoch: LeaderEpoch(state.leaderEpoch),
                                             replicas: state.replicas, isr: state.isr,
                                             offlineReplicas: state.offlineReplicas,
                                             controllerEpoch: ControllerEpoch(state.controllerEpoch)))
            }
        metadata.apply(controllerID: request.controllerID, liveBrokers: brokers, partitions: partitions)
        return UpdateMetadataResponse(errorCode: .none)
    }

    /// A live broker's endpoints as v3+ spell them: v0 has one plaintext host and port, and v1–v2 name no listener,
    /// which Kafka then takes to be the security protocol's name (its default listener names).
    static func endpoints(of broker: UpdateMetadataRequest.UpdateMetadataBroker, version: Int16)
        -> [UpdateMetadataRequest.UpdateMetadataEndpoint]
    {
        if version == 0 {
            return [.init(port: broker.v0Port, host: broker.v0Host, listener: "PLAINTEXT", securityProtocol: 0)]
        }
        guard version < 3 else { return broker.endpoints }
        let protocolNames: [Int16: String] = [0: "PLAINTEXT", 1: "SSL", 2: "SASL_PLAINTEXT", 3: "SASL_SSL"]
        return broker.endpoints.compactMap { endpoint in
            guard let name = protocolNames[endpoint.securityProtocol] else { return nil }
            var named = endpoint
            named.listener = name
            return named
        }
    }
}

/// StopReplica (5), from the controller: stop serving partitions, and delete their logs when asked.
struct StopReplicaHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...3
    let replicas: ReplicaManager
    let fence: ControllerRequestFence

    func handle(_ request: StopReplicaRequest, context: RequestContext) async -> StopReplicaResponse? {
        guard context.authorizeCluster(.clusterAction) else { return StopReplicaResponse(errorCode: .clusterAuthorizationFailed) }
        // The broker epoch came with v1 (KIP-380).
        let admitted = await fence.admit(controllerEpoch: request.controllerEpoch,
                                         brokerEpoch: context.apiVersion >= 1 ? request.brokerEpoch : nil)
        guard admitted == .none else {
            replicas.logRefusedControllerRequest("StopReplica", request.controllerID, request.controllerEpoch,
                                                 request.brokerEpoch, admitted, peer: context.peer)
            return StopReplicaResponse(errorCode: admitted)
        }
        var stops: [(TopicPartition, delete: Bool)] = []
        var fenced: [StopReplicaResponse.StopReplicaPartitionError] = []
        for topic in Self.topicStates(request, version: context.apiVersion) {
            for state in topic.partitionStates {
                let tp = TopicPartition(topic.topicName, PartitionIndex(state.partitionIndex))
                if let error = TopicNameRules.unusablePartition(tp) {
                    fenced.append(.init(topicName: topic.topicName, partitionIndex: state.partitionIndex,
                                        errorCode: error))
                    continue
                }
                // -1 (unknown) and -2 (topic deletion) always apply; otherwise only a newer epoch does.
                if state.leaderEpoch >= 0, let partition = replicas.partition(tp),
                    state.leaderEpoch < partition.leaderEpoch.rawValue
                {
                    fenced.append(.init(topicName: topic.topicName, partitionIndex: state.partitionIndex,
                                        errorCode: .fencedLeaderEpoch))
                    continue
                }
                stops.append((tp, state.deletePartition))
            }
        }
        let errors = replicas.stopReplicas(stops)
        let answered = stops.map { tp, _ in
            StopReplicaResponse.StopReplicaPartitionError(topicName: tp.topic, partitionIndex: tp.partition.rawValue,
                                                          errorCode: errors[tp] ?? .none)
        }
        return StopReplicaResponse(errorCode: .none, partitionErrors: answered + fenced)
    }

    /// The request's partitions as v3 spells them: v0 lists (topic, partition) pairs and v1–v2 partitions per topic,
    /// both with one `deletePartitions` flag for all and no leader epoch (-1: always applies).
    static func topicStates(_ request: StopReplicaRequest, version: Int16)
        -> [StopReplicaRequest.StopReplicaTopicState]
    {
        let delete = request.deletePartitions
        switch version {
        case 0:
            return request.ungroupedPartitions.map { partition in
                .init(topicName: partition.topicName, partitionStates: [
                    .init(partitionIndex: partition.partitionIndex, leaderEpoch: -1, deletePartition: delete),
                ])
            }
        case 1...2:
            return request.topics.map { topic in
                .init(topicName: topic.name, partitionStates: topic.partitionIndexes.map {
                    .init(partitionIndex: $0, leaderEpoch: -1, deletePartition: delete)
                })
            }
        default:
            return request.topicStates
        }
    }
}
