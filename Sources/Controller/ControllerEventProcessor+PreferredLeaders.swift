import KafkaModel

/// Which election ElectLeaders asks for (Kafka's `ElectionType`, its wire value as raw value).
public enum ElectionType: Int8, Hashable, Sendable, CustomStringConvertible {
    /// Move leadership to the preferred replica (assignment[0]) when it is live and in the ISR.
    case preferred = 0
    /// Elect a leader for a partition that has none, from outside the ISR if it must.
    case unclean = 1

    public var description: String { self == .preferred ? "preferred" : "unclean" }
}

/// What an election did for one partition; the broker maps each case to Kafka's per-partition error.
public enum ElectionOutcome: Hashable, Sendable {
    /// The partition is now led by this broker.
    case elected(BrokerID)
    /// Nothing to do: the preferred replica leads already (preferred), or a live leader exists (unclean).
    /// ELECTION_NOT_NEEDED (84).
    case notNeeded
    /// The preferred replica is down or out of the ISR. PREFERRED_LEADER_NOT_AVAILABLE (80).
    case preferredLeaderNotAvailable
    /// No live replica may lead. ELIGIBLE_LEADERS_NOT_AVAILABLE (83).
    case eligibleLeadersNotAvailable
    /// No such topic or partition. UNKNOWN_TOPIC_OR_PARTITION (3).
    case unknownTopicOrPartition
    /// The topic is queued for deletion. INVALID_TOPIC_EXCEPTION (17), as Kafka answers.
    case topicBeingDeleted
}

/// Elections operators and the imbalance check ask for, as Kafka's controller runs them
/// (`KafkaController.processReplicaLeaderElection`, `checkAndTriggerAutoLeaderRebalance`).
extension ControllerEventProcessor {
    /// Runs a `type` election for `requested` partitions (nil = every partition) and says per partition what
    /// happened. Leadership changes are written to the store, then sent to the replicas and every broker.
    func electLeaders(_ type: ElectionType, requested: Set<TopicPartition>?) async throws
        -> [TopicPartition: ElectionOutcome]
    {
        var outcomes: [TopicPartition: ElectionOutcome] = [:]
        var writes: [StateWrite] = []
        let live = context.liveIDs.subtracting(context.shuttingDown)
        for partition in (requested.map { $0.sorted() } ?? context.allPartitions) {
            let replicas = context.replicas(of: partition)
            guard !replicas.isEmpty, let stored = context.states[partition] else {
                outcomes[partition] = replicas.isEmpty ? .unknownTopicOrPartition : .eligibleLeadersNotAvailable
                continue
            }
            if context.topicsBeingDeleted.contains(partition.topic) {
                outcomes[partition] = .topicBeingDeleted
                continue
            }
            let state = stored.state
            let eligible = context.eligibleLeaders(of: partition, among: live)
            let result: LeaderElection.Result?
            switch type {
            case .preferred:
                if state.leader == replicas[0] {
                    outcomes[partition] = .notNeeded
                    continue
                }
                result = LeaderElection.preferred(assignment: replicas, isr: state.isr, live: eligible)
            case .unclean:
                if state.leader != .none, eligible.contains(state.leader) {
                    outcomes[partition] = .notNeeded
                    continue
                }
                result = LeaderElection.offline(assignment: replicas, isr: state.isr, live: eligible,
                                                uncleanAllowed: true)
            }
            guard let result else {
                outcomes[partition] = type == .preferred ? .preferredLeaderNotAvailable : .eligibleLeadersNotAvailable
                continue
            }
            if result.unclean {
                logger.warning("unclean leader election (requested)", metadata: [
                    "partition": "\(partition)", "leader": "\(result.leader)"])
            }
            writes.append(StateWrite(
                partition: partition,
                state: LeaderAndISR(leader: result.leader, leaderEpoch: state.leaderEpoch, isr: result.isr,
                                    controllerEpoch: context.fence.epoch),
                bumpEpoch: true))
            outcomes[partition] = .elected(result.leader)
        }
        // All decisions first, then one concurrent batch of writes and one request per broker.
        try await writeStates(writes)
        let changed = writes.compactMap { context.leadership($0.partition) }
        sendLeaderAndIsr(changed)
        sendUpdateMetadata(partitions: changed, to: Array(context.liveBrokers.values))
        if !changed.isEmpty {
            logger.info("leader election", metadata: ["type": "\(type)", "moved": "\(changed.count)"])
        }
        return outcomes
    }

    /// The partitions whose preferred replica is on a broker that leads too few of its preferred partitions
    /// (imbalance above `percentage`), and which could move back now.
    func imbalancedPartitions(percentage: Int) -> [TopicPartition] {
        var preferredBy: [BrokerID: [TopicPartition]] = [:]
        for partition in context.allPartitions where !context.topicsBeingDeleted.contains(partition.topic) {
            if let preferred = context.replicas(of: partition).first { preferredBy[preferred, default: []].append(partition) }
        }
        var candidates: [TopicPartition] = []
        for (broker, partitions) in preferredBy
        where context.liveBrokers[broker] != nil && !context.shuttingDown.contains(broker) {
            let notLed = partitions.filter { context.states[$0]?.state.leader != broker }
            guard !partitions.isEmpty,
                  Double(notLed.count) / Double(partitions.count) > Double(percentage) / 100 else { continue }
            // Only those the preferred replica can take now: it is in the ISR.
            candidates += notLed.filter { context.states[$0]?.state.isr.contains(broker) ?? false }
        }
        return candidates.sorted()
    }

    /// `auto.leader.rebalance.enable`: moves leaderships back to preferred replicas on imbalanced brokers.
    func checkLeaderImbalance(percentage: Int) async throws {
        let candidates = imbalancedPartitions(percentage: percentage)
        logger.debug("leader imbalance check", metadata: ["imbalanced": "\(candidates.count)"])
        guard !candidates.isEmpty else { return }
        logger.info("leader imbalance: electing preferred leaders", metadata: ["partitions": "\(candidates.count)"])
        _ = try await electLeaders(.preferred, requested: Set(candidates))
    }
}
