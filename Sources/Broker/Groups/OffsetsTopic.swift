import Replication
import KafkaModel
import KafkaProtocol
import Logging

/// The `__consumer_offsets` topic as FindCoordinator sees it: created on first use with the broker's
/// `offsets.topic.*` settings, and the leader of each partition, which is the coordinator of its groups. The same
/// type serves `__transaction_state` (`transaction.state.log.*`) for the transaction coordinator.
///
/// Like Kafka, creation is not awaited: the lookup that triggers it answers COORDINATOR_NOT_AVAILABLE and the
/// client asks again once the controller has elected leaders. While fewer brokers are alive than
/// `offsets.topic.replication.factor`, the topic is not created and every lookup answers
/// COORDINATOR_NOT_AVAILABLE.
struct OffsetsTopic: Sendable {
    static let name = TopicNameRules.offsetsTopic

    let admin: TopicAdmin
    let metadata: MetadataCache
    let logger: Logger
    let settings: Settings

    /// What the topic is created with.
    struct Settings: Sendable {
        var name: TopicName
        var partitions: Int32
        var replicationFactor: Int16
        /// The key named when too few brokers are alive.
        var replicationFactorKey: String
        var configs: [String: String]
    }

    init(admin: TopicAdmin, metadata: MetadataCache, config: BrokerConfig, logger: Logger) {
        self.init(admin: admin, metadata: metadata, logger: logger, settings: Settings(
            name: Self.name, partitions: config.offsetsTopicNumPartitions,
            replicationFactor: config.offsetsTopicReplicationFactor,
            replicationFactorKey: "offsets.topic.replication.factor",
            configs: ["cleanup.policy": "compact", "segment.bytes": String(config.offsetsTopicSegmentBytes)]))
    }

    init(admin: TopicAdmin, metadata: MetadataCache, logger: Logger, settings: Settings) {
        self.admin = admin
        self.metadata = metadata
        self.logger = logger
        self.settings = settings
    }

    /// The answer to one coordinator lookup.
    enum Lookup: Sendable, Equatable {
        case coordinator(MetadataCache.BrokerEndpoint)
        case unavailable(KafkaErrorCode, String)
    }

    /// The coordinator of offsets partition `partition`: its leader, if it is alive.
    func coordinator(ofPartition partition: Int32) async -> Lookup {
        let snapshot = metadata.snapshot
        guard let partitions = snapshot.topics[settings.name] else {
            return await create()
        }
        guard let info = partitions[PartitionIndex(partition)], info.leader != .none,
            let endpoint = snapshot.brokers[info.leader]
        else {
            return .unavailable(.coordinatorNotAvailable, "\(settings.name)-\(partition) has no live leader")
        }
        return .coordinator(endpoint)
    }

    /// Writes the topic's assignment (the controller then creates the partitions); the caller retries.
    private func create() async -> Lookup {
        let alive = metadata.snapshot.brokers.count
        let factor = settings.replicationFactor
        guard alive >= Int(factor) else {
            return .unavailable(
                .coordinatorNotAvailable,
                "\(settings.replicationFactorKey)=\(factor) but only \(alive) brokers are alive")
        }
        let topic = TopicAdmin.NewTopic(
            name: settings.name, partitions: settings.partitions, replicationFactor: factor, assignment: nil,
            configs: settings.configs)
        do {
            let assignment = try admin.plan(topic)
            try await admin.store.createTopic(settings.name, assignment: assignment, configs: topic.configs)
            logger.info("created \(settings.name)", metadata: [
                "partitions": "\(assignment.count)", "replication factor": "\(factor)"])
        } catch TopicStoreError.topicExists {
            // Another broker created it first; its leaders are on their way.
        } catch let refusal as TopicAdmin.Refusal where refusal.code == .topicAlreadyExists {
            // The metadata cache already knows it (a race with the controller's update).
        } catch {
            logger.warning("cannot create \(settings.name)", metadata: ["error": "\(error)"])
        }
        return .unavailable(.coordinatorNotAvailable, "\(settings.name) is being created")
    }
}
