import GroupCoordinator
import KafkaModel
import KafkaProtocol

/// OffsetCommit (8): stores a group's consumed positions, acknowledged once replicated to the ISR.
/// v0 has no generation (a standalone commit); v1's per-partition timestamp is ignored, as Kafka does since
/// 2.1; v2–v4 carry a retention time; v6+ the leader epoch; v7+ `group.instance.id`. Partitions this cluster
/// does not have answer UNKNOWN_TOPIC_OR_PARTITION and are not stored.
struct OffsetCommitHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...8
    let coordinator: GroupCoordinator
    let metadata: MetadataCache

    func handle(_ request: OffsetCommitRequest, context: RequestContext) async -> OffsetCommitResponse? {
        if let authorization = OffsetAuthorization.commit(request, context: context) {
            var response = OffsetCommitResponse(topics: [])
            if let allowed = authorization.allowed { response = await handle(allowed, context: context) ?? response }
            response.topics += authorization.refused
            return response
        }
        let version = context.apiVersion
        let snapshot = metadata.snapshot
        var entries: [OffsetCommitEntry] = []
        var errors: [TopicPartition: GroupErrorCode] = [:]
        for topic in request.topics {
            for partition in topic.partitions {
                let topicPartition = TopicPartition(topic.name, PartitionIndex(partition.partitionIndex))
                guard snapshot.partition(topicPartition) != nil else {
                    errors[topicPartition] = .unknownTopicOrPartition
                    continue
                }
                entries.append(OffsetCommitEntry(
                    partition: topicPartition, offset: Offset(partition.committedOffset),
                    leaderEpoch: version >= 6 ? LeaderEpoch(partition.committedLeaderEpoch) : .unknown,
                    metadata: partition.committedMetadata))
            }
        }
        if !entries.isEmpty {
            let committed = await coordinator.commitOffsets(
                groupID: request.groupID, generationID: version >= 1 ? request.generationIDOrMemberEpoch : -1,
                memberID: version >= 1 ? request.memberID : "",
                groupInstanceID: version >= 7 ? request.groupInstanceID : nil,
                retentionTimeMs: (2...4).contains(version) ? request.retentionTimeMs : -1, offsets: entries)
            errors.merge(committed) { unknown, _ in unknown }
        }
        return OffsetCommitResponse(topics: request.topics.map { topic in
            .init(name: topic.name, partitions: topic.partitions.map { partition in
                let topicPartition = TopicPartition(topic.name, PartitionIndex(partition.partitionIndex))
                return .init(partitionIndex: partition.partitionIndex,
                             errorCode: KafkaErrorCode(errors[topicPartition] ?? .noError))
            })
        })
    }
}
