import Controller
import KafkaModel
import KafkaProtocol

/// ListPartitionReassignments (46), served by the controller: the partitions being reassigned (all, or those
/// asked about), with their full replica set and the replicas being added and removed.
struct ListPartitionReassignmentsHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...0
    let controller: @Sendable () -> Controller?

    func handle(_ request: ListPartitionReassignmentsRequest, context: RequestContext) async
        -> ListPartitionReassignmentsResponse?
    {
        guard context.authorizeCluster(.describe) else {
            return ListPartitionReassignmentsResponse(errorCode: .clusterAuthorizationFailed,
                                                      errorMessage: "Cluster authorization failed.")
        }
        let asked = request.topics.map { topics in
            topics.flatMap { topic in topic.partitionIndexes.map { TopicPartition(topic.name, PartitionIndex($0)) } }
        }
        let ongoing: [TopicPartition: ReplicaSet]
        do {
            guard let controller = controller(), controller.isActive else { throw ControllerError.notController }
            ongoing = try await controller.partitionReassignments(asked)
        } catch {
            return ListPartitionReassignmentsResponse(errorCode: .notController,
                                                      errorMessage: "this broker is not the controller")
        }
        let byTopic = Dictionary(grouping: ongoing.keys.sorted(), by: \.topic)
        return ListPartitionReassignmentsResponse(
            errorCode: .none, errorMessage: nil,
            topics: byTopic.keys.sorted().map { topic in
                .init(name: topic, partitions: byTopic[topic]!.map { partition in
                    let set = ongoing[partition]!
                    return .init(partitionIndex: partition.partition.rawValue, replicas: set.replicas,
                                 addingReplicas: set.adding, removingReplicas: set.removing)
                })
            })
    }
}
