import KafkaModel
import Replication
import KafkaProtocol
import LogStorage

/// ListOffsets (2): earliest (-2) is the log start offset; latest (-1) the high watermark (what a consumer
/// can read, identical to Fetch's high watermark; the last stable offset for read_committed); any other timestamp the first record at or after it. A
/// request naming a replica (a follower recovering from OFFSET_OUT_OF_RANGE) sees up to the log end instead, as
/// in Kafka, so it does not cut its log back further than the leader's.
struct ListOffsetsHandler: KafkaAPIHandler {
    /// Kafka 2.8 serves 0–6; 7 (MAX_TIMESTAMP, KIP-734) is Kafka 3.0's and works here too.
    static let servedVersions: ClosedRange<Int16> = 0...7
    let replicas: ReplicaManager
    let metadata: MetadataCache
    /// ListOffsets v7's MAX_TIMESTAMP: the record with the largest timestamp.
    static let maxTimestamp: Int64 = -3

    func handle(_ request: ListOffsetsRequest, context: RequestContext) async -> ListOffsetsResponse? {
        let known = metadata.snapshot.topics
        let fromReplica = request.replicaID.rawValue >= 0
        let describable = context.authorizedTopics(.describe, request.topics.map(\.name.rawValue))
        let topics = request.topics.map { topic in
            ListOffsetsResponse.ListOffsetsTopicResponse(name: topic.name, partitions: topic.partitions.map { query in
                var answer = ListOffsetsResponse.ListOffsetsPartitionResponse(
                    partitionIndex: query.partitionIndex, errorCode: .none, timestamp: -1, offset: -1, leaderEpoch: -1)
                guard describable.contains(topic.name.rawValue) else {
                    answer.errorCode = .topicAuthorizationFailed
                    return answer
                }
                let tp = TopicPartition(topic.name, PartitionIndex(query.partitionIndex))
                let partition: Partition
                switch replicas.leaderPartition(tp, knownTopic: known[topic.name] != nil) {
                case .failure(let code):
                    answer.errorCode = code
                    return answer
                case .success(let found): partition = found
                }
                if query.currentLeaderEpoch >= 0 {
                    let epoch = partition.leaderEpoch.rawValue
                    if query.currentLeaderEpoch < epoch { answer.errorCode = .fencedLeaderEpoch; return answer }
                    if query.currentLeaderEpoch > epoch { answer.errorCode = .unknownLeaderEpoch; return answer }
                }
                if context.apiVersion == 0 {
                    answer.oldStyleOffsets = LegacyOffsetsLookup.offsets(
                        partition, timestamp: query.timestamp, maxNumOffsets: query.maxNumOffsets,
                        fromConsumer: request.replicaID.rawValue == -1, nowMs: systemWallClock())
                    return answer
                }
                answer.leaderEpoch = partition.leaderEpoch.rawValue
                // read_committed (isolation level 1, v2+) sees up to the last stable offset, as its fetches do.
                let visibleEnd = fromReplica ? partition.log.logEndOffset
                    : request.isolationLevel == 1 ? partition.lastStableOffset : partition.highWatermark
                switch query.timestamp {
                case Offset.earliest.rawValue:
                    answer.offset = partition.log.logStartOffset.rawValue
                case Offset.latest.rawValue:
                    answer.offset = visibleEnd.rawValue
                default:
                    do {
                        let lookup = query.timestamp == Self.maxTimestamp
                            ? try partition.log.offsetOfMaxTimestamp()
                            : try partition.log.offset(forTimestamp: query.timestamp)
                        if let found = lookup,
                            found.offset < visibleEnd
                        {
                            answer.offset = found.offset.rawValue
                            answer.timestamp = found.timestamp
                        }
                    } catch let error as LogStorageError {
                        answer.errorCode = KafkaErrorCode(error)
                    } catch {
                        answer.errorCode = .unknownServerError
                    }
                }
                return answer
            })
        }
        return ListOffsetsResponse(throttleTimeMs: 0, topics: topics)
    }
}
