import Replication
import KafkaModel
import KafkaProtocol
import LogStorage
import NIOConcurrencyHelpers

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

/// InitProducerId (22) for idempotent producers (no transactions): a fresh producer id from blocks the
/// cluster hands out through the topic store, epoch 0.
struct InitProducerIdHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...4
    let producerIDs: ProducerIDPool

    func handle(_ request: InitProducerIdRequest, context: RequestContext) async -> InitProducerIdResponse? {
        // Without a transactional id: IDEMPOTENT_WRITE on the cluster (Kafka 2.8); with one: WRITE on it.
        if let transactionalID = request.transactionalID, !context.authorize(.write, .transactionalID, transactionalID) {
            return InitProducerIdResponse(throttleTimeMs: 0, errorCode: .transactionalIdAuthorizationFailed,
                                          producerID: -1, producerEpoch: -1)
        }
        if request.transactionalID == nil, !context.authorizeCluster(.idempotentWrite) {
            return InitProducerIdResponse(throttleTimeMs: 0, errorCode: .clusterAuthorizationFailed,
                                          producerID: -1, producerEpoch: -1)
        }
        guard request.transactionalID == nil else {
            return InitProducerIdResponse(throttleTimeMs: 0, errorCode: .transactionalIdAuthorizationFailed,
                                          producerID: -1, producerEpoch: -1)
        }
        // A producer re-initialising with its id and epoch keeps the id with a bumped epoch (KIP-360).
        if request.producerID >= 0, request.producerEpoch >= 0, request.producerEpoch < Int16.max - 1 {
            return InitProducerIdResponse(throttleTimeMs: 0, errorCode: .none, producerID: request.producerID,
                                          producerEpoch: request.producerEpoch + 1)
        }
        do {
            let id = try await producerIDs.next()
            return InitProducerIdResponse(throttleTimeMs: 0, errorCode: .none, producerID: id, producerEpoch: 0)
        } catch {
            return InitProducerIdResponse(throttleTimeMs: 0, errorCode: .coordinatorNotAvailable, producerID: -1,
                                          producerEpoch: -1)
        }
    }
}

/// Producer ids for this broker, taken a block at a time from the cluster-wide counter.
final class ProducerIDPool: Sendable {
    private let store: any TopicStore
    private let block = NIOLockedValueBox<(next: Int64, end: Int64)>((0, -1))

    init(store: any TopicStore) {
        self.store = store
    }

    func next() async throws -> Int64 {
        while true {
            let id = block.withLockedValue { block -> Int64? in
                guard block.next <= block.end else { return nil }
                defer { block.next += 1 }
                return block.next
            }
            if let id { return id }
            let fresh = try await store.allocateProducerIDBlock()
            block.withLockedValue { block in
                if block.next > block.end { block = (fresh.lowerBound, fresh.upperBound) }
            }
        }
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
