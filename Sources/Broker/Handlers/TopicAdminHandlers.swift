import KafkaModel
import KafkaProtocol

/// CreateTopics (19). Sent to the controller, as in Kafka; other brokers answer NOT_CONTROLLER so the client
/// refreshes metadata and retries there.
struct CreateTopicsHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...7
    let admin: TopicAdmin
    let isController: @Sendable () -> Bool

    func handle(_ request: CreateTopicsRequest, context: RequestContext) async -> CreateTopicsResponse? {
        var results: [CreateTopicsResponse.CreatableTopicResult] = []
        // Counted once: a request may name tens of thousands of topics.
        var mentions: [TopicName: Int] = [:]
        for topic in request.topics { mentions[topic.name, default: 0] += 1 }
        for topic in request.topics {
            var result = CreateTopicsResponse.CreatableTopicResult(name: topic.name, errorCode: .none,
                                                                   numPartitions: -1, replicationFactor: -1)
            guard isController() else {
                result.errorCode = .notController
                results.append(result)
                continue
            }
            // CREATE on the cluster, or else on the topic (Kafka's order: after the controller check).
            guard context.authorizer.authorize(context.session, .create, .cluster, ResourcePattern.clusterName,
                                               logDenial: false)
                || context.authorize(.create, .topic, topic.name.rawValue)
            else {
                result.errorCode = .topicAuthorizationFailed
                result.errorMessage = "Authorization failed."
                results.append(result)
                continue
            }
            if mentions[topic.name, default: 0] > 1 {
                result.errorCode = .invalidRequest
                result.errorMessage = "Create topics request from client contains duplicate topic \(topic.name)"
                results.append(result)
                continue
            }
            var configs: [String: String] = [:]
            for config in topic.configs { if let value = config.value { configs[config.name] = value } }
            let explicit = topic.assignments.isEmpty
                ? nil : topic.assignments.sorted { $0.partitionIndex < $1.partitionIndex }
            if let explicit {
                // Kafka's rules: an explicit assignment replaces the counts, and names partitions 0…n-1 once each.
                if topic.numPartitions != -1 || topic.replicationFactor != -1 {
                    result.errorCode = .invalidRequest
                    result.errorMessage = "Both numPartitions or replicationFactor and replicasAssignments were set."
                    results.append(result)
                    continue
                }
                if explicit.enumerated().contains(where: { Int($0.element.partitionIndex) != $0.offset }) {
                    result.errorCode = .invalidReplicaAssignment
                    result.errorMessage = "Partitions should be consecutive and start from 0."
                    results.append(result)
                    continue
                }
            }
            let plan = TopicAdmin.NewTopic(name: topic.name, partitions: topic.numPartitions,
                                           replicationFactor: topic.replicationFactor,
                                           assignment: explicit?.map(\.brokerIDs),
                                           configs: configs)
            do {
                let assignment = try admin.plan(plan)
                // `plan` bounds both (partitions per topic, replicas by live brokers); clamping keeps it so.
                result.numPartitions = Int32(clamping: assignment.count)
                result.replicationFactor = Int16(clamping: assignment.first?.count ?? 0)
                if !request.validateOnly {
                    try await admin.create(topic.name, assignment: assignment, configs: configs,
                                           timeout: .milliseconds(Int64(max(request.timeoutMs, 0))))
                }
            } catch {
                result.errorCode = error.code
                result.errorMessage = error.message
            }
            results.append(result)
        }
        return CreateTopicsResponse(throttleTimeMs: 0, topics: results)
    }
}

/// DeleteTopics (20), to the controller: queues the deletion and waits until it completes.
struct DeleteTopicsHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...6
    let admin: TopicAdmin
    let isController: @Sendable () -> Bool

    func handle(_ request: DeleteTopicsRequest, context: RequestContext) async -> DeleteTopicsResponse? {
        // v0-5 name topics in topicNames; v6 in topics (by name, or by id which we do not keep).
        let requested: [(TopicName?, KafkaUUID)] = context.apiVersion >= 6
            ? request.topics.map { ($0.name, $0.topicID) } : request.topicNames.map { ($0, .zero) }
        var results: [DeleteTopicsResponse.DeletableTopicResult] = []
        for (name, id) in requested {
            var result = DeleteTopicsResponse.DeletableTopicResult(name: name, topicID: id, errorCode: .none)
            guard isController() else {
                result.errorCode = .notController
                results.append(result)
                continue
            }
            guard let name else {
                result.errorCode = .unknownTopicId
                results.append(result)
                continue
            }
            guard context.authorize(.delete, .topic, name.rawValue) else {
                result.errorCode = .topicAuthorizationFailed
                results.append(result)
                continue
            }
            do {
                try await admin.delete(name, timeout: .milliseconds(Int64(max(request.timeoutMs, 0))))
            } catch {
                result.errorCode = error.code
                result.errorMessage = error.message
            }
            results.append(result)
        }
        return DeleteTopicsResponse(throttleTimeMs: 0, responses: results)
    }
}

/// CreatePartitions (37), to the controller: grows topics, placing new partitions like Kafka.
struct CreatePartitionsHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...3
    let admin: TopicAdmin
    let isController: @Sendable () -> Bool

    func handle(_ request: CreatePartitionsRequest, context: RequestContext) async -> CreatePartitionsResponse? {
        var results: [CreatePartitionsResponse.CreatePartitionsTopicResult] = []
        for topic in request.topics {
            var result = CreatePartitionsResponse.CreatePartitionsTopicResult(name: topic.name, errorCode: .none)
            if !isController() {
                result.errorCode = .notController
            } else if !context.authorize(.alter, .topic, topic.name.rawValue) {
                result.errorCode = .topicAuthorizationFailed
            } else {
                do {
                    try await admin.addPartitions(topic.name, count: topic.count,
                                                  assignment: topic.assignments?.map(\.brokerIDs),
                                                  validateOnly: request.validateOnly,
                                                  timeout: .milliseconds(Int64(max(request.timeoutMs, 0))))
                } catch {
                    result.errorCode = error.code
                    result.errorMessage = error.message
                }
            }
            results.append(result)
        }
        return CreatePartitionsResponse(throttleTimeMs: 0, results: results)
    }
}
