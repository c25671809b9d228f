import KafkaModel
import KafkaProtocol
import TransactionCoordinator

/// DescribeTransactions (65, KIP-664): each id's state on this broker, its coordinator.
struct DescribeTransactionsHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...0
    let transactions: TransactionCoordinator

    func handle(_ request: DescribeTransactionsRequest, context: RequestContext) async
        -> DescribeTransactionsResponse?
    {
        var states: [DescribeTransactionsResponse.TransactionState] = []
        for id in request.transactionalIDs {
            var state = DescribeTransactionsResponse.TransactionState(
                errorCode: .none, transactionalID: id, transactionState: "", transactionTimeoutMs: 0,
                transactionStartTimeMs: -1, producerID: -1, producerEpoch: -1, topics: [])
            guard context.authorize(.describe, .transactionalID, id) else {  // Kafka 3.0's check
                state.errorCode = .transactionalIdAuthorizationFailed
                states.append(state)
                continue
            }
            switch await transactions.describe(transactionalID: id) {
            case .failure(let code):
                state.errorCode = code
            case .success(let metadata):
                state.transactionState = metadata.state.description
                state.transactionTimeoutMs = metadata.timeoutMs
                state.transactionStartTimeMs = metadata.startTimestampMs
                state.producerID = metadata.producerID
                state.producerEpoch = metadata.producerEpoch
                let byTopic = Dictionary(grouping: metadata.partitions, by: \.topic)
                state.topics = byTopic.keys.sorted().map { topic in
                    .init(topic: topic, partitions: byTopic[topic, default: []].map(\.partition.rawValue).sorted())
                }
            }
            states.append(state)
        }
        return DescribeTransactionsResponse(throttleTimeMs: 0, transactionStates: states)
    }
}

/// ListTransactions (66, KIP-664): the ids this broker coordinates, filtered by state and producer id; state names
/// it does not know are listed back.
struct ListTransactionsHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...0
    let transactions: TransactionCoordinator

    func handle(_ request: ListTransactionsRequest, context: RequestContext) async -> ListTransactionsResponse? {
        var states: Set<TransactionState> = []
        var unknown: [String] = []
        for name in request.stateFilters {
            if let state = TransactionState(name: name) { states.insert(state) } else { unknown.append(name) }
        }
        switch await transactions.list(states: states, producerIDs: Set(request.producerIDFilters)) {
        case .failure(let code):
            return ListTransactionsResponse(throttleTimeMs: 0, errorCode: code, unknownStateFilters: unknown,
                                            transactionStates: [])
        case .success(let listed):
            // Only unknown state names: nothing can match (an empty filter would pass everything).
            // Only ids the sender may describe are listed (Kafka 3.0).
            let matching = !request.stateFilters.isEmpty && states.isEmpty ? []
                : listed.filter { context.authorize(.describe, .transactionalID, $0.transactionalID, logDenial: false) }
            return ListTransactionsResponse(
                throttleTimeMs: 0, errorCode: .none, unknownStateFilters: unknown,
                transactionStates: matching.map {
                    .init(transactionalID: $0.transactionalID, producerID: $0.producerID,
                          transactionState: $0.state.description)
                })
        }
    }
}
