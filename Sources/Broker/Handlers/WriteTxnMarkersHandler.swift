import KafkaModel
import KafkaProtocol
import LogStorage
import Replication

/// WriteTxnMarkers (27): a transaction coordinator's COMMIT or ABORT markers for the partitions this broker leads.
/// Each marker is appended as a control batch with the producer's id and epoch and answered once the ISR has it
/// (acks=all, through the purgatory; REQUEST_TIMED_OUT after `request.timeout.ms`' default, as Kafka's
/// coordinator append). Per partition: NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION, INVALID_PRODUCER_EPOCH,
/// TRANSACTION_COORDINATOR_FENCED (an older coordinator epoch than the producer's last marker), NOT_ENOUGH_REPLICAS.
/// Only a broker may send it: on a listener that is not the inter-broker one every partition answers
/// CLUSTER_AUTHORIZATION_FAILED, as Kafka answers a principal without CLUSTER_ACTION.
struct WriteTxnMarkersHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...1
    /// Kafka's `request.timeout.ms` default, which its marker appends wait for.
    static let replicationTimeout: Duration = .milliseconds(30_000)
    let replicas: ReplicaManager
    let metadata: MetadataCache
    let topicConfigs: TopicConfigProvider
    /// Told of every marker appended to a `__consumer_offsets` partition, once replicated (the group coordinator
    /// makes the producer's pending offsets visible, or drops them).
    var offsetsMarkerReplicated: (@Sendable (_ partition: TopicPartition, _ producerID: Int64, _ commit: Bool) async
        -> Void)? = nil

    func handle(_ request: WriteTxnMarkersRequest, context: RequestContext) async -> WriteTxnMarkersResponse? {
        // Only brokers write markers: the brokers' listener, and CLUSTER_ACTION when ACLs are on (Kafka 2.8).
        guard context.isInterBrokerListener, context.authorizeCluster(.clusterAction) else {
            return WriteTxnMarkersResponse(markers: request.markers.map { marker in
                .init(producerID: marker.producerID, topics: marker.topics.map { topic in
                    .init(name: topic.name, partitions: topic.partitionIndexes.map {
                        .init(partitionIndex: $0, errorCode: .clusterAuthorizationFailed)
                    })
                })
            })
        }
        let known = metadata.snapshot.topics
        let nowMs = systemWallClock()
        var results: [WriteTxnMarkersResponse.WritableTxnMarkerResult] = []
        // Every marker is appended first, then all are awaited together, as Kafka's single delayed produce does.
        var awaited: [(marker: Int, topic: Int, index: Int, append: ReplicaManager.AwaitedAppend)] = []
        for (m, marker) in request.markers.enumerated() {
            var topics: [WriteTxnMarkersResponse.WritableTxnMarkerTopicResult] = []
            for topic in marker.topics {
                let minISR = topicConfigs.config(for: topic.name).minInsyncReplicas
                var partitions: [WriteTxnMarkersResponse.WritableTxnMarkerPartitionResult] = []
                for index in topic.partitionIndexes {
                    let tp = TopicPartition(topic.name, PartitionIndex(index))
                    var code = KafkaErrorCode.none
                    switch replicas.leaderPartition(tp, knownTopic: known[topic.name] != nil) {
                    case .failure(let failure):
                        code = failure
                    case .success(let partition):
                        switch partition.appendMarkerAsLeader(
                            producerID: marker.producerID, producerEpoch: marker.producerEpoch,
                            coordinatorEpoch: marker.coordinatorEpoch, commit: marker.transactionResult,
                            minInsyncReplicas: minISR, timestamp: nowMs) {
                        case .rejected(let failure):
                            code = failure
                        case .appended(let offset):
                            awaited.append((m, topics.count, partitions.count,
                                            .init(partition: partition, lastOffset: offset)))
                        }
                    }
                    partitions.append(.init(partitionIndex: index, errorCode: code))
                }
                topics.append(.init(name: topic.name, partitions: partitions))
            }
            results.append(.init(producerID: marker.producerID, topics: topics))
        }
        guard !awaited.isEmpty else { return WriteTxnMarkersResponse(markers: results) }
        let outcomes = await withCheckedContinuation { continuation in
            replicas.awaitReplication(awaited.map(\.append), timeout: Self.replicationTimeout) {
                continuation.resume(returning: $0)
            }
        }
        for (waited, outcome) in zip(awaited, outcomes) {
            let partition = waited.append.partition
            let marker = request.markers[waited.marker]
            var code = KafkaErrorCode.none
            switch outcome {
            case .replicated:
                if partition.topicPartition.topic == TopicNameRules.offsetsTopic {
                    await offsetsMarkerReplicated?(partition.topicPartition, marker.producerID,
                                                   marker.transactionResult)
                }
            case .leadershipLost:
                code = partition.log.isOffline ? .kafkaStorageError : .notLeaderOrFollower
            case .timedOut:
                code = .requestTimedOut
            }
            results[waited.marker].topics[waited.topic].partitions[waited.index].errorCode = code
        }
        return WriteTxnMarkersResponse(markers: results)
    }
}
