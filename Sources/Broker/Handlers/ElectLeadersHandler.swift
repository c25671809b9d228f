import Controller
import KafkaModel
import KafkaProtocol

/// ElectLeaders (43), served by the controller: preferred or unclean leader elections for the named partitions
/// (null = every partition), answered per partition with Kafka's errors — ELECTION_NOT_NEEDED,
/// PREFERRED_LEADER_NOT_AVAILABLE, ELIGIBLE_LEADERS_NOT_AVAILABLE, UNKNOWN_TOPIC_OR_PARTITION. A broker that is
/// not the controller answers NOT_CONTROLLER per partition, as Kafka's ZooKeeper-mode controller does.
struct ElectLeadersHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...2
    let controller: @Sendable () -> Controller?

    func handle(_ request: ElectLeadersRequest, context: RequestContext) async -> ElectLeadersResponse? {
        let requested = request.topicPartitions.map { topics in
            Set(topics.flatMap { topic in topic.partitions.map { TopicPartition(topic.topic, PartitionIndex($0)) } })
        }
        // v0 has no election type: preferred.
        guard let type = ElectionType(rawValue: context.apiVersion >= 1 ? request.electionType : 0) else {
            return Self.response(requested.map { Dictionary(uniqueKeysWithValues: $0.map { ($0, .invalidRequest) }) }
                ?? [:])
        }
        guard context.authorizeCluster(.alter) else {
            // Per partition too: v0 has no request-level error.
            var refused = Self.response(requested.map {
                Dictionary(uniqueKeysWithValues: $0.map { ($0, .clusterAuthorizationFailed) })
            } ?? [:])
            refused.errorCode = .clusterAuthorizationFailed
            return refused
        }
        guard let controller = controller(), controller.isActive else {
            return Self.response(requested.map { Dictionary(uniqueKeysWithValues: $0.map { ($0, .notController) }) }
                ?? [:])
        }
        do {
            let outcomes = try await controller.electLeaders(type, partitions: requested)
            return Self.response(outcomes.mapValues(Self.errorCode))
        } catch {
            return Self.response(requested.map { Dictionary(uniqueKeysWithValues: $0.map { ($0, .notController) }) }
                ?? [:])
        }
    }

    static func errorCode(_ outcome: ElectionOutcome) -> KafkaErrorCode {
        switch outcome {
        case .elected: .none
        case .notNeeded: .electionNotNeeded
        case .preferredLeaderNotAvailable: .preferredLeaderNotAvailable
        case .eligibleLeadersNotAvailable: .eligibleLeadersNotAvailable
        case .unknownTopicOrPartition: .unknownTopicOrPartition
        case .topicBeingDeleted: .invalidTopicException
        }
    }

    /// Results grouped by topic, topics and partitions in order.
    static func response(_ codes: [TopicPartition: KafkaErrorCode]) -> ElectLeadersResponse {
        let byTopic = Dictionary(grouping: codes.keys, by: \.topic)
        let results = byTopic.keys.sorted().map { topic in
            ElectLeadersResponse.ReplicaElectionResult(
                topic: topic,
                partitionResult: byTopic[topic, default: []].sorted().map { partition in
                    let code = codes[partition] ?? .none
                    return .init(partitionID: partition.partition.rawValue, errorCode: code,
                                 errorMessage: code == .none ? nil : "\(code)")
                })
        }
        return ElectLeadersResponse(throttleTimeMs: 0, errorCode: .none, replicaElectionResults: results)
    }
}
