import GroupCoordinator
import KafkaModel
import KafkaProtocol
import TransactionCoordinator

/// FindCoordinator (10): the coordinator of a group (key type 0) is the leader of its `__consumer_offsets`
/// partition (`GroupCoordinator.partitionFor`), that of a transactional id (key type 1) the leader of its
/// `__transaction_state` partition; either topic is created by the first lookup. v4 looks up several keys at once.
struct FindCoordinatorHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...4
    let coordinator: GroupCoordinator
    let offsetsTopic: OffsetsTopic
    let transactions: TransactionCoordinator
    let transactionStateTopic: OffsetsTopic

    typealias Coordinator = FindCoordinatorResponse.Coordinator

    func handle(_ request: FindCoordinatorRequest, context: RequestContext) async -> FindCoordinatorResponse? {
        let keys = context.apiVersion >= 4 ? request.coordinatorKeys : [request.key]
        var answers: [Coordinator] = []
        for key in keys {
            // DESCRIBE on the group (key type 0) or the transactional id (1), as Kafka checks before looking up.
            if request.keyType == 0 || request.keyType == 1,
               !context.authorize(.describe, request.keyType == 0 ? .group : .transactionalID, key)
            {
                let code: KafkaErrorCode = request.keyType == 0 ? .groupAuthorizationFailed
                    : .transactionalIdAuthorizationFailed
                answers.append(Coordinator(key: key, nodeID: .none, host: "", port: -1, errorCode: code,
                                           errorMessage: code.name))
                continue
            }
            answers.append(await lookup(key, keyType: request.keyType, listenerName: context.listenerName))
        }
        if context.apiVersion >= 4 { return FindCoordinatorResponse(coordinators: answers) }
        let answer = answers[0]
        return FindCoordinatorResponse(
            errorCode: answer.errorCode, errorMessage: answer.errorMessage, nodeID: answer.nodeID, host: answer.host,
            port: answer.port)
    }

    private func lookup(_ key: String, keyType: Int8, listenerName: String) async -> Coordinator {
        func failure(_ code: KafkaErrorCode, _ message: String) -> Coordinator {
            Coordinator(key: key, nodeID: .none, host: "", port: -1, errorCode: code, errorMessage: message)
        }
        let lookup: OffsetsTopic.Lookup
        switch keyType {
        case 0: lookup = await offsetsTopic.coordinator(ofPartition: coordinator.partitionFor(groupID: key))
        case 1:
            lookup = await transactionStateTopic.coordinator(
                ofPartition: transactions.partitionFor(transactionalID: key))
        default: return failure(.invalidRequest, "unknown coordinator key type \(keyType)")
        }
        switch lookup {
        case .coordinator(let leader):
            guard let endpoint = leader.on(listener: listenerName) else {
                return failure(.coordinatorNotAvailable, "the coordinator has no endpoint on listener \(listenerName)")
            }
            return Coordinator(key: key, nodeID: endpoint.id, host: endpoint.host, port: Int32(endpoint.port),
                               errorCode: .none, errorMessage: nil)
        case .unavailable(let code, let message):
            return failure(code, message)
        }
    }
}
