import KafkaModel
import Logging

/// The controller's decisions, one event at a time (see `Controller`). Not thread-safe: owned by the
/// controller's event task.
final class ControllerEventProcessor: @unchecked Sendable {
    // @unchecked: only the controller's single event task touches it after construction.
    let brokerID: BrokerID
    let store: any ControllerStore
    let settings: Controller.Settings
    let logger: Logger
    let sender: BrokerRequestSender
    var context: ControllerContext

    /// - Parameter onLeaderAndIsrAnswer: where brokers' LeaderAndIsr answers go (back into the event queue).
    init(brokerID: BrokerID, fence: ControllerFence, store: any ControllerStore, channel: any ControllerChannel,
         settings: Controller.Settings, logger: Logger,
         onLeaderAndIsrAnswer: @escaping @Sendable (LeaderAndIsrAnswer) -> Void = { _ in }) {
        self.brokerID = brokerID
        self.store = store
        self.settings = settings
        self.logger = logger
        self.context = ControllerContext(fence: fence)
        self.sender = BrokerRequestSender(
            channel: channel, stamp: ControllerStamp(controllerID: brokerID, controllerEpoch: fence.epoch),
            logger: logger, onLeaderAndIsrAnswer: onLeaderAndIsrAnswer)
    }

    var stamp: ControllerStamp { ControllerStamp(controllerID: brokerID, controllerEpoch: context.fence.epoch) }

    // MARK: - Failover

    /// Loads everything from the store (reads run concurrently), tells every broker the current state, then
    /// elects leaders where there are none.
    func failover() async throws {
        let started = ContinuousClock.now
        for broker in try await store.liveBrokers() { context.liveBrokers[broker.id] = broker }
        let topics = try await store.topicNames()
        try await loadTopics(topics)
        context.topicsBeingDeleted = Set(try await store.topicsQueuedForDeletion())
        sender.updateBrokers(context.liveBrokers)
        // As Kafka's failover: pending log-directory notifications are dropped unread (the watch is armed), since
        // every broker is about to be sent LeaderAndIsr for all its replicas and answers for the failed ones.
        try await store.deleteLogDirEventNotifications(try await store.logDirEventNotifications().map(\.name),
                                                       fence: context.fence)

        // All decisions are written before anyone is told, so each broker gets one LeaderAndIsr and one
        // UpdateMetadata carrying the state after the elections.
        let all = context.allPartitions
        let needElection = all.filter { partition in
            guard let state = context.states[partition]?.state else { return true }
            return state.leader == .none || !context.isReplicaOnline(state.leader, partition)
        }
        // Replicas on brokers that died while no controller ran leave the ISRs, as Kafka's replica state
        // machine does at startup; a leader alone cannot drop a dead follower that is not behind. Partitions
        // not up for election are shrunk in the same batch as the elections.
        let loaded = ContinuousClock.now
        let deadInISRs = Set(context.states.values.flatMap(\.state.isr)).subtracting(context.liveBrokers.keys)
        let electing = Set(needElection)
        let elected = try await elect(
            needElection, alsoWriting: isrShrinks(all.filter { !electing.contains($0) }, dead: deadInISRs))
        // Partitions left without a leader keep dead replicas in their ISR; they lose all but one.
        try await writeStates(isrShrinks(all, dead: deadInISRs))
        logger.info("controller failover elections written", metadata: [
            "loading": "\(loaded - started)", "elections": "\(ContinuousClock.now - loaded)",
            "changed": "\(elected.count)",
        ])

        // Every replica learns its current leadership; every broker the full metadata.
        let created = Set(elected.filter(\.isNew).map(\.partition))
        let known = all.compactMap { context.leadership($0, isNew: created.contains($0)) }
        sendLeaderAndIsr(known)
        sendUpdateMetadata(partitions: known, to: Array(context.liveBrokers.values))
        try await processTopicDeletions()
        try await processIsrChangeNotifications()
        try await resumeReassignments()
        logger.info("controller failover complete", metadata: [
            "epoch": "\(context.fence.epoch)", "brokers": "\(context.liveBrokers.count)",
            "partitions": "\(context.states.count)", "took": "\(ContinuousClock.now - started)",
        ])
    }

    /// Reads assignments and partition states of `topics`, all requests in flight at once.
    private func loadTopics(_ topics: [TopicName]) async throws {
        let store = self.store
        // Child tasks return structs, not tuples: tuple results were miscompiled in release builds.
        struct LoadedAssignment: Sendable {
            var topic: TopicName
            var assignment: TopicAssignment?
        }
        let assignments = try await withThrowingTaskGroup(of: LoadedAssignment.self) { group in
            for topic in topics {
                group.addTask { LoadedAssignment(topic: topic, assignment: try await store.topicAssignment(topic)) }
            }
            var result: [TopicName: TopicAssignment] = [:]
            for try await loaded in group { result[loaded.topic] = loaded.assignment }
            return result
        }
        for (topic, assignment) in assignments { context.assignments[topic] = assignment }
        let partitions = assignments.flatMap { topic, assignment in
            assignment.partitions.keys.map { TopicPartition(topic, $0) }
        }
        for (partition, state) in try await readStates(partitions) { context.states[partition] = state }
    }

    /// Reads many state znodes with all requests in flight at once (the store pipelines them on one session):
    /// one round trip at a time, thousands of partitions would take seconds.
    func readStates(_ partitions: [TopicPartition]) async throws -> [TopicPartition: StoredPartitionState] {
        let store = self.store
        return try await withThrowingTaskGroup(of: WrittenState.self) { group in
            for partition in partitions {
                group.addTask { WrittenState(partition: partition, state: try await store.partitionState(partition)) }
            }
            var result: [TopicPartition: StoredPartitionState] = [:]
            for try await loaded in group { result[loaded.partition] = loaded.state }
            return result
        }
    }

    // MARK: - Events

    func process(_ event: Controller.Event) async throws {
        logger.debug("processing controller event", metadata: [
            "event": "\(String(describing: event).prefix { $0 != "(" })", "epoch": "\(context.fence.epoch)"])
        switch event {
        case .store(.brokers): try await onBrokersChanged()
        case .store(.topics): try await onTopicsChanged()
        case .store(.topicAssignment(let topic)): try await onTopicAssignmentChanged(topic)
        case .store(.topicDeletions): try await processTopicDeletions()
        case .store(.isrChangeNotifications): try await processIsrChangeNotifications()
        case .store(.logDirEventNotifications): try await processLogDirEventNotifications()
        case .leaderAndIsrAnswered(let answer): try await onLeaderAndIsrAnswer(answer)
        case .electLeaders(let type, let partitions, let reply):
            try await answer(reply) { try await electLeaders(type, requested: partitions) }
        case .checkLeaderImbalance:
            try await checkLeaderImbalance(percentage: settings.leaderImbalancePerBrokerPercentage)
        case .store(.reassignmentRequest): try await processReassignmentRequest()
        case .controlledShutdown(let broker, let brokerEpoch, let reply):
            try await answer(reply) { try await controlledShutdown(broker, brokerEpoch: brokerEpoch) }
        case .alterReassignments(let requests, let reply):
            try await answer(reply) { try await alterReassignments(requests) }
        case .listReassignments(let partitions, let reply):
            reply(.success(ongoingReassignments(partitions)))
        case .drainRequests(let limit, let reply):
            await sender.waitForQueued(upTo: limit)
            reply()
        }
    }

    /// Replies to a broker's request with what `work` returns or throws. A `ControllerError` is about the request
    /// (an unknown broker, a stale epoch) and ends only that request; any other error comes from the store and
    /// ends this controller, as before.
    private func answer<Value>(_ reply: @Sendable (Result<Value, any Error>) -> Void,
                               _ work: () async throws -> Value) async throws {
        do {
            reply(.success(try await work()))
        } catch let error as ControllerError {
            logger.warning("refused a broker's request", metadata: ["error": "\(error)"])
            reply(.failure(error))
        } catch {
            reply(.failure(error))
            throw error
        }
    }

    /// Brokers joined or left (or bounced: same id, new registration epoch).
    func onBrokersChanged() async throws {
        let current = Dictionary(uniqueKeysWithValues: try await store.liveBrokers().map { ($0.id, $0) })
        let previous = context.liveBrokers
        let dead = Set(previous.keys).subtracting(current.keys)
            .union(current.filter { id, broker in previous[id].map { $0.epoch != broker.epoch } ?? false }.keys)
        let joined = Set(current.keys).subtracting(previous.keys).union(dead.intersection(current.keys))
        guard !dead.isEmpty || !joined.isEmpty else { return }
        logger.info("brokers changed", metadata: ["joined": "\(joined.sorted())", "left": "\(dead.sorted())"])

        // A bounced broker is handled as dead then new; a registration starts with every log directory working.
        for id in dead.union(joined) { context.replicasOnOfflineDirs[id] = nil }
        for id in dead { context.liveBrokers[id] = nil }
        context.shuttingDown.subtract(dead)
        if !dead.isEmpty { try await onBrokersFailed(dead) }
        for id in joined { context.liveBrokers[id] = current[id] }
        sender.updateBrokers(context.liveBrokers)
        // Everyone learns the new live set even when no partition changed.
        sendUpdateMetadata(partitions: [], to: Array(context.liveBrokers.values))
        if !joined.isEmpty { try await onBrokersStarted(joined) }
        // Reassignments waiting for a broker that came back resume; ISRs may have changed either way.
        if !joined.isEmpty { try await resumeReassignments(onBrokers: joined) }
        try await checkReassignmentCompletion()
    }

    /// Leaders on dead brokers are replaced; dead followers leave the ISR.
    private func onBrokersFailed(_ dead: Set<BrokerID>) async throws {
        // Orphaned partitions get new leaders and the others lose their dead followers; the two sets do not
        // overlap (a partition is shrunk only when its leader lives), so all writes go out as one batch and
        // each broker hears of them in one request.
        let all = context.allPartitions
        let orphaned = all.filter { context.states[$0].map { dead.contains($0.state.leader) } ?? false }
        let changed = try await elect(orphaned, alsoWriting: isrShrinks(all, dead: dead))
        announce(changed)
    }

    /// Removal of dead followers from the ISRs of partitions whose leader lives (never the last member, so a
    /// clean election stays possible).
    func isrShrinks(_ partitions: [TopicPartition], dead: Set<BrokerID>) -> [StateWrite] {
        partitions.compactMap { partition in
            guard let state = context.states[partition]?.state, !dead.contains(state.leader),
                  state.isr.contains(where: dead.contains), state.isr.count > 1 else { return nil }
            var next = state
            next.isr = state.isr.filter { !dead.contains($0) }
            if next.isr.isEmpty { next.isr = [state.isr[0]] }
            return StateWrite(partition: partition, state: next, bumpEpoch: true)
        }
    }

    /// New brokers get the full metadata and the leadership of every replica they host; partitions that were
    /// offline may now have a leader.
    private func onBrokersStarted(_ joined: Set<BrokerID>) async throws {
        let all = context.allPartitions.compactMap { context.leadership($0) }
        let brokers = joined.compactMap { context.liveBrokers[$0] }
        sendUpdateMetadata(partitions: all, to: brokers)
        sendLeaderAndIsr(all.filter { $0.replicas.contains(where: joined.contains) }, only: joined)
        let offline = context.allPartitions.filter { partition in
            guard let state = context.states[partition]?.state else { return true }
            return state.leader == .none || !context.isReplicaOnline(state.leader, partition)
        }
        try await electLeaders(offline)
    }

    /// Topics appeared or disappeared under `/brokers/topics`.
    func onTopicsChanged() async throws {
        let names = Set(try await store.topicNames())
        let added = names.subtracting(context.assignments.keys)
        let removed = Set(context.assignments.keys).subtracting(names)
        for topic in removed {
            for partition in context.partitions(of: topic) { context.states[partition] = nil }
            context.assignments[topic] = nil
        }
        guard !added.isEmpty else { return }
        try await loadTopics(Array(added))
        let new = added.flatMap { context.partitions(of: $0) }.filter { context.states[$0] == nil }
        try await electLeaders(new)
    }

    /// A topic's assignment changed: partitions were added (CreatePartitions).
    func onTopicAssignmentChanged(_ topic: TopicName) async throws {
        guard let assignment = try await store.topicAssignment(topic) else { return }
        context.assignments[topic] = assignment
        let new = context.partitions(of: topic).filter { context.states[$0] == nil }
        try await electLeaders(new)
    }

    // MARK: - Elections

    /// Elects leaders for `partitions` (new ones, or ones whose leader is gone), writes the decisions and
    /// tells the brokers.
    func electLeaders(_ partitions: [TopicPartition]) async throws {
        announce(try await elect(partitions))
    }

    /// Elects leaders for `partitions` and writes the decisions, together with `extra` writes, as one
    /// concurrent batch; tells nobody.
    /// - Returns: the changed partitions' leadership (`isNew` for partitions elected for the first time).
    func elect(_ partitions: [TopicPartition], alsoWriting extra: [StateWrite] = []) async throws
        -> [PartitionLeadership]
    {
        var writes: [StateWrite] = []
        var creates: [TopicPartition: LeaderAndISR] = [:]
        var offline: [TopicPartition] = []
        var uncleanByTopic: [TopicName: Bool] = [:]  // one config read per topic, not per partition
        let live = context.liveIDs.subtracting(context.shuttingDown)
        for partition in partitions where !context.topicsBeingDeleted.contains(partition.topic) {
            let replicas = context.replicas(of: partition)
            let eligible = context.eligibleLeaders(of: partition, among: live)
            if let stored = context.states[partition] {
                let unclean: Bool
                if let known = uncleanByTopic[partition.topic] {
                    unclean = known
                } else {
                    unclean = try await uncleanAllowed(partition.topic)
                    uncleanByTopic[partition.topic] = unclean
                }
                guard let result = LeaderElection.offline(assignment: replicas, isr: stored.state.isr, live: eligible,
                                                          uncleanAllowed: unclean) else {
                    offline.append(partition)
                    if stored.state.leader != .none {
                        // Keep the ISR (its last member may come back) but record that nobody leads.
                        var next = stored.state
                        next.leader = .none
                        writes.append(StateWrite(partition: partition, state: next, bumpEpoch: true))
                    }
                    continue
                }
                if result.unclean {
                    logger.warning("unclean leader election", metadata: ["partition": "\(partition)",
                                                                         "leader": "\(result.leader)"])
                }
                writes.append(StateWrite(
                    partition: partition,
                    state: LeaderAndISR(leader: result.leader, leaderEpoch: stored.state.leaderEpoch, isr: result.isr,
                                        controllerEpoch: context.fence.epoch),
                    bumpEpoch: true))
            } else {
                guard let result = LeaderElection.newPartition(assignment: replicas, live: eligible) else {
                    offline.append(partition)
                    continue
                }
                creates[partition] = LeaderAndISR(leader: result.leader, leaderEpoch: LeaderEpoch(0), isr: result.isr,
                                                  controllerEpoch: context.fence.epoch)
            }
        }
        if !offline.isEmpty {
            logger.warning("partitions without an eligible leader", metadata: ["partitions": "\(offline)"])
        }
        // Elections first in the batch: orphaned partitions are unavailable until written.
        writes += extra
        try await writeStates(writes)
        try await createStates(creates)
        return writes.compactMap { context.leadership($0.partition) }
            + creates.keys.sorted().compactMap { context.leadership($0, isNew: true) }
    }

    /// Tells the replicas of `changed` their leadership and every live broker the new metadata: one request
    /// of each kind per broker.
    func announce(_ changed: [PartitionLeadership]) {
        guard !changed.isEmpty else { return }
        sendLeaderAndIsr(changed)
        sendUpdateMetadata(partitions: changed, to: Array(context.liveBrokers.values))
    }

    private func uncleanAllowed(_ topic: TopicName) async throws -> Bool {
        let overrides = try await store.topicConfig(topic)
        if let value = overrides["unclean.leader.election.enable"] { return value == "true" }
        return settings.uncleanLeaderElection()
    }

    /// Writes a partition's new state (conditional on the version we know), retrying once with fresh state
    /// if a leader changed the ISR concurrently.
    func writeState(_ partition: TopicPartition, _ state: LeaderAndISR, bumpEpoch: Bool) async throws {
        try await writeStates([StateWrite(partition: partition, state: state, bumpEpoch: bumpEpoch)])
    }

    // MARK: - ISR changes made by leaders

    func processIsrChangeNotifications() async throws {
        let notifications = try await store.isrChangeNotifications()
        guard !notifications.isEmpty else { return }
        var refreshed: [PartitionLeadership] = []
        let changed = Set(notifications.flatMap(\.partitions)).filter { context.assignments[$0.topic] != nil }
        for (partition, state) in try await readStates(Array(changed)) {
            context.states[partition] = state
            if let leadership = context.leadership(partition) { refreshed.append(leadership) }
        }
        sendUpdateMetadata(partitions: refreshed, to: Array(context.liveBrokers.values))
        try await store.deleteIsrChangeNotifications(notifications.map(\.name), fence: context.fence)
        // A reassigning partition whose target replicas all joined the ISR can finish.
        try await checkReassignmentCompletion(refreshed.map(\.partition))
    }

    // MARK: - Topic deletion

    func processTopicDeletions() async throws {
        let queued = Set(try await store.topicsQueuedForDeletion())
        context.topicsBeingDeleted = queued
        for topic in queued.sorted() {
            let partitions = context.partitions(of: topic)
            // As in Kafka, a topic being reassigned is ineligible for deletion until the move completes or is
            // cancelled (then `completeReassignment` comes back here): deleting under a move would leave
            // replicas it is still creating.
            if partitions.contains(where: { replicaSet($0)?.isReassigning ?? false }) {
                logger.info("topic deletion waits for its reassignment to finish", metadata: ["topic": "\(topic)"])
                continue
            }
            // Brokers drop the topic from metadata (leader -2), then the replicas delete their logs.
            let deleting = partitions.compactMap { partition -> PartitionLeadership? in
                guard var leadership = context.leadership(partition) else { return nil }
                leadership.leader = BrokerID(-2)
                return leadership
            }
            sendUpdateMetadata(partitions: deleting, to: Array(context.liveBrokers.values))
            var stops: [BrokerID: [StopReplicaPartition]] = [:]
            for partition in partitions {
                for replica in context.replicas(of: partition) where context.liveBrokers[replica] != nil {
                    stops[replica, default: []].append(
                        StopReplicaPartition(partition: partition, leaderEpoch: LeaderEpoch(-2), deletePartition: true))
                }
            }
            await sender.stopReplicas(stops, waitUpTo: .seconds(10))
            try await store.completeTopicDeletion(topic, fence: context.fence)
            for partition in partitions { context.states[partition] = nil }
            context.assignments[topic] = nil
            context.topicsBeingDeleted.remove(topic)
            logger.info("deleted topic", metadata: ["topic": "\(topic)"])
        }
    }

    // MARK: - Controlled shutdown

    /// Moves leadership off `broker` and removes it from ISRs; returns the partitions it still leads.
    func controlledShutdown(_ broker: BrokerID, brokerEpoch: Int64? = nil) async throws -> [TopicPartition] {
        guard let registered = context.liveBrokers[broker] else { throw ControllerError.unknownBroker(broker) }
        if let brokerEpoch, brokerEpoch != registered.epoch {
            throw ControllerError.staleBrokerEpoch(broker, requested: brokerEpoch, registered: registered.epoch)
        }
        context.shuttingDown.insert(broker)
        var stillLeading: [TopicPartition] = []
        var writes: [StateWrite] = []
        var stops: [StopReplicaPartition] = []
        let live = context.liveIDs
        for partition in context.allPartitions {
            guard let stored = context.states[partition], context.replicas(of: partition).contains(broker) else {
                continue
            }
            let state = stored.state
            if state.leader == broker {
                guard let result = LeaderElection.controlledShutdown(
                    assignment: context.replicas(of: partition), isr: state.isr,
                    live: context.eligibleLeaders(of: partition, among: live), shuttingDown: context.shuttingDown)
                else {
                    stillLeading.append(partition)
                    continue
                }
                writes.append(StateWrite(
                    partition: partition,
                    state: LeaderAndISR(leader: result.leader, leaderEpoch: state.leaderEpoch, isr: result.isr,
                                        controllerEpoch: context.fence.epoch),
                    bumpEpoch: true))
            } else if state.isr.contains(broker), state.isr.count > 1 {
                var next = state
                next.isr.removeAll { $0 == broker }
                writes.append(StateWrite(partition: partition, state: next, bumpEpoch: true))
                stops.append(StopReplicaPartition(partition: partition, leaderEpoch: state.leaderEpoch,
                                                  deletePartition: false))
            }
        }
        // Decided first, written as one concurrent batch, told to each broker in one request.
        try await writeStates(writes)
        let changed = writes.compactMap { context.leadership($0.partition) }
        announce(changed)
        if !stops.isEmpty { await sender.stopReplicas([broker: stops], waitUpTo: .zero) }
        logger.info("controlled shutdown", metadata: ["broker": "\(broker)", "moved": "\(changed.count)",
                                                      "still leading": "\(stillLeading.count)"])
        return stillLeading
    }

    // MARK: - Sending

    /// LeaderAndIsr to each partition's live replicas (or only to `only`).
    func sendLeaderAndIsr(_ partitions: [PartitionLeadership], only: Set<BrokerID>? = nil) {
        var perBroker: [BrokerID: [PartitionLeadership]] = [:]
        for leadership in partitions {
            for replica in leadership.replicas where context.liveBrokers[replica] != nil {
                if let only, !only.contains(replica) { continue }
                perBroker[replica, default: []].append(leadership)
            }
        }
        for (broker, states) in perBroker {
            let leaders = Set(states.map(\.leader)).compactMap { context.liveBrokers[$0] }
            sender.leaderAndIsr(to: broker, partitions: states, leaders: leaders)
        }
    }

    func sendUpdateMetadata(partitions: [PartitionLeadership], to brokers: [LiveBroker]) {
        let live = Array(context.liveBrokers.values).sorted { $0.id < $1.id }
        for broker in brokers {
            sender.updateMetadata(to: broker.id, liveBrokers: live, partitions: partitions)
        }
    }
}
