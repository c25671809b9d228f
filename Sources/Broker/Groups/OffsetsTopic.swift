import Replication
import KafkaModel
import KafkaProtocol
import Logging

/// The `__consumer_offsets` topic as FindCoordinator sees it: created on first use with the broker's
/// `offsets.topic.*` settings, and the leader of each partition, which is the coordinator of its groups.
///
/// Like Kafka, creation is not awaited: the lookup that triggers it answers COORDINATOR_NOT_AVAILABLE and the
/// client asks again once the controller has elected leaders. While fewer brokers are alive than
/// `offsets.topic.replication.factor`, the topic is not created and every lookup answers
/// COORDINATOR_NOT_AVAILABLE.
struct OffsetsTopic: Sendable {
    static let name = TopicNameRules.offsetsTopic

    let admin: TopicAdmin
    let metadata: MetadataCache
    let config: BrokerConfig
    let logger: Logger

    /// The answer to one coordinator lookup.
    enum Lookup: Sendable, Equatable {
        case coordinator(MetadataCache.BrokerEndpoint)
        case unavailable(KafkaErrorCode, String)
    }

    /// The coordinator of offsets partition `partition`: its leader, if it is alive.
    func coordinator(ofPartition partition: Int32) async -> Lookup {
        let snapshot = metadata.snapshot
        guard let partitions = snapshot.topics[Self.name] else {
            return await create()
        }
        guard let info = partitions[PartitionIndex(partition)], info.leader != .none,
            let endpoint = snapshot.brokers[info.leader]
        else {
            return .unavailable(.coordinatorNotAvailable, "offsets partition \(partition) has no live leader")
        }
        return .coordinator(endpoint)
    }

    /// Writes the topic's assignment (the controller then creates the partitions); the caller retries.
    private func create() async -> Lookup {
        let alive = metadata.snapshot.brokers.count
        let factor = config.offsetsTopicReplicationFactor
        guard alive >= Int(factor) else {
            return .unavailable(
                .coordinatorNotAvailable,
                "offsets.topic.replication.factor=\(factor) but only \(alive) brokers are alive")
        }
        let topic = TopicAdmin.NewTopic(
            name: Self.name, partitions: config.offsetsTopicNumPartitions, replicationFactor: factor,
            assignment: nil,
            configs: [
                "cleanup.policy": "compact",
                "segment.bytes": String(config.offsetsTopicSegmentBytes),
            ])
        do {
            let assignment = try admin.plan(topic)
            try await admin.store.createTopic(Self.name, assignment: assignment, configs: topic.configs)
            logger.info("created \(Self.name)", metadata: [
                "partitions": "\(assignment.count)", "replication factor": "\(factor)"])
        } catch TopicStoreError.topicExists {
            // Another broker created it first; its leaders are on their way.
        } catch let refusal as TopicAdmin.Refusal where refusal.code == .topicAlreadyExists {
            // The metadata cache already knows it (a race with the controller's update).
        } catch {
            logger.warning("cannot create \(Self.name)", metadata: ["error": "\(error)"])
        }
        return .unavailable(.coordinatorNotAvailable, "\(Self.name) is being created")
    }
}
