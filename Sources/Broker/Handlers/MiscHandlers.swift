import Replication
import KafkaModel
import KafkaProtocol
import LogStorage

/// DeleteRecords (21): moves a partition's log start offset forward (-1 means up to the high watermark).
struct DeleteRecordsHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...2
    let replicas: ReplicaManager
    let metadata: MetadataCache

    func handle(_ request: DeleteRecordsRequest, context: RequestContext) async -> DeleteRecordsResponse? {
        let known = metadata.snapshot.topics
        let deletable = context.authorizedTopics(.delete, request.topics.map(\.name.rawValue))
        let topics = request.topics.map { topic in
            DeleteRecordsResponse.DeleteRecordsTopicResult(name: topic.name, partitions: topic.partitions.map { query in
                var result = DeleteRecordsResponse.DeleteRecordsPartitionResult(
                    partitionIndex: query.partitionIndex, lowWatermark: -1, errorCode: .none)
                guard deletable.contains(topic.name.rawValue) else {
                    result.errorCode = .topicAuthorizationFailed
                    return result
                }
                let tp = TopicPartition(topic.name, PartitionIndex(query.partitionIndex))
                switch replicas.leaderPartition(tp, knownTopic: known[topic.name] != nil) {
                case .failure(let code):
                    result.errorCode = code
                case .success(let partition):
                    let target = query.offset == -1 ? partition.highWatermark : Offset(query.offset)
                    do {
                        result.lowWatermark = try partition.deleteRecordsAsLeader(before: target).rawValue
                    } catch let error as KafkaErrorCode {
                        result.errorCode = error
                    } catch let error as LogStorageError {
                        result.errorCode = KafkaErrorCode(error)
                    } catch {
                        result.errorCode = .unknownServerError
                    }
                }
                return result
            })
        }
        return DeleteRecordsResponse(throttleTimeMs: 0, topics: topics)
    }
}

/// DescribeCluster (60): the brokers, the controller and the cluster id, as the Admin client asks them.
struct DescribeClusterHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...0
    let metadata: MetadataCache
    let clusterID: String

    func handle(_ request: DescribeClusterRequest, context: RequestContext) async -> DescribeClusterResponse? {
        let snapshot = metadata.snapshot
        return DescribeClusterResponse(
            throttleTimeMs: 0, errorCode: .none, clusterID: clusterID, controllerID: snapshot.controllerID,
            brokers: snapshot.brokers.values.compactMap { $0.on(listener: context.listenerName) }
                .sorted { $0.id < $1.id }.map {
                .init(brokerID: $0.id, host: $0.host, port: Int32($0.port), rack: $0.rack)
            },
            clusterAuthorizedOperations: request.includeClusterAuthorizedOperations
                ? context.authorizedOperations(.cluster, ResourcePattern.clusterName) : Int32.min)
    }
}
