import KafkaModel
import KafkaProtocol
import TransactionCoordinator

/// AddPartitionsToTxn (24): adds partitions to the producer's transaction before it writes to them. As in Kafka
/// 2.8: without WRITE on the transactional id every partition gets TRANSACTIONAL_ID_AUTHORIZATION_FAILED; partitions
/// of topics without WRITE (TOPIC_AUTHORIZATION_FAILED) or unknown (UNKNOWN_TOPIC_OR_PARTITION) fail the request, the
/// others OPERATION_NOT_ATTEMPTED; otherwise every partition gets the coordinator's answer.
struct AddPartitionsToTxnHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...3
    let transactions: TransactionCoordinator
    let metadata: MetadataCache

    func handle(_ request: AddPartitionsToTxnRequest, context: RequestContext) async -> AddPartitionsToTxnResponse? {
        func answer(_ code: (TopicPartition) -> KafkaErrorCode) -> AddPartitionsToTxnResponse {
            AddPartitionsToTxnResponse(throttleTimeMs: 0, results: request.topics.map { topic in
                .init(name: topic.name, results: topic.partitions.map { index in
                    .init(partitionIndex: index, errorCode: code(TopicPartition(topic.name, PartitionIndex(index))))
                })
            })
        }
        guard context.authorize(.write, .transactionalID, request.transactionalID) else {
            return answer { _ in .transactionalIdAuthorizationFailed }
        }
        let writable = context.authorizedTopics(.write, request.topics.map(\.name.rawValue))
        let snapshot = metadata.snapshot
        var partitions: Set<TopicPartition> = []
        var refused: [TopicPartition: KafkaErrorCode] = [:]
        for topic in request.topics {
            for index in topic.partitions {
                let partition = TopicPartition(topic.name, PartitionIndex(index))
                if !writable.contains(topic.name.rawValue) {
                    refused[partition] = .topicAuthorizationFailed
                } else if snapshot.partition(partition) == nil {
                    refused[partition] = .unknownTopicOrPartition
                } else {
                    partitions.insert(partition)
                }
            }
        }
        var code: KafkaErrorCode = .operationNotAttempted
        if refused.isEmpty {
            code = await transactions.addPartitions(
                transactionalID: request.transactionalID, producerID: request.producerID,
                producerEpoch: request.producerEpoch, partitions: partitions)
            // PRODUCER_FENCED is known to clients from v2 (KIP-588).
            if code == .producerFenced && context.apiVersion < 2 { code = .invalidProducerEpoch }
        }
        return answer { refused[$0] ?? code }
    }
}
