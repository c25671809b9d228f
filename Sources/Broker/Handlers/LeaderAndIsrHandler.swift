import KafkaModel
import Replication
import KafkaProtocol

/// LeaderAndIsr (4), from the controller: become leader or follower of partitions. A request from a controller
/// older than one already seen is refused whole with STALE_CONTROLLER_EPOCH; a partition whose leader epoch is
/// not newer than ours is refused alone with the same code.
struct LeaderAndIsrHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 2...5
    let replicas: ReplicaManager
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
        guard replicas.acceptControllerEpoch(request.controllerEpoch) else {
            return LeaderAndIsrResponse(errorCode: .staleControllerEpoch)
        }
        let changes = states.map { state in
            ReplicaManager.LeadershipChange(
                partition: TopicPartition(state.topicName, PartitionIndex(state.partitionIndex)),
                leader: state.leader, leaderEpoch: LeaderEpoch(state.leaderEpoch), isr: state.isr,
                replicas: state.replicas, zkVersion: state.partitionEpoch, topicID: topicIDs[state.topicName])
        }
        let errors = replicas.applyLeadership(changes, nowMs: clock())
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

    func handle(_ request: UpdateMetadataRequest, context: RequestContext) async -> UpdateMetadataResponse? {
        guard replicas.acceptControllerEpoch(request.controllerEpoch) else {
            return UpdateMetadataResponse(errorCode: .staleControllerEpoch)
        }
        let brokers = request.liveBrokers.compactMap { broker -> MetadataCache.BrokerEndpoint? in
            guard let endpoint = broker.endpoints.first else { return nil }
            return MetadataCache.BrokerEndpoint(id: broker.id, host: endpoint.host, port: Int(endpoint.port),
                                                listener: endpoint.listener, rack: broker.rack)
        }
        let partitions = request.topicStates.flatMap { topic in
            topic.partitionStates.map { state in
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

    func handle(_ request: StopReplicaRequest, context: RequestContext) async -> StopReplicaResponse? {
        guard replicas.acceptControllerEpoch(request.controllerEpoch) else {
            return StopReplicaResponse(errorCode: .staleControllerEpoch)
        }
        var stops: [(TopicPartition, delete: Bool)] = []
        var fenced: [StopReplicaResponse.StopReplicaPartitionError] = []
        for topic in request.topicStates {
            for state in topic.partitionStates {
                let tp = TopicPartition(topic.topicName, PartitionIndex(state.partitionIndex))
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
