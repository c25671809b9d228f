import GroupCoordinator
import KafkaModel
import KafkaProtocol

/// OffsetDelete (47): drops a group's committed offsets for partitions it no longer consumes
/// (GROUP_SUBSCRIBED_TO_TOPIC while a member still subscribes to the topic). Unknown partitions answer
/// UNKNOWN_TOPIC_OR_PARTITION.
struct OffsetDeleteHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...0
    let coordinator: GroupCoordinator
    let metadata: MetadataCache

    func handle(_ request: OffsetDeleteRequest, context: RequestContext) async -> OffsetDeleteResponse? {
        guard context.authorize(.delete, .group, request.groupID) else {
            return OffsetDeleteResponse(errorCode: .groupAuthorizationFailed)
        }
        // Topics without READ are answered TOPIC_AUTHORIZATION_FAILED and left alone (Kafka 2.8).
        let readable = context.authorizedTopics(.read, request.topics.map(\.name.rawValue))
        let snapshot = metadata.snapshot
        var known: [TopicPartition] = []
        var errors: [TopicPartition: GroupErrorCode] = [:]
        for topic in request.topics {
            for partition in topic.partitions {
                let topicPartition = TopicPartition(topic.name, PartitionIndex(partition.partitionIndex))
                if !readable.contains(topic.name.rawValue) {
                    continue
                } else if snapshot.partition(topicPartition) == nil {
                    errors[topicPartition] = .unknownTopicOrPartition
                } else {
                    known.append(topicPartition)
                }
            }
        }
        let result = await coordinator.deleteOffsets(groupID: request.groupID, partitions: known)
        if result.error != .noError { return OffsetDeleteResponse(errorCode: KafkaErrorCode(result.error)) }
        errors.merge(result.partitions) { unknown, _ in unknown }
        return OffsetDeleteResponse(topics: request.topics.map { topic in
            .init(name: topic.name, partitions: topic.partitions.map { partition in
                let topicPartition = TopicPartition(topic.name, PartitionIndex(partition.partitionIndex))
                return .init(partitionIndex: partition.partitionIndex,
                             errorCode: readable.contains(topic.name.rawValue)
                                 ? KafkaErrorCode(errors[topicPartition] ?? .noError) : .topicAuthorizationFailed)
            })
        })
    }
}
