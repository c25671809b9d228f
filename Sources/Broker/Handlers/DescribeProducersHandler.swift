import KafkaModel
import KafkaProtocol
import Replication

/// DescribeProducers (61, KIP-664): the producers a partition leader knows — id, epoch, last sequence and
/// timestamp, the coordinator epoch of their last marker and the first offset of their open transaction — what
/// `kafka-transactions.sh describe-producers` prints and `--find-hanging` looks for (an open transaction older
/// than its coordinator knows of). NOT_LEADER_OR_FOLLOWER on a follower, UNKNOWN_TOPIC_OR_PARTITION for a
/// partition that does not exist.
struct DescribeProducersHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...0
    let replicas: ReplicaManager
    let metadata: MetadataCache

    func handle(_ request: DescribeProducersRequest, context: RequestContext) async -> DescribeProducersResponse? {
        let known = metadata.snapshot.topics
        let readable = context.authorizedTopics(.read, request.topics.map(\.name.rawValue))  // Kafka 3.0's check
        return DescribeProducersResponse(throttleTimeMs: 0, topics: request.topics.map { topic in
            .init(name: topic.name, partitions: topic.partitionIndexes.map { index in
                guard readable.contains(topic.name.rawValue) else {
                    return .init(partitionIndex: index, errorCode: .topicAuthorizationFailed, activeProducers: [])
                }
                let tp = TopicPartition(topic.name, PartitionIndex(index))
                switch replicas.leaderPartition(tp, knownTopic: known[topic.name] != nil) {
                case .failure(let code):
                    return .init(partitionIndex: index, errorCode: code, activeProducers: [])
                case .success(let partition):
                    let producers = partition.producerState.producers.sorted { $0.key < $1.key }.map { id, entry in
                        DescribeProducersResponse.ProducerState(
                            producerID: id, producerEpoch: Int32(entry.epoch), lastSequence: entry.lastSequence,
                            lastTimestamp: entry.lastTimestamp, coordinatorEpoch: entry.coordinatorEpoch,
                            currentTxnStartOffset: entry.currentTxnFirstOffset?.rawValue ?? -1)
                    }
                    return .init(partitionIndex: index, errorCode: .none, activeProducers: producers)
                }
            })
        })
    }
}
