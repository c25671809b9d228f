import KafkaProtocol
import TransactionCoordinator

/// EndTxn (26): commits or aborts the producer's transaction; answered once PrepareCommit/PrepareAbort is written,
/// the markers follow.
struct EndTxnHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...3
    let transactions: TransactionCoordinator

    func handle(_ request: EndTxnRequest, context: RequestContext) async -> EndTxnResponse? {
        guard context.authorize(.write, .transactionalID, request.transactionalID) else {
            return EndTxnResponse(throttleTimeMs: 0, errorCode: .transactionalIdAuthorizationFailed)
        }
        var code = await transactions.endTransaction(
            transactionalID: request.transactionalID, producerID: request.producerID,
            producerEpoch: request.producerEpoch, commit: request.committed)
        // PRODUCER_FENCED is known to clients from v2 (KIP-588).
        if code == .producerFenced && context.apiVersion < 2 { code = .invalidProducerEpoch }
        return EndTxnResponse(throttleTimeMs: 0, errorCode: code)
    }
}
