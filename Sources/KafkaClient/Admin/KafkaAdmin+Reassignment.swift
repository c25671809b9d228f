import KafkaModel
import KafkaProtocol

/// A partition being reassigned, as ListPartitionReassignments reports it: the full replica set while moving,
/// and which of those are being added and removed.
public struct PartitionReassignment: Hashable, Sendable {
    public var replicas: [BrokerID]
    public var addingReplicas: [BrokerID]
    public var removingReplicas: [BrokerID]

    public init(replicas: [BrokerID], addingReplicas: [BrokerID], removingReplicas: [BrokerID]) {
        self.replicas = replicas
        self.addingReplicas = addingReplicas
        self.removingReplicas = removingReplicas
    }

    /// The replicas once the move is done.
    public var targetReplicas: [BrokerID] { replicas.filter { !removingReplicas.contains($0) } }
}

// Partition reassignment (KIP-455): both requests go to the controller.
extension KafkaAdmin {
    /// Starts reassignments (a target replica list per partition) or cancels them (nil), through
    /// AlterPartitionReassignments. Success means the controller started the move, not that it finished.
    /// - Returns: one result per partition, named `topic-partition` (INVALID_REPLICA_ASSIGNMENT,
    ///   UNKNOWN_TOPIC_OR_PARTITION, NO_REASSIGNMENT_IN_PROGRESS, ... as error codes).
    /// - Throws: `KafkaClientError.brokerError` when the request as a whole failed (e.g. no controller).
    public func alterPartitionReassignments(_ reassignments: [TopicPartition: [BrokerID]?]) async throws
        -> [TopicPartition: AdminResult]
    {
        let byTopic = Dictionary(grouping: reassignments.keys.sorted(), by: \.topic)
        let request = AlterPartitionReassignmentsRequest(
            timeoutMs: reassignmentTimeoutMs,
            topics: byTopic.keys.sorted().map { topic in
                .init(name: topic, partitions: byTopic[topic]!.map {
                    .init(partitionIndex: $0.partition.rawValue, replicas: reassignments[$0] ?? nil)
                })
            })
        let response = try await sendToController(request) { $0.errorCode == .notController }
        try AdminResult(name: "", errorCode: response.errorCode, errorMessage: response.errorMessage)
            .check(.alterPartitionReassignments)
        var results: [TopicPartition: AdminResult] = [:]
        for topic in response.responses {
            for partition in topic.partitions {
                let key = TopicPartition(topic.name, PartitionIndex(partition.partitionIndex))
                results[key] = AdminResult(name: key.description, errorCode: partition.errorCode,
                                           errorMessage: partition.errorMessage)
            }
        }
        return results
    }

    /// The reassignments in progress among `partitions` (nil: every one in the cluster).
    /// - Throws: `KafkaClientError.brokerError` when the controller refused the request.
    public func listPartitionReassignments(_ partitions: [TopicPartition]? = nil) async throws
        -> [TopicPartition: PartitionReassignment]
    {
        let request = ListPartitionReassignmentsRequest(
            timeoutMs: reassignmentTimeoutMs,
            topics: partitions.map { partitions in
                let byTopic = Dictionary(grouping: partitions.sorted(), by: \.topic)
                return byTopic.keys.sorted().map { topic in
                    .init(name: topic, partitionIndexes: byTopic[topic]!.map(\.partition.rawValue))
                }
            })
        let response = try await sendToController(request) { $0.errorCode == .notController }
        try AdminResult(name: "", errorCode: response.errorCode, errorMessage: response.errorMessage)
            .check(.listPartitionReassignments)
        var result: [TopicPartition: PartitionReassignment] = [:]
        for topic in response.topics {
            for partition in topic.partitions {
                result[TopicPartition(topic.name, PartitionIndex(partition.partitionIndex))] = PartitionReassignment(
                    replicas: partition.replicas, addingReplicas: partition.addingReplicas,
                    removingReplicas: partition.removingReplicas)
            }
        }
        return result
    }

    private nonisolated var reassignmentTimeoutMs: Int32 {
        Int32(clamping: operationTimeout.components.seconds * 1000)
    }
}
