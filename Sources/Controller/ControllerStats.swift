import KafkaModel

/// What the controller knows that an operator watches, as of its last handled event: the epoch it holds and
/// Kafka's OfflinePartitionsCount (partitions, outside topics being deleted, without a leader on a live broker).
public struct ControllerStats: Sendable, Equatable {
    public var epoch: Int32 = 0
    public var offlinePartitions: Int = 0
    public var partitions: Int = 0

    public init() {}

    init(_ context: ControllerContext) {
        epoch = context.fence.epoch.rawValue
        for (partition, stored) in context.states where !context.topicsBeingDeleted.contains(partition.topic) {
            partitions += 1
            let leader = stored.state.leader
            if leader == .none || !context.isReplicaOnline(leader, partition) { offlinePartitions += 1 }
        }
    }
}
