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

/// A producer with state on a partition, as DescribeProducers reports it (KIP-664).
public struct ProducerStateDescription: Hashable, Sendable {
    public var producerID: Int64
    public var producerEpoch: Int32
    public var lastSequence: Int32
    public var lastTimestampMs: Int64
    public var coordinatorEpoch: Int32
    /// The first offset of its open transaction on the partition; -1 when none is open.
    public var currentTransactionStartOffset: Int64
}

// The operator's tools for one partition's transactions (`kafka-transactions.sh describe-producers`,
// `find-hanging`, `abort`): DescribeProducers to the leader, and an abort marker written there directly.
extension KafkaAdmin {
    /// The producers with state on `partition`, from its leader.
    public func describeProducers(_ partition: TopicPartition) async throws -> [ProducerStateDescription] {
        let metadata = try await cluster.refreshMetadata(topics: [partition.topic])
        guard let leader = metadata.leader(for: partition) else {
            throw KafkaClientError.brokerError(api: .describeProducers, code: .leaderNotAvailable,
                                               message: "\(partition)")
        }
        let response = try await cluster.connection(to: leader).send(DescribeProducersRequest(topics: [
            .init(name: partition.topic, partitionIndexes: [partition.partition.rawValue]),
        ]))
        guard let answer = response.topics.first?.partitions.first else { throw KafkaClientError.unexpectedResponse }
        guard answer.errorCode == .none else {
            throw KafkaClientError.brokerError(api: .describeProducers, code: answer.errorCode,
                                               message: answer.errorMessage ?? "\(partition)")
        }
        return answer.activeProducers.map {
            ProducerStateDescription(producerID: $0.producerID, producerEpoch: $0.producerEpoch,
                                     lastSequence: $0.lastSequence, lastTimestampMs: $0.lastTimestamp,
                                     coordinatorEpoch: $0.coordinatorEpoch,
                                     currentTransactionStartOffset: $0.currentTxnStartOffset)
        }
    }

    /// Aborts the transaction open on `partition` since `startOffset` by writing its ABORT marker at the leader, as
    /// `kafka-transactions.sh abort` does (for a transaction its coordinator no longer knows).
    /// - Throws: `KafkaClientError.brokerError` when no transaction starts there or the leader refuses.
    public func abortTransaction(on partition: TopicPartition, startOffset: Int64) async throws {
        let producers = try await describeProducers(partition)
        guard let producer = producers.first(where: { $0.currentTransactionStartOffset == startOffset }) else {
            throw KafkaClientError.brokerError(api: .describeProducers, code: .invalidRequest,
                                               message: "no open transaction starts at offset \(startOffset) of \(partition)")
        }
        guard let leader = await cluster.cachedMetadata.leader(for: partition) else {
            throw KafkaClientError.brokerError(api: .writeTxnMarkers, code: .leaderNotAvailable, message: "\(partition)")
        }
        let response = try await cluster.connection(to: leader).send(WriteTxnMarkersRequest(markers: [
            .init(producerID: producer.producerID, producerEpoch: Int16(clamping: producer.producerEpoch),
                  transactionResult: false,
                  topics: [.init(name: partition.topic, partitionIndexes: [partition.partition.rawValue])],
                  coordinatorEpoch: producer.coordinatorEpoch),
        ]))
        let code = response.markers.first?.topics.first?.partitions.first?.errorCode ?? .unknownServerError
        guard code == .none else {
            throw KafkaClientError.brokerError(api: .writeTxnMarkers, code: code, message: "\(partition)")
        }
    }
}
