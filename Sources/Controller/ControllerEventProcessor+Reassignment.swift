import KafkaModel

// Partition reassignment (KIP-455, Kafka's `KafkaController.onPartitionReassignment`).
//
// Steps, for one partition moving from ORS to TRS (RS = distinct(TRS ++ ORS), AR = RS − ORS, RR = RS − TRS):
//  U  write RS with its adding/removing replicas into the topic znode and memory; replicas a replaced
//     reassignment no longer needs are stopped and deleted.
//  A  (TRS ⊄ ISR) bump the leader epoch, LeaderAndIsr to ORS and to AR (IsNew: the new replicas start
//     fetching); then wait — ISR changes, brokers starting and failover bring the partition back here.
//  B  (TRS ⊆ ISR) move leadership into TRS if needed (else just bump the epoch), remove RR from the ISR and
//     stop them (StopReplica delete=false, then delete=true), write TRS alone into the topic znode, drop the
//     partition from `/admin/reassign_partitions`, UpdateMetadata to every broker.
// The topic znode holds TRS alone only after B, so a controller dying anywhere earlier leaves enough in
// ZooKeeper (adding/removing replicas) for the next one to finish the job.

extension ControllerEventProcessor {
    // MARK: - Entry points

    /// AlterPartitionReassignments: starts, replaces or (nil target) cancels reassignments.
    /// - Returns: the refused partitions and why; every other partition was started or cancelled.
    func alterReassignments(_ requests: [TopicPartition: [BrokerID]?]) async throws
        -> [TopicPartition: ReassignmentError]
    {
        var refused: [TopicPartition: ReassignmentError] = [:]
        var accepted: [(TopicPartition, ReplicaSet)] = []
        for (partition, target) in requests.sorted(by: { $0.key < $1.key }) {
            switch validatedReassignment(partition, to: target) {
            case .success(let next): accepted.append((partition, next))
            case .failure(let error): refused[partition] = error
            }
        }
        for (partition, next) in accepted { try await reassign(partition, to: next) }
        // The latest request wins: an API request replaces the same partition's entry in the legacy znode.
        if let pending = try await store.reassignmentRequest() {
            let remaining = pending.filter { requests[$0.key] == nil }
            if remaining.count != pending.count {
                try await store.updateReassignmentRequest(remaining, fence: context.fence)
            }
        }
        return refused
    }

    /// ListPartitionReassignments: the partitions that are moving (nil `partitions`: all of them).
    func ongoingReassignments(_ partitions: [TopicPartition]?) -> [TopicPartition: ReplicaSet] {
        var result: [TopicPartition: ReplicaSet] = [:]
        for partition in partitions ?? context.allPartitions {
            if let set = replicaSet(partition), set.isReassigning { result[partition] = set }
        }
        return result
    }

    /// `/admin/reassign_partitions` was created or changed: carries out what it asks. Requests that are
    /// invalid are dropped from the znode (as Kafka does); those already moving to the same target are left
    /// alone; the rest start.
    /// - Returns: the partitions it started (or restarted towards a new target).
    @discardableResult
    func processReassignmentRequest() async throws -> Set<TopicPartition> {
        guard let pending = try await store.reassignmentRequest() else { return [] }
        guard !pending.isEmpty else {
            // Nothing (or nothing readable) requested: remove the znode so the next plan can be written.
            try await store.updateReassignmentRequest([:], fence: context.fence)
            return []
        }
        var invalid: Set<TopicPartition> = []
        var started: Set<TopicPartition> = []
        for (partition, target) in pending.sorted(by: { $0.key < $1.key }) {
            if let current = replicaSet(partition), current.isReassigning, current.target == target { continue }
            switch validatedReassignment(partition, to: target) {
            case .failure(let error):
                logger.warning("refused reassignment from /admin/reassign_partitions", metadata: [
                    "partition": "\(partition)", "error": "\(error)",
                ])
                invalid.insert(partition)
            case .success(let next):
                // One that completes at once (already in sync) is removed from the znode by step B.
                try await reassign(partition, to: next)
                started.insert(partition)
            }
        }
        // Step B may have rewritten the znode meanwhile: drop the refused entries from a fresh read.
        if !invalid.isEmpty, let current = try await store.reassignmentRequest() {
            try await store.updateReassignmentRequest(current.filter { !invalid.contains($0.key) },
                                                      fence: context.fence)
        }
        return started
    }

    /// Failover: resumes the legacy znode's requests first, then every partition whose topic znode still
    /// records adding/removing replicas. A partition the znode just started is not driven twice (a second A1
    /// would bump its epoch again and could overwrite an ISR its leader expanded meanwhile).
    func resumeReassignments() async throws {
        let started = try await processReassignmentRequest()
        for partition in context.allPartitions where !started.contains(partition) {
            guard let set = replicaSet(partition), set.isReassigning else { continue }
            logger.info("resuming reassignment", metadata: ["partition": "\(partition)", "state": "\(set)"])
            try await reassign(partition, to: set)
        }
    }

    /// Checks whether moving partitions among `partitions` (all when nil) now have their targets in sync, and
    /// finishes those that do (ISR changes, brokers coming or going).
    func checkReassignmentCompletion(_ partitions: [TopicPartition]? = nil) async throws {
        for partition in partitions ?? context.allPartitions {
            guard let set = replicaSet(partition), set.isReassigning else { continue }
            if try await targetInSync(partition, set) { try await completeReassignment(partition, set) }
        }
    }

    /// Brokers started: reassignments whose new replicas live there are driven again (their LeaderAndIsr is
    /// resent, so a replica that was down starts fetching).
    func resumeReassignments(onBrokers joined: Set<BrokerID>) async throws {
        for partition in context.allPartitions {
            guard let set = replicaSet(partition), set.isReassigning,
                  set.target.contains(where: joined.contains) else { continue }
            try await reassign(partition, to: set)
        }
    }

    // MARK: - Validation

    /// Kafka's checks (`KafkaController.validateReassignment`), and the replica set the request leads to.
    func validatedReassignment(_ partition: TopicPartition, to target: [BrokerID]?)
        -> Result<ReplicaSet, ReassignmentError>
    {
        guard let current = replicaSet(partition) else {
            return .failure(.unknownTopicOrPartition("Unable to find partition \(partition)"))
        }
        guard let target else {
            guard current.isReassigning else {
                return .failure(.noReassignmentInProgress("No reassignment in progress for partition \(partition)"))
            }
            // Allowed for a topic queued for deletion too: cancelling is how an operator lets a deletion that
            // waits for a stuck move go ahead.
            return .success(current.reverted)
        }
        guard !context.topicsBeingDeleted.contains(partition.topic) else {
            return .failure(.unknownTopicOrPartition("Unable to find partition \(partition)"))
        }
        if target.isEmpty {
            return .failure(.invalidReplicaAssignment("Empty replica list specified in partition reassignment."))
        }
        if Set(target).count != target.count {
            return .failure(.invalidReplicaAssignment(
                "Duplicate replica ids in partition reassignment replica list: \(target.map(\.description))"))
        }
        if target.contains(where: { $0.rawValue < 0 }) {
            return .failure(.invalidReplicaAssignment(
                "Invalid broker id in replica list: \(target.map(\.description))"))
        }
        let next = current.reassigned(to: target)
        let dead = next.adding.filter { context.liveBrokers[$0] == nil }
        if !dead.isEmpty {
            return .failure(.invalidReplicaAssignment(
                "Replica assignment has brokers that are not alive. Replica list: \(target.map(\.description)), "
                    + "live broker list: \(context.liveIDs.sorted().map(\.description))"))
        }
        return .success(next)
    }

    // MARK: - The algorithm

    /// Steps U, then A or B, for one partition (`next` from `validatedReassignment`, or the recorded set).
    func reassign(_ partition: TopicPartition, to next: ReplicaSet) async throws {
        guard let current = replicaSet(partition) else { return }
        logger.info("reassigning partition", metadata: ["partition": "\(partition)", "to": "\(next)"])
        // U1, U2: record the moving set (unchanged on a resume, so nothing is written).
        if current != next {
            try await writeReplicaSet(partition, next)
            // U3: a replaced reassignment's replicas that are no longer wanted go away.
            let unneeded = current.replicas.filter { !next.replicas.contains($0) }
            if !unneeded.isEmpty { try await stopAndDeleteReplicas(partition, unneeded) }
        }
        // Nothing to add or remove (a cancel, a reordering): the recorded set is final already.
        let inSync = try await targetInSync(partition, next)
        if !next.isReassigning || inSync {
            try await completeReassignment(partition, next)
        } else {
            try await startNewReplicas(partition, next)
        }
    }

    /// True when every target replica is live and in the ISR, as the state znode says (re-read: leaders change
    /// it). Liveness is checked too because an ISR can still name a broker that just died (its leader drops it
    /// only after the lag time): the old replicas must not go while a new one is down.
    private func targetInSync(_ partition: TopicPartition, _ set: ReplicaSet) async throws -> Bool {
        if let fresh = try await store.partitionState(partition) { context.states[partition] = fresh }
        guard let isr = context.states[partition]?.state.isr else { return false }
        return set.target.allSatisfy { isr.contains($0) && context.liveBrokers[$0] != nil }
    }

    /// A1, A2: a new leader epoch, LeaderAndIsr to the original replicas and (IsNew) the adding ones.
    private func startNewReplicas(_ partition: TopicPartition, _ set: ReplicaSet) async throws {
        guard let stored = context.states[partition] else { return }
        try await writeState(partition, stored.state, bumpEpoch: true)
        guard let leadership = context.leadership(partition) else { return }
        var fresh = leadership
        fresh.isNew = true
        sendLeaderAndIsr([leadership], only: Set(set.original))
        sendLeaderAndIsr([fresh], only: Set(set.adding))
        sendUpdateMetadata(partitions: [leadership], to: Array(context.liveBrokers.values))
    }

    /// B1–B8: the target is in sync; leadership moves into it, the removed replicas go, TRS is written.
    private func completeReassignment(_ partition: TopicPartition, _ set: ReplicaSet) async throws {
        guard let stored = context.states[partition] else { return }
        let target = set.target
        // B3: the leader must be a target replica (first live in-sync one of TRS), else only a new epoch.
        let leader = stored.state.leader
        if !target.contains(leader) || !context.isReplicaOnline(leader, partition) {
            let live = context.eligibleLeaders(of: partition, among: context.liveIDs.subtracting(context.shuttingDown))
            guard let elected = LeaderElection.reassignment(target: target, isr: stored.state.isr, live: live)
            else {
                logger.warning("no target replica can lead yet; reassignment waits",
                               metadata: ["partition": "\(partition)", "target": "\(target)"])
                return
            }
            var next = stored.state
            next.leader = elected.leader
            try await writeState(partition, next, bumpEpoch: true)
        } else {
            try await writeState(partition, stored.state, bumpEpoch: true)
        }
        if let leadership = context.leadership(partition) {
            sendLeaderAndIsr([leadership])
            sendUpdateMetadata(partitions: [leadership], to: Array(context.liveBrokers.values))
        }
        // B2 (kept until the leader moved, so the removed replicas heard of the new leader): memory RS = TRS.
        setReplicaSetInMemory(partition, ReplicaSet(replicas: target))
        // B4, B5: the removed replicas leave the ISR, stop, and delete their logs.
        if !set.removing.isEmpty { try await stopAndDeleteReplicas(partition, set.removing) }
        // B6: the final assignment.
        try await writeReplicaSet(partition, ReplicaSet(replicas: target))
        // B7: done as far as the legacy znode is concerned.
        if var pending = try await store.reassignmentRequest(), pending[partition] != nil {
            pending[partition] = nil
            try await store.updateReassignmentRequest(pending, fence: context.fence)
        }
        // B8
        if let leadership = context.leadership(partition) {
            sendUpdateMetadata(partitions: [leadership], to: Array(context.liveBrokers.values))
        }
        logger.info("reassignment complete", metadata: ["partition": "\(partition)", "replicas": "\(target)"])
        // A deletion queued during the move was held back; the last partition to finish releases it.
        if context.topicsBeingDeleted.contains(partition.topic),
           !context.partitions(of: partition.topic).contains(where: { replicaSet($0)?.isReassigning ?? false })
        {
            try await processTopicDeletions()
        }
    }

    /// Kafka's OfflineReplica then deletion transitions for `removed`: out of the ISR (never its last member;
    /// no leader if the leader is among them), LeaderAndIsr to the remaining replicas, then StopReplica
    /// delete=false and delete=true to the removed ones.
    private func stopAndDeleteReplicas(_ partition: TopicPartition, _ removed: [BrokerID]) async throws {
        if let stored = context.states[partition] {
            var next = stored.state
            let remaining = next.isr.filter { !removed.contains($0) }
            next.isr = remaining.isEmpty ? Array(next.isr.prefix(1)) : remaining
            if removed.contains(next.leader) { next.leader = .none }
            if next != stored.state {
                try await writeState(partition, next, bumpEpoch: true)
                if let leadership = context.leadership(partition) {
                    sendLeaderAndIsr([leadership], only: Set(leadership.replicas).subtracting(removed))
                    sendUpdateMetadata(partitions: [leadership], to: Array(context.liveBrokers.values))
                }
            }
        }
        let epoch = context.states[partition]?.state.leaderEpoch ?? LeaderEpoch(-1)
        let live = removed.filter { context.liveBrokers[$0] != nil }
        let stop = Dictionary(uniqueKeysWithValues: live.map {
            ($0, [StopReplicaPartition(partition: partition, leaderEpoch: epoch, deletePartition: false)])
        })
        let delete = Dictionary(uniqueKeysWithValues: live.map {
            ($0, [StopReplicaPartition(partition: partition, leaderEpoch: epoch, deletePartition: true)])
        })
        // Each broker's queue keeps the order: stop first, then delete.
        await sender.stopReplicas(stop, waitUpTo: .zero)
        await sender.stopReplicas(delete, waitUpTo: .zero)
        let dead = removed.filter { context.liveBrokers[$0] == nil }
        if !dead.isEmpty {
            logger.warning("removed replicas on dead brokers keep their logs until deleted by hand",
                           metadata: ["partition": "\(partition)", "brokers": "\(dead)"])
        }
    }

    // MARK: - Replica sets in memory and in the topic znode

    func replicaSet(_ partition: TopicPartition) -> ReplicaSet? {
        guard let assignment = context.assignments[partition.topic],
              let replicas = assignment.partitions[partition.partition] else { return nil }
        return ReplicaSet(replicas: replicas, adding: assignment.addingReplicas[partition.partition] ?? [],
                          removing: assignment.removingReplicas[partition.partition] ?? [])
    }

    private func setReplicaSetInMemory(_ partition: TopicPartition, _ set: ReplicaSet) {
        guard var assignment = context.assignments[partition.topic] else { return }
        assignment.partitions[partition.partition] = set.replicas
        assignment.addingReplicas[partition.partition] = set.adding.isEmpty ? nil : set.adding
        assignment.removingReplicas[partition.partition] = set.removing.isEmpty ? nil : set.removing
        context.assignments[partition.topic] = assignment
    }

    /// Writes the topic znode with `set` for `partition` (the other partitions as memory has them), then memory.
    private func writeReplicaSet(_ partition: TopicPartition, _ set: ReplicaSet) async throws {
        guard var assignment = context.assignments[partition.topic] else { return }
        assignment.partitions[partition.partition] = set.replicas
        assignment.addingReplicas[partition.partition] = set.adding.isEmpty ? nil : set.adding
        assignment.removingReplicas[partition.partition] = set.removing.isEmpty ? nil : set.removing
        try await store.updateTopicAssignment(partition.topic, assignment, fence: context.fence)
        context.assignments[partition.topic] = assignment
    }
}
