import KafkaModel
import Replication
import KafkaProtocol

/// Metadata (3): brokers, controller and partition leadership from the metadata cache (what the controller
/// last sent), never from ZooKeeper. Unknown topics are created when the broker allows auto-creation and the
/// client asks for it (v4+ carries the client's wish; earlier versions always ask).
struct MetadataHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...12
    let metadata: MetadataCache
    let clusterID: String
    let topics: TopicCreating
    let autoCreateTopics: Bool

    typealias Topic = MetadataResponse.MetadataResponseTopic
    typealias Partition = MetadataResponse.MetadataResponsePartition

    func handle(_ request: MetadataRequest, context: RequestContext) async -> MetadataResponse? {
        await metadata.waitUntilInitialized(timeout: .seconds(10))
        var snapshot = metadata.snapshot
        // v0 asks for all topics with an empty list; later versions with null.
        let allTopics = request.topics == nil || (context.apiVersion == 0 && request.topics?.isEmpty == true)
        var requested: [TopicName]
        if allTopics {
            requested = snapshot.topics.keys.sorted()
        } else {
            requested = (request.topics ?? []).compactMap(\.name)
        }
        // Topics the sender may not describe: left out of an all-topics answer, refused by name (`authorization`).
        let authorization = MetadataAuthorization(requested, allTopics: allTopics, context: context)
        if allTopics { requested = requested.filter { !authorization.refused.contains($0) } }
        let allowCreate = autoCreateTopics && (context.apiVersion < 4 || request.allowAutoTopicCreation)
        var created: Set<TopicName> = []
        if !allTopics {
            let missing = requested.filter { snapshot.topics[$0] == nil && authorization.mayCreate($0) }
            if allowCreate && !missing.isEmpty {
                created = await topics.autoCreate(missing)
                snapshot = metadata.snapshot
            }
        }
        // The addresses of the listener this client came in on; a broker without one there is left out (Kafka).
        let brokers = snapshot.brokers.values.compactMap { $0.on(listener: context.listenerName) }
            .sorted { $0.id < $1.id }.map {
            MetadataResponse.MetadataResponseBroker(nodeID: $0.id, host: $0.host, port: Int32($0.port), rack: $0.rack)
        }
        let answered = requested.map { name -> Topic in
            if authorization.refused.contains(name) {
                return Topic(errorCode: .topicAuthorizationFailed, name: name,
                             isInternal: name == TopicNameRules.offsetsTopic)
            }
            guard let partitions = snapshot.topics[name] else {
                if created.contains(name) {
                    return Topic(errorCode: .leaderNotAvailable, name: name)
                }
                if allowCreate, !authorization.mayCreate(name) {
                    return Topic(errorCode: .topicAuthorizationFailed, name: name)
                }
                let invalid = TopicNameRules.validate(name) != nil
                return Topic(errorCode: invalid ? .invalidTopicException : .unknownTopicOrPartition, name: name)
            }
            return Topic(errorCode: .none, name: name, isInternal: name == TopicNameRules.offsetsTopic || name == TransactionServices.topicName,
                         partitions: partitions.keys.sorted().map { index in
                             let info = partitions[index]!
                             return Partition(
                                 errorCode: info.leader == .none ? .leaderNotAvailable : .none,
                                 partitionIndex: index.rawValue, leaderID: info.leader,
                                 leaderEpoch: info.leaderEpoch.rawValue, replicaNodes: info.replicas,
                                 isrNodes: info.isr, offlineReplicas: info.offlineReplicas)
                         },
                         topicAuthorizedOperations: context.apiVersion >= 8 && request.includeTopicAuthorizedOperations
                             ? context.authorizedOperations(.topic, name.rawValue) : Int32.min)
        }
        return MetadataResponse(throttleTimeMs: 0, brokers: brokers, clusterID: clusterID,
                                controllerID: snapshot.controllerID, topics: answered,
                                clusterAuthorizedOperations: (8...10).contains(context.apiVersion)
                                    && request.includeClusterAuthorizedOperations
                                    ? context.authorizedOperations(.cluster, ResourcePattern.clusterName) : Int32.min)
    }
}

/// Creates topics on behalf of request handlers (auto-creation from Metadata, CreateTopics).
protocol TopicCreating: Sendable {
    /// Creates the topics that do not exist yet with the broker's defaults; returns those it created.
    func autoCreate(_ topics: [TopicName]) async -> Set<TopicName>
}
