import KafkaModel
import KafkaProtocol
import TransactionCoordinator

/// AddPartitionsToTxn (24): adds partitions to the producer's transaction before it writes to them. Partitions of
/// unknown topics fail the request (UNKNOWN_TOPIC_OR_PARTITION, the others OPERATION_NOT_ATTEMPTED), as in Kafka;
/// otherwise every partition gets the coordinator's answer.
struct AddPartitionsToTxnHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...3
    let transactions: TransactionCoordinator
    let metadata: MetadataCache

    func handle(_ request: AddPartitionsToTxnRequest, context: RequestContext) async -> AddPartitionsToTxnResponse? {
        let snapshot = metadata.snapshot
        var partitions: Set<TopicPartition> = []
        var unknown: Set<TopicPartition> = []
        for topic in request.topics {
            for index in topic.partitions {
                let partition = TopicPartition(topic.name, PartitionIndex(index))
                if snapshot.partition(partition) == nil { unknown.insert(partition) } else { partitions.insert(partition) }
            }
        }
        var code: KafkaErrorCode = .operationNotAttempted
        if unknown.isEmpty {
            code = await transactions.addPartitions(
                transactionalID: request.transactionalID, producerID: request.producerID,
                producerEpoch: request.producerEpoch, partitions: partitions)
            // PRODUCER_FENCED is known to clients from v2 (KIP-588).
            if code == .producerFenced && context.apiVersion < 2 { code = .invalidProducerEpoch }
        }
        return AddPartitionsToTxnResponse(throttleTimeMs: 0, results: request.topics.map { topic in
            .init(name: topic.name, results: topic.partitions.map { index in
                let partition = TopicPartition(topic.name, PartitionIndex(index))
                return .init(partitionIndex: index,
                             errorCode: unknown.contains(partition) ? .unknownTopicOrPartition : code)
            })
        })
    }
}
