import GroupCoordinator
import KafkaModel
import KafkaProtocol
import Replication
import TransactionCoordinator

/// AddOffsetsToTxn (25): adds the group's `__consumer_offsets` partition to the transaction, so its offsets
/// (sent next with TxnOffsetCommit to the group coordinator) get the transaction's marker.
struct AddOffsetsToTxnHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...3
    let transactions: TransactionCoordinator
    let groups: GroupCoordinator

    func handle(_ request: AddOffsetsToTxnRequest, context: RequestContext) async -> AddOffsetsToTxnResponse? {
        // Kafka 2.8: WRITE on the transactional id, then READ on the group.
        guard context.authorize(.write, .transactionalID, request.transactionalID) else {
            return AddOffsetsToTxnResponse(throttleTimeMs: 0, errorCode: .transactionalIdAuthorizationFailed)
        }
        guard context.authorize(.read, .group, request.groupID) else {
            return AddOffsetsToTxnResponse(throttleTimeMs: 0, errorCode: .groupAuthorizationFailed)
        }
        let partition = TopicPartition(TopicNameRules.offsetsTopic,
                                       PartitionIndex(groups.partitionFor(groupID: request.groupID)))
        var code = await transactions.addPartitions(
            transactionalID: request.transactionalID, producerID: request.producerID,
            producerEpoch: request.producerEpoch, partitions: [partition])
        // PRODUCER_FENCED is known to clients from v2 (KIP-588).
        if code == .producerFenced && context.apiVersion < 2 { code = .invalidProducerEpoch }
        return AddOffsetsToTxnResponse(throttleTimeMs: 0, errorCode: code)
    }
}
