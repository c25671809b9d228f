import GroupCoordinator
import KafkaModel
import KafkaProtocol

/// TxnOffsetCommit (28): a transactional producer's `send_offsets_to_transaction`. The offsets are written to
/// the group's offsets partition as a transactional batch of the producer and become the group's committed
/// offsets only when the transaction's COMMIT marker lands there (WriteTxnMarkers); until then OffsetFetch with
/// RequireStable answers UNSTABLE_OFFSET_COMMIT for them. v2+ carries the leader epoch; v3+ the consumer's
/// generation, member id and `group.instance.id` (KIP-447), checked as Kafka does. Partitions this cluster does
/// not have answer UNKNOWN_TOPIC_OR_PARTITION.
struct TxnOffsetCommitHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...3
    let coordinator: GroupCoordinator
    let metadata: MetadataCache

    func handle(_ request: TxnOffsetCommitRequest, context: RequestContext) async -> TxnOffsetCommitResponse? {
        func answer(_ code: (TopicPartition) -> KafkaErrorCode) -> TxnOffsetCommitResponse {
            TxnOffsetCommitResponse(throttleTimeMs: 0, topics: request.topics.map { topic in
                .init(name: topic.name, partitions: topic.partitions.map { partition in
                    .init(partitionIndex: partition.partitionIndex,
                          errorCode: code(TopicPartition(topic.name, PartitionIndex(partition.partitionIndex))))
                })
            })
        }
        // Kafka 2.8: WRITE on the transactional id and READ on the group fail the whole request; READ on each topic.
        guard context.authorize(.write, .transactionalID, request.transactionalID) else {
            return answer { _ in .transactionalIdAuthorizationFailed }
        }
        guard context.authorize(.read, .group, request.groupID) else { return answer { _ in .groupAuthorizationFailed } }
        let readable = context.authorizedTopics(.read, request.topics.map(\.name.rawValue))
        let version = context.apiVersion
        let snapshot = metadata.snapshot
        var entries: [OffsetCommitEntry] = []
        var errors: [TopicPartition: GroupErrorCode] = [:]
        for topic in request.topics where readable.contains(topic.name.rawValue) {
            for partition in topic.partitions {
                let topicPartition = TopicPartition(topic.name, PartitionIndex(partition.partitionIndex))
                guard snapshot.partition(topicPartition) != nil else {
                    errors[topicPartition] = .unknownTopicOrPartition
                    continue
                }
                entries.append(OffsetCommitEntry(
                    partition: topicPartition, offset: Offset(partition.committedOffset),
                    leaderEpoch: version >= 2 ? LeaderEpoch(partition.committedLeaderEpoch) : .unknown,
                    metadata: partition.committedMetadata))
            }
        }
        if !entries.isEmpty {
            let committed = await coordinator.commitTransactionalOffsets(
                groupID: request.groupID, producerID: request.producerID, producerEpoch: request.producerEpoch,
                generationID: version >= 3 ? request.generationID : -1, memberID: version >= 3 ? request.memberID : "",
                groupInstanceID: version >= 3 ? request.groupInstanceID : nil, offsets: entries)
            errors.merge(committed) { unknown, _ in unknown }
        }
        return answer { partition in
            readable.contains(partition.topic.rawValue) ? KafkaErrorCode(errors[partition] ?? .noError)
                : .topicAuthorizationFailed
        }
    }
}
