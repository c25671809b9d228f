import KafkaModel
import KafkaProtocol
import Logging
import TransactionCoordinator

/// Writes a transaction's markers: one WriteTxnMarkers request per partition leader (its partitions batched), on
/// the inter-broker listener, retried with backoff for partitions whose leader moved or could not append, leaders
/// re-resolved from the metadata cache each round (Kafka's `TransactionMarkerChannelManager`).
struct TransactionMarkerChannel: TransactionMarkerWriter {
    static let version: Int16 = 1

    let connections: BrokerConnections
    let metadata: MetadataCache
    /// The inter-broker listener, where WriteTxnMarkers is served.
    let listener: String
    let logger: Logger

    func write(_ markers: TransactionMarkers, isCurrent: @escaping @Sendable () async -> Bool) async
        -> TransactionMarkerOutcome
    {
        var remaining = markers.partitions
        var backoff = Duration.milliseconds(50)
        while !remaining.isEmpty {
            guard await isCurrent() else { return .abandoned }
            let snapshot = metadata.snapshot
            var byLeader: [BrokerID: [TopicPartition]] = [:]
            for partition in remaining.sorted() {
                // A topic deleted since the transaction began needs no marker; an empty cache knows nothing yet.
                if !snapshot.brokers.isEmpty, snapshot.topics[partition.topic] == nil {
                    logger.warning("no marker for a deleted topic", metadata: [
                        "transactional id": "\(markers.transactionalID)", "partition": "\(partition)"])
                    remaining.remove(partition)
                    continue
                }
                guard let leader = snapshot.partition(partition)?.leader, snapshot.brokers[leader] != nil else {
                    continue
                }
                byLeader[leader, default: []].append(partition)
            }
            let answers = await withTaskGroup(of: [TopicPartition: KafkaErrorCode].self) { group in
                for (leader, partitions) in byLeader {
                    guard let endpoint = snapshot.brokers[leader]?.on(listener: listener) else { continue }
                    group.addTask { await send(markers, partitions: partitions, to: endpoint) }
                }
                var all: [TopicPartition: KafkaErrorCode] = [:]
                for await answer in group { all.merge(answer) { first, _ in first } }
                return all
            }
            for (partition, code) in answers {
                switch code {
                case .none:
                    remaining.remove(partition)
                case .invalidProducerEpoch, .transactionCoordinatorFenced, .producerFenced:
                    // A newer coordinator or producer epoch owns this transaction now.
                    logger.info("markers refused: this coordinator is fenced", metadata: [
                        "transactional id": "\(markers.transactionalID)", "partition": "\(partition)", "error": "\(code)"])
                    return .abandoned
                case .unsupportedForMessageFormat, .unsupportedVersion:
                    logger.warning("partition cannot hold a marker", metadata: [
                        "transactional id": "\(markers.transactionalID)", "partition": "\(partition)", "error": "\(code)"])
                    remaining.remove(partition)
                default:
                    break
                }
            }
            if !remaining.isEmpty {
                logger.debug("markers pending", metadata: [
                    "transactional id": "\(markers.transactionalID)", "partitions": "\(remaining.count)"])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(1))
            }
        }
        return .written
    }

    /// One leader's answer for its partitions; a failed send answers every partition with the error to retry.
    private func send(_ markers: TransactionMarkers, partitions: [TopicPartition],
                      to endpoint: MetadataCache.BrokerEndpoint) async -> [TopicPartition: KafkaErrorCode]
    {
        let byTopic = Dictionary(grouping: partitions, by: \.topic)
        let request = WriteTxnMarkersRequest(markers: [
            .init(producerID: markers.producerID, producerEpoch: markers.producerEpoch,
                  transactionResult: markers.commit,
                  topics: byTopic.keys.sorted().map { topic in
                      .init(name: topic, partitionIndexes: byTopic[topic, default: []].map(\.partition.rawValue))
                  },
                  coordinatorEpoch: markers.coordinatorEpoch),
        ])
        var answers: [TopicPartition: KafkaErrorCode] = [:]
        do {
            let connection = try await connections.connection(host: endpoint.host, port: endpoint.port,
                                                              listener: endpoint.listener)
            let response = try await connection.send(request, version: Self.version)
            for result in response.markers where result.producerID == markers.producerID {
                for topic in result.topics {
                    for partition in topic.partitions {
                        answers[TopicPartition(topic.name, PartitionIndex(partition.partitionIndex))] = partition.errorCode
                    }
                }
            }
        } catch {
            logger.info("WriteTxnMarkers failed", metadata: ["broker": "\(endpoint.id)", "error": "\(error)"])
            await connections.discard(host: endpoint.host, port: endpoint.port)
        }
        // A partition left out of the answer is retried.
        for partition in partitions where answers[partition] == nil { answers[partition] = .unknownServerError }
        return answers
    }
}
