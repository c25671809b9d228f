import GroupCoordinator
import KafkaModel
import KafkaProtocol

/// OffsetFetch (9): a group's committed offsets (-1 where nothing is committed). v2+ reports group errors at
/// the top and accepts null topics for "every committed partition"; v7+ may require stable offsets; v8 asks
/// for several groups at once.
struct OffsetFetchHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...8
    let coordinator: GroupCoordinator

    typealias Partition = OffsetFetchResponse.OffsetFetchResponsePartition
    typealias Partitions = OffsetFetchResponse.OffsetFetchResponsePartitions

    func handle(_ request: OffsetFetchRequest, context: RequestContext) async -> OffsetFetchResponse? {
        let version = context.apiVersion
        let requireStable = version >= 7 && request.requireStable
        if version >= 8 {
            var groups: [OffsetFetchResponse.OffsetFetchResponseGroup] = []
            for group in request.groups {
                let requested = group.topics.map { topics in
                    topics.flatMap { topic in topic.partitionIndexes.map { TopicPartition(topic.name, PartitionIndex($0)) } }
                }
                let result = await coordinator.fetchOffsets(
                    groupID: group.groupID, partitions: requested, requireStable: requireStable)
                groups.append(.init(
                    groupID: group.groupID,
                    topics: Self.byTopic(result.partitions).map { name, partitions in
                        .init(name: name, partitions: partitions.map {
                            Partitions(partitionIndex: $0.partition.partition.rawValue,
                                       committedOffset: $0.offset.rawValue,
                                       committedLeaderEpoch: $0.leaderEpoch.rawValue, metadata: $0.metadata,
                                       errorCode: KafkaErrorCode($0.error))
                        })
                    },
                    errorCode: KafkaErrorCode(result.error)))
            }
            return OffsetAuthorization.fetch(OffsetFetchResponse(groups: groups), request, context: context)
        }
        // v0 and v1 always name their partitions; null topics only exist from v2.
        let requested = request.topics.map { topics in
            topics.flatMap { topic in topic.partitionIndexes.map { TopicPartition(topic.name, PartitionIndex($0)) } }
        }
        let result = await coordinator.fetchOffsets(
            groupID: request.groupID, partitions: requested ?? (version < 2 ? [] : nil), requireStable: requireStable)
        return OffsetAuthorization.fetch(OffsetFetchResponse(
            topics: Self.byTopic(result.partitions).map { name, partitions in
                .init(name: name, partitions: partitions.map {
                    Partition(partitionIndex: $0.partition.partition.rawValue, committedOffset: $0.offset.rawValue,
                              committedLeaderEpoch: $0.leaderEpoch.rawValue, metadata: $0.metadata,
                              errorCode: KafkaErrorCode($0.error))
                })
            },
            errorCode: version >= 2 ? KafkaErrorCode(result.error) : .none), request, context: context)
    }

    /// Partitions grouped by topic, topics in first-seen order.
    private static func byTopic(_ partitions: [FetchedOffset]) -> [(TopicName, [FetchedOffset])] {
        var order: [TopicName] = []
        var grouped: [TopicName: [FetchedOffset]] = [:]
        for partition in partitions {
            if grouped[partition.partition.topic] == nil { order.append(partition.partition.topic) }
            grouped[partition.partition.topic, default: []].append(partition)
        }
        return order.map { ($0, grouped[$0]!) }
    }
}
