import Replication
import KafkaModel
import KafkaProtocol
import LogStorage

/// OffsetForLeaderEpoch (23), leader side of KIP-101/279 and KIP-320: for each partition, the largest epoch
/// ≤ the requested one that this leader knows and the offset where it ended (the start of the next epoch, or the
/// log end for the current epoch), from the partition's leader-epoch checkpoint. A follower truncates its log to
/// that point before fetching; a consumer uses it to detect truncation after a leader change.
///
/// Only the leader answers (NOT_LEADER_OR_FOLLOWER elsewhere); `CurrentLeaderEpoch` (v2+) is checked as Fetch
/// checks it: older → FENCED_LEADER_EPOCH, newer → UNKNOWN_LEADER_EPOCH. An epoch this leader cannot place is
/// answered with epoch -1 and end offset -1, without an error, as Kafka does.
struct OffsetForLeaderEpochHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...4
    let replicas: ReplicaManager
    let metadata: MetadataCache

    typealias EpochEndOffset = OffsetForLeaderEpochResponse.EpochEndOffset

    func handle(_ request: OffsetForLeaderEpochRequest, context: RequestContext) async
        -> OffsetForLeaderEpochResponse?
    {
        let known = metadata.snapshot.topics
        // A follower (replica id from v3) needs CLUSTER_ACTION; a consumer DESCRIBE on each topic (Kafka 2.8).
        let follower = context.apiVersion >= 3 && request.replicaID.rawValue >= 0
        let clusterAllowed = !follower || context.authorizeCluster(.clusterAction)
        let describable = follower ? [] : context.authorizedTopics(.describe, request.topics.map(\.topic.rawValue))
        let topics = request.topics.map { topic in
            OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult(
                topic: topic.topic,
                partitions: topic.partitions.map { query in
                    if !clusterAllowed { return EpochEndOffset(errorCode: .clusterAuthorizationFailed, partition: query.partition) }
                    if !follower, !describable.contains(topic.topic.rawValue) {
                        return EpochEndOffset(errorCode: .topicAuthorizationFailed, partition: query.partition)
                    }
                    return answer(query, topic: topic.topic, knownTopic: known[topic.topic] != nil)
                })
        }
        return OffsetForLeaderEpochResponse(throttleTimeMs: 0, topics: topics)
    }

    private func answer(_ query: OffsetForLeaderEpochRequest.OffsetForLeaderPartition, topic: TopicName,
                        knownTopic: Bool) -> EpochEndOffset
    {
        let tp = TopicPartition(topic, PartitionIndex(query.partition))
        let partition: Partition
        switch replicas.leaderPartition(tp, knownTopic: knownTopic) {
        case .failure(let code): return EpochEndOffset(errorCode: code, partition: query.partition)
        case .success(let found): partition = found
        }
        if query.currentLeaderEpoch >= 0 {
            let epoch = partition.leaderEpoch.rawValue
            if query.currentLeaderEpoch < epoch {
                return EpochEndOffset(errorCode: .fencedLeaderEpoch, partition: query.partition)
            }
            if query.currentLeaderEpoch > epoch {
                return EpochEndOffset(errorCode: .unknownLeaderEpoch, partition: query.partition)
            }
        }
        let (epoch, endOffset) = partition.log.leaderEpochCache.endOffset(
            for: LeaderEpoch(query.leaderEpoch), logEndOffset: partition.log.logEndOffset)
        return EpochEndOffset(errorCode: .none, partition: query.partition, leaderEpoch: epoch.rawValue,
                              endOffset: endOffset.rawValue)
    }
}
