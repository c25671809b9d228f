import KafkaProtocol
import TransactionCoordinator

/// InitProducerId (22). Without a transactional id (idempotent producers): a fresh producer id at epoch 0, or, with
/// the producer's id and epoch (KIP-360), the same id with the epoch bumped. With one: the transaction
/// coordinator's answer (this broker must be its coordinator).
struct InitProducerIdHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...4
    let producerIDs: ProducerIDPool
    let transactions: TransactionCoordinator

    func handle(_ request: InitProducerIdRequest, context: RequestContext) async -> InitProducerIdResponse? {
        func answer(_ code: KafkaErrorCode, _ id: Int64 = -1, _ epoch: Int16 = -1) -> InitProducerIdResponse {
            // PRODUCER_FENCED is known to clients from v4 (KIP-588); older ones get INVALID_PRODUCER_EPOCH.
            let error = code == .producerFenced && context.apiVersion < 4 ? .invalidProducerEpoch : code
            return InitProducerIdResponse(throttleTimeMs: 0, errorCode: error, producerID: id, producerEpoch: epoch)
        }
        // Both or neither of the producer's id and epoch (v3+).
        let expected: (id: Int64, epoch: Int16)?
        switch (request.producerID, request.producerEpoch) {
        case (-1, -1): expected = nil
        case (-1, _), (_, -1): return answer(.invalidRequest)
        case (let id, let epoch): expected = (id, epoch)
        }
        // With a transactional id: WRITE on it; without: IDEMPOTENT_WRITE on the cluster (Kafka 2.8).
        if let transactionalID = request.transactionalID, !context.authorize(.write, .transactionalID, transactionalID) {
            return answer(.transactionalIdAuthorizationFailed)
        }
        if request.transactionalID == nil, !context.authorizeCluster(.idempotentWrite) {
            return answer(.clusterAuthorizationFailed)
        }
        if let transactionalID = request.transactionalID {
            let result = await transactions.initProducerID(transactionalID: transactionalID,
                                                           timeoutMs: request.transactionTimeoutMs, expected: expected)
            return answer(result.errorCode, result.producerID, result.producerEpoch)
        }
        if let expected, expected.id >= 0, expected.epoch >= 0, expected.epoch < Int16.max - 1 {
            return answer(.none, expected.id, expected.epoch + 1)
        }
        do {
            return answer(.none, try await producerIDs.nextProducerID(), 0)
        } catch {
            return answer(.coordinatorNotAvailable)
        }
    }
}
