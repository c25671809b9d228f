import KafkaModel
import Replication
import KafkaProtocol

/// LeaderAndIsr (4), from the controller: become leader or follower of partitions. A request that is not from
/// the current controller, or not for this broker's current registration, is refused whole
/// (`ControllerRequestFence`); a partition whose leader epoch is not newer than ours is refused alone with
/// STALE_CONTROLLER_EPOCH, and one whose topic name is not a legal name with INVALID_TOPIC_EXCEPTION (a name
/// becomes a directory: `../x` must never reach the file system).
struct LeaderAndIsrHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 2...5
    let replicas: ReplicaManager
    let fence: ControllerRequestFence
    let clock: @Sendable () -> Int64

    func handle(_ request: LeaderAndIsrRequest, context: RequestContext) async -> LeaderAndIsrResponse? {
        // From v2 partition states are grouped under their topic and do not carry its name themselves.
        let states = request.topicStates.flatMap { topic in
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
        let admitted = await fence.admit(controllerEpoch: request.controllerEpoch, brokerEpoch: request.brokerEpoch)
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
    static let servedVersions: ClosedRange<Int16> = 5...7
    let replicas: ReplicaManager
    let metadata: MetadataCache
    let fence: ControllerRequestFence

    func handle(_ request: UpdateMetadataRequest, context: RequestContext) async -> UpdateMetadataResponse? {
        let admitted = await fence.admit(controllerEpoch: request.controllerEpoch, brokerEpoch: request.brokerEpoch)
        guard admitted == .none else {
            replicas.logRefusedControllerRequest("UpdateMetadata", request.controllerID, request.controllerEpoch,
                                                 request.brokerEpoch, admitted, peer: context.peer)
            return UpdateMetadataResponse(errorCode: admitted)
        }
        let brokers = request.liveBrokers.compactMap { broker -> MetadataCache.BrokerEndpoint? in
            guard let endpoint = broker.endpoints.first else { return nil }
            var addresses: [String: MetadataCache.BrokerEndpoint.Address] = [:]
            for other in broker.endpoints where addresses[other.listener] == nil {
                addresses[other.listener] = .init(host: other.host, port: Int(other.port))
            }
            return MetadataCache.BrokerEndpoint(id: broker.id, host: endpoint.host, port: Int(endpoint.port),
                                                listener: endpoint.listener, rack: broker.rack, addresses: addresses)
        }
        // Names that could never be topics are left out: Metadata answers would carry them to every client.
        let partitions = request.topicStates.filter { TopicNameRules.validate($0.topicName) == nil }.flatMap { topic in
            topic.partitionStates.filter { $0.partitionIndex >= 0 }.map { state in
                (TopicPartition(topic.topicName, PartitionIndex(state.partitionIndex)),
                 MetadataCache.PartitionInfo(leader: state.leader, leaderEpoch: LeaderEpoch(state.leaderEpoch),
                                             replicas: state.replicas, isr: state.isr,
                                             offlineReplicas: state.offlineReplicas,
                                             controllerEpoch: ControllerEpoch(state.controllerEpoch)))
            }
        }
        metadata.apply(controllerID: request.controllerID, liveBrokers: brokers, partitions: partitions)
        return UpdateMetadataResponse(errorCode: .none)
    }
}

/// StopReplica (5), from the controller: stop serving partitions, and delete their logs when asked.
struct StopReplicaHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 3...3
    let replicas: ReplicaManager
    let fence: ControllerRequestFence

    func handle(_ request: StopReplicaRequest, context: RequestContext) async -> StopReplicaResponse? {
        let admitted = await fence.admit(controllerEpoch: request.controllerEpoch, brokerEpoch: request.brokerEpoch)
        guard admitted == .none else {
            replicas.logRefusedControllerRequest("StopReplica", request.controllerID, request.controllerEpoch,
                                                 request.brokerEpoch, admitted, peer: context.peer)
            return StopReplicaResponse(errorCode: admitted)
        }
        var stops: [(TopicPartition, delete: Bool)] = []
        var fenced: [StopReplicaResponse.StopReplicaPartitionError] = []
        for topic in request.topicStates {
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
}
