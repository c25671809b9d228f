import KafkaModel
import KafkaProtocol

/// A transactional id as ListTransactions reports it, with the broker that coordinates it.
public struct TransactionListing: Hashable, Sendable {
    public var transactionalID: String
    public var producerID: Int64
    public var state: String
    public var coordinator: BrokerID
}

/// A transactional id as DescribeTransactions reports it.
public struct TransactionDescription: Hashable, Sendable {
    public var transactionalID: String
    public var coordinator: BrokerID
    public var state: String
    public var producerID: Int64
    public var producerEpoch: Int16
    public var timeoutMs: Int32
    /// -1 when no transaction is open.
    public var startTimeMs: Int64
    public var partitions: [TopicPartition]
}

// Transaction administration (KIP-664): DescribeTransactions goes to the id's coordinator, ListTransactions to
// every broker.
extension KafkaAdmin {
    /// The broker coordinating `transactionalID`, retried while it is loading or not yet available.
    public func findCoordinator(transactionalID: String) async throws -> BrokerID {
        try await findCoordinator(key: transactionalID, keyType: 1)
    }

    /// Every transactional id of every live broker, optionally only those in `states` (Kafka's names).
    public func listTransactions(states: [String] = [], producerIDs: [Int64] = []) async throws -> [TransactionListing] {
        let metadata = try await cluster.refreshMetadata(topics: [])
        var listings: [TransactionListing] = []
        for broker in metadata.brokers.keys.sorted() {
            let response = try await cluster.connection(to: broker).send(
                ListTransactionsRequest(stateFilters: states, producerIDFilters: producerIDs))
            guard response.errorCode == .none else {
                throw KafkaClientError.brokerError(api: .listTransactions, code: response.errorCode,
                                                   message: "broker \(broker)")
            }
            listings += response.transactionStates.map {
                TransactionListing(transactionalID: $0.transactionalID, producerID: $0.producerID,
                                   state: $0.transactionState, coordinator: broker)
            }
        }
        return listings.sorted { $0.transactionalID < $1.transactionalID }
    }

    /// The state of `transactionalID` on its coordinator.
    /// - Throws: `KafkaClientError.brokerError` with TRANSACTIONAL_ID_NOT_FOUND for an unknown id.
    public func describeTransaction(_ transactionalID: String) async throws -> TransactionDescription {
        let coordinator = try await findCoordinator(transactionalID: transactionalID)
        let response = try await cluster.connection(to: coordinator).send(
            DescribeTransactionsRequest(transactionalIDs: [transactionalID]))
        guard let state = response.transactionStates.first else { throw KafkaClientError.unexpectedResponse }
        guard state.errorCode == .none else {
            throw KafkaClientError.brokerError(api: .describeTransactions, code: state.errorCode,
                                               message: transactionalID)
        }
        return TransactionDescription(
            transactionalID: transactionalID, coordinator: coordinator, state: state.transactionState,
            producerID: state.producerID, producerEpoch: state.producerEpoch, timeoutMs: state.transactionTimeoutMs,
            startTimeMs: state.transactionStartTimeMs,
            partitions: state.topics.flatMap { topic in
                topic.partitions.map { TopicPartition(topic.topic, PartitionIndex($0)) }
            }.sorted())
    }
}
