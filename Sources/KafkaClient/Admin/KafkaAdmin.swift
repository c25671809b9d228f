import KafkaModel
import KafkaProtocol

/// Administrative operations: topics, partitions, configs and record deletion.
///
/// Requests that Kafka's admin client sends to the controller (CreateTopics, DeleteTopics, CreatePartitions)
/// go to the `controller_id` from Metadata, and are resent once the controller moved (NOT_CONTROLLER). The
/// others go to any broker, except DeleteRecords which goes to each partition's leader.
public actor KafkaAdmin {
    public nonisolated let cluster: KafkaCluster
    private let ownsCluster: Bool
    /// The broker-side timeout sent with create/delete requests (they wait for the change to take effect).
    public nonisolated let operationTimeout: Duration

    /// - Throws: `KafkaClientError.invalidArgument` for malformed servers.
    public init(bootstrapServers: String, clientID: String = "tributary-admin",
                operationTimeout: Duration = .seconds(30), security: ConnectionSecurity = .plaintext) throws
    {
        self.cluster = try KafkaCluster(bootstrapServers: bootstrapServers, clientID: clientID, security: security)
        self.ownsCluster = true
        self.operationTimeout = operationTimeout
    }

    /// An admin client over shared connections.
    public init(cluster: KafkaCluster, operationTimeout: Duration = .seconds(30)) {
        self.cluster = cluster
        self.ownsCluster = false
        self.operationTimeout = operationTimeout
    }

    public func close() async {
        if ownsCluster { await cluster.close() }
    }

    /// How long to wait for the answer to a request carrying `timeoutMs`: the broker may hold it that long.
    var heldRequestTimeout: Duration { operationTimeout + KafkaConnection.defaultRequestTimeout }

    private var timeoutMs: Int32 {
        Int32(clamping: operationTimeout.components.seconds * 1000
            + operationTimeout.components.attoseconds / 1_000_000_000_000_000)
    }

    /// Sends a request to the controller; on NOT_CONTROLLER (`isNotController` says so) refreshes metadata and
    /// tries again, a few times.
    func sendToController<Request: KafkaRequestMessage>(
        _ request: Request, isNotController: (Request.Response) -> Bool
    ) async throws -> Request.Response {
        var attempt = 0
        while true {
            attempt += 1
            let connection = try await cluster.controllerConnection()
            let response: Request.Response
            do {
                response = try await connection.send(request, timeout: heldRequestTimeout)
            } catch let error as KafkaClientError where error == .noCommonVersion(api: "\(Request.apiKey)") {
                throw error
            } catch {
                guard attempt < 4 else { throw error }
                _ = try? await cluster.refreshMetadata(topics: [])
                continue
            }
            guard isNotController(response), attempt < 4 else { return response }
            _ = try await cluster.refreshMetadata(topics: [])
            try await Task.sleep(for: .milliseconds(100 * attempt))
        }
    }

    // MARK: Topics

    /// Creates topics.
    /// - Parameter validateOnly: only checks the request (CreateTopics v1+).
    /// - Returns: one result per topic (TOPIC_ALREADY_EXISTS, INVALID_REPLICATION_FACTOR, ... as error codes).
    public func createTopics(_ topics: [NewTopic], validateOnly: Bool = false) async throws -> [AdminResult] {
        let request = CreateTopicsRequest(
            topics: topics.map { topic in
                let explicit = !topic.assignments.isEmpty
                return CreateTopicsRequest.CreatableTopic(
                    name: topic.name, numPartitions: explicit ? -1 : topic.partitions,
                    replicationFactor: explicit ? -1 : topic.replicationFactor,
                    assignments: topic.assignments.sorted { $0.key < $1.key }.map {
                        .init(partitionIndex: $0.key.rawValue, brokerIDs: $0.value)
                    },
                    configs: topic.configs.sorted { $0.key < $1.key }.map { .init(name: $0.key, value: $0.value) })
            },
            timeoutMs: timeoutMs, validateOnly: validateOnly)
        let response = try await sendToController(request) { $0.topics.contains { $0.errorCode == .notController } }
        await cluster.invalidateAll()
        return response.topics.map { AdminResult(name: $0.name.rawValue, errorCode: $0.errorCode,
                                                 errorMessage: $0.errorMessage) }
    }

    /// Deletes topics by name.
    public func deleteTopics(_ names: [TopicName]) async throws -> [AdminResult] {
        let request = DeleteTopicsRequest(topics: names.map { .init(name: $0, topicID: .zero) }, topicNames: names,
                                          timeoutMs: timeoutMs)
        let response = try await sendToController(request) {
            $0.responses.contains { $0.errorCode == .notController }
        }
        await cluster.invalidateAll()
        return response.responses.map { AdminResult(name: $0.name?.rawValue ?? "", errorCode: $0.errorCode,
                                                    errorMessage: $0.errorMessage) }
    }

    /// Raises topics' partition counts (CreatePartitions); `assignments` optionally gives the replicas of each
    /// new partition.
    public func createPartitions(_ counts: [TopicName: Int32],
                                 assignments: [TopicName: [[BrokerID]]] = [:]) async throws -> [AdminResult]
    {
        let request = CreatePartitionsRequest(
            topics: counts.sorted { $0.key < $1.key }.map { name, count in
                .init(name: name, count: count,
                      assignments: assignments[name].map { $0.map { .init(brokerIDs: $0) } })
            },
            timeoutMs: timeoutMs, validateOnly: false)
        let response = try await sendToController(request) { $0.results.contains { $0.errorCode == .notController } }
        await cluster.invalidateAll()
        return response.results.map { AdminResult(name: $0.name.rawValue, errorCode: $0.errorCode,
                                                  errorMessage: $0.errorMessage) }
    }

    /// Names of every topic, sorted.
    /// - Parameter includeInternal: also list internal topics (`__consumer_offsets`).
    public func listTopics(includeInternal: Bool = false) async throws -> [TopicName] {
        let metadata = try await cluster.refreshMetadata(topics: nil)
        return metadata.topics.values.filter { includeInternal || !$0.isInternal }.map(\.name).sorted()
    }

    /// Descriptions of `names`, or of every topic when nil, sorted by name.
    /// - Throws: `KafkaClientError.unknownTopic` for a named topic that does not exist.
    public func describeTopics(_ names: [TopicName]? = nil) async throws -> [TopicDescription] {
        let metadata = try await cluster.refreshMetadata(topics: names)
        var descriptions: [TopicDescription] = []
        for topic in metadata.topics.values where names?.contains(topic.name) ?? true {
            if topic.errorCode == .unknownTopicOrPartition { throw KafkaClientError.unknownTopic(topic.name.rawValue) }
            guard topic.errorCode == .none else {
                throw KafkaClientError.brokerError(api: .metadata, code: topic.errorCode, message: "\(topic.name)")
            }
            descriptions.append(TopicDescription(name: topic.name, isInternal: topic.isInternal,
                                                 partitions: topic.partitions))
        }
        for name in names ?? [] where !descriptions.contains(where: { $0.name == name }) {
            throw KafkaClientError.unknownTopic(name.rawValue)
        }
        return descriptions.sorted { $0.name < $1.name }
    }

    /// The cluster's brokers and controller, from Metadata.
    public func describeCluster() async throws -> MetadataSnapshot {
        try await cluster.refreshMetadata(topics: [])
    }

    // MARK: Configs

    /// The configs of a resource; `names` restricts them (nil for all).
    /// - Throws: `KafkaClientError.brokerError` carrying the resource's error code.
    public func describeConfigs(_ resource: ConfigResource, names: [String]? = nil, includeSynonyms: Bool = false)
        async throws -> [ConfigEntry]
    {
        let request = DescribeConfigsRequest(
            resources: [.init(resourceType: resource.type, resourceName: resource.name, configurationKeys: names)],
            includeSynonyms: includeSynonyms, includeDocumentation: false)
        let response = try await connection(for: resource).send(request)
        guard let result = response.results.first else { throw KafkaClientError.unexpectedResponse }
        try AdminResult(name: result.resourceName, errorCode: result.errorCode, errorMessage: result.errorMessage)
            .check(.describeConfigs)
        return result.configs.map { config in
            let source = ConfigEntry.Source(rawValue: config.configSource) ?? .unknown
            return ConfigEntry(name: config.name, value: config.value,
                               source: config.isDefault && source == .unknown ? .defaultConfig : source,
                               isReadOnly: config.readOnly, isSensitive: config.isSensitive,
                               synonyms: config.synonyms.map {
                                   .init(name: $0.name, value: $0.value, source: .init(rawValue: $0.source) ?? .unknown)
                               })
        }.sorted { $0.name < $1.name }
    }

    /// Replaces a resource's whole set of dynamic configs (AlterConfigs): names left out return to defaults.
    public func alterConfigs(_ resource: ConfigResource, _ configs: [String: String?]) async throws -> AdminResult {
        let request = AlterConfigsRequest(
            resources: [.init(resourceType: resource.type, resourceName: resource.name,
                              configs: configs.sorted { $0.key < $1.key }.map { .init(name: $0.key, value: $0.value) })],
            validateOnly: false)
        let response = try await connection(for: resource).send(request)
        guard let result = response.responses.first else { throw KafkaClientError.unexpectedResponse }
        return AdminResult(name: result.resourceName, errorCode: result.errorCode, errorMessage: result.errorMessage)
    }

    /// Changes some configs of a resource, leaving the others (IncrementalAlterConfigs).
    public func incrementalAlterConfigs(_ resource: ConfigResource, _ alterations: [ConfigAlteration]) async throws
        -> AdminResult
    {
        let request = IncrementalAlterConfigsRequest(
            resources: [.init(resourceType: resource.type, resourceName: resource.name,
                              configs: alterations.map {
                                  .init(name: $0.name, configOperation: $0.operation.rawValue, value: $0.value)
                              })],
            validateOnly: false)
        let response = try await connection(for: resource).send(request)
        guard let result = response.responses.first else { throw KafkaClientError.unexpectedResponse }
        return AdminResult(name: result.resourceName, errorCode: result.errorCode, errorMessage: result.errorMessage)
    }

    /// Broker configs are answered by that broker; topic configs by any.
    private func connection(for resource: ConfigResource) async throws -> BrokerConnection {
        if case .broker(let id) = resource { return try await cluster.connection(to: id) }
        return try await cluster.anyConnection()
    }

    // MARK: Records

    /// Deletes records before the given offsets (-1: the high watermark), sent to each partition's leader.
    /// - Returns: the new low watermark per partition, or the error.
    public func deleteRecords(_ before: [TopicPartition: Int64]) async throws
        -> [TopicPartition: Result<Int64, KafkaClientError>]
    {
        let metadata = try await cluster.refreshMetadata(topics: Array(Set(before.keys.map(\.topic))).sorted())
        var results: [TopicPartition: Result<Int64, KafkaClientError>] = [:]
        var byLeader: [BrokerID: [TopicPartition: Int64]] = [:]
        for (topicPartition, offset) in before {
            if let leader = metadata.leader(for: topicPartition) {
                byLeader[leader, default: [:]][topicPartition] = offset
            } else {
                results[topicPartition] = .failure(.brokerError(api: .deleteRecords, code: .leaderNotAvailable,
                                                                message: "\(topicPartition)"))
            }
        }
        for (leader, partitions) in byLeader {
            var topics: [TopicName: [DeleteRecordsRequest.DeleteRecordsPartition]] = [:]
            for (topicPartition, offset) in partitions.sorted(by: { $0.key < $1.key }) {
                topics[topicPartition.topic, default: []].append(
                    .init(partitionIndex: topicPartition.partition.rawValue, offset: offset))
            }
            let request = DeleteRecordsRequest(
                topics: topics.keys.sorted().map { .init(name: $0, partitions: topics[$0]!) }, timeoutMs: timeoutMs)
            let response = try await cluster.connection(to: leader).send(request, timeout: heldRequestTimeout)
            for topic in response.topics {
                for partition in topic.partitions {
                    let topicPartition = TopicPartition(topic.name, PartitionIndex(partition.partitionIndex))
                    results[topicPartition] = partition.errorCode == .none
                        ? .success(partition.lowWatermark)
                        : .failure(.brokerError(api: .deleteRecords, code: partition.errorCode,
                                                message: "\(topicPartition)"))
                }
            }
        }
        return results
    }
}
