import Controller
import KafkaModel
import KafkaProtocol

/// AlterPartitionReassignments (45), served by the controller (KIP-455): starts reassignments, or cancels them
/// (null replicas). Success means started; completion is seen through ListPartitionReassignments.
struct AlterPartitionReassignmentsHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...0
    let controller: @Sendable () -> Controller?

    func handle(_ request: AlterPartitionReassignmentsRequest, context: RequestContext) async
        -> AlterPartitionReassignmentsResponse?
    {
        guard context.authorizeCluster(.alter) else {
            return AlterPartitionReassignmentsResponse(errorCode: .clusterAuthorizationFailed,
                                                       errorMessage: "Cluster authorization failed.")
        }
        var requests: [TopicPartition: [BrokerID]?] = [:]
        for topic in request.topics {
            for partition in topic.partitions {
                let key = TopicPartition(topic.name, PartitionIndex(partition.partitionIndex))
                requests[key] = .some(partition.replicas)
            }
        }
        let refused: [TopicPartition: ReassignmentError]
        do {
            guard let controller = controller(), controller.isActive else { throw ControllerError.notController }
            refused = try await controller.alterPartitionReassignments(requests)
        } catch {
            return AlterPartitionReassignmentsResponse(errorCode: .notController,
                                                       errorMessage: "this broker is not the controller")
        }
        return AlterPartitionReassignmentsResponse(
            errorCode: .none, errorMessage: nil,
            responses: request.topics.map { topic in
                .init(name: topic.name, partitions: topic.partitions.map { partition in
                    let error = refused[TopicPartition(topic.name, PartitionIndex(partition.partitionIndex))]
                    return .init(partitionIndex: partition.partitionIndex, errorCode: error.map(Self.code) ?? .none,
                                 errorMessage: error?.description)
                })
            })
    }

    static func code(_ error: ReassignmentError) -> KafkaErrorCode {
        switch error {
        case .unknownTopicOrPartition: .unknownTopicOrPartition
        case .invalidReplicaAssignment: .invalidReplicaAssignment
        case .noReassignmentInProgress: .noReassignmentInProgress
        }
    }
}
