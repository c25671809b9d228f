import KafkaModel
import KafkaProtocol

/// What a broker answered to a LeaderAndIsr, fed back into the controller's queue.
struct LeaderAndIsrAnswer: Sendable {
    var broker: BrokerID
    /// The registration the request went to: an answer from an earlier one is stale.
    var brokerEpoch: Int64
    /// The partitions the request named.
    var partitions: [TopicPartition]
    /// The partitions answered with an error (the others were applied).
    var errors: [TopicPartition: KafkaErrorCode]
}

/// Log directory failure, the controller's side (KIP-112, Kafka's `KafkaController`): a broker whose directory
/// failed writes `/log_dir_event_notification/log_dir_event_<seq>`; the controller sends it LeaderAndIsr for every
/// replica it hosts (`onBrokerLogDirFailure`); the broker answers KAFKA_STORAGE_ERROR for the replicas on a failed
/// directory, and the controller treats those as offline — like replicas of a dead broker — until the broker
/// registers again (`processLeaderAndIsrResponseReceived`, `onReplicasBecomeOffline`).
extension ControllerEventProcessor {
    /// Reads and deletes the pending notifications, then asks each named live broker about all its replicas.
    func processLogDirEventNotifications() async throws {
        let notifications = try await store.logDirEventNotifications()
        guard !notifications.isEmpty else { return }
        let unreadable = notifications.filter { $0.broker == nil }.map(\.name)
        if !unreadable.isEmpty {
            logger.warning("ignoring unreadable log directory notifications", metadata: ["znodes": "\(unreadable)"])
        }
        let brokers = Set(notifications.compactMap(\.broker)).filter { context.liveBrokers[$0] != nil }
        if !brokers.isEmpty { onBrokerLogDirFailure(brokers) }
        try await store.deleteLogDirEventNotifications(notifications.map(\.name), fence: context.fence)
    }

    /// Sends each broker a LeaderAndIsr for every replica it hosts; its answer says which are offline.
    private func onBrokerLogDirFailure(_ brokers: Set<BrokerID>) {
        logger.warning("handling log directory failure", metadata: ["brokers": "\(brokers.sorted())"])
        let hosted = context.allPartitions.compactMap { context.leadership($0) }
            .filter { $0.replicas.contains(where: brokers.contains) }
        sendLeaderAndIsr(hosted, only: brokers)
    }

    /// Records which replicas the broker reported on a failed directory (and which it applied, which are online
    /// again); newly offline ones are handled like replicas of a dead broker.
    func onLeaderAndIsrAnswer(_ answer: LeaderAndIsrAnswer) async throws {
        guard let registered = context.liveBrokers[answer.broker], registered.epoch == answer.brokerEpoch else { return }
        let offline = Set(answer.errors.filter { $0.value == .kafkaStorageError }.keys)
        let online = Set(answer.partitions).subtracting(answer.errors.keys)
        let previous = context.replicasOnOfflineDirs[answer.broker] ?? []
        let current = previous.subtracting(online).union(offline)
        context.replicasOnOfflineDirs[answer.broker] = current.isEmpty ? nil : current
        let newlyOffline = current.subtracting(previous)
        guard !newlyOffline.isEmpty else { return }
        logger.warning("replicas on a failed log directory are offline", metadata: [
            "broker": "\(answer.broker)", "partitions": "\(newlyOffline.sorted().prefix(20).map(\.description))",
            "count": "\(newlyOffline.count)"])
        try await onReplicasBecameOffline(newlyOffline.sorted(), on: answer.broker)
    }

    /// Partitions the broker led get a new leader from the other live in-sync replicas (or none); the others lose
    /// it from their ISR (never the last member, so a clean election stays possible). Everyone is told.
    private func onReplicasBecameOffline(_ partitions: [TopicPartition], on broker: BrokerID) async throws {
        let known = partitions.filter { context.states[$0] != nil && !context.topicsBeingDeleted.contains($0.topic) }
        let led = known.filter { context.states[$0]?.state.leader == broker }
        let followed = known.filter { context.states[$0]?.state.leader != broker }
        let changed = try await elect(led, alsoWriting: isrShrinks(followed, dead: [broker]))
        announce(changed)
        // Partitions whose state did not change still list the replica as offline from now on.
        let unchanged = Set(known).subtracting(changed.map(\.partition)).sorted()
        guard !unchanged.isEmpty else { return }
        sendUpdateMetadata(partitions: unchanged.compactMap { context.leadership($0) },
                           to: Array(context.liveBrokers.values))
    }
}
