import KafkaModel

/// Writing many partitions' state at once, as Kafka's controller does since 1.1: the decisions are all made
/// first, then their state znodes are written with many requests in flight (the store pipelines them on one
/// session), and only then are brokers told — one request per broker for the whole batch. One round trip per
/// partition would make a broker failure with thousands of partitions take seconds.
extension ControllerEventProcessor {
    /// How many state writes may be in flight at once.
    static let maximumWritesInFlight = 256

    /// One decided change: the partition's next state, written over the version the context knows.
    struct StateWrite: Sendable {
        var partition: TopicPartition
        var state: LeaderAndISR
        var bumpEpoch: Bool
    }

    /// Writes every change concurrently (at most `maximumWritesInFlight` at a time) and records the results in
    /// the context. Each write is conditional on the version we know and retried once over fresh state when a
    /// leader changed the ISR meanwhile; `controllerMoved` (or any other failure) ends the batch and is
    /// rethrown, so the controller resigns.
    func writeStates(_ writes: [StateWrite]) async throws {
        guard !writes.isEmpty else { return }
        let store = self.store, fence = context.fence
        // Decisions are made against the context as it stands; the writes themselves need no context.
        let planned: [(TopicPartition, LeaderAndISR, StoredPartitionState, Bool)] = writes.compactMap { write in
            guard let stored = context.states[write.partition] else { return nil }
            var next = write.state
            next.controllerEpoch = fence.epoch
            if write.bumpEpoch { next.leaderEpoch = LeaderEpoch(stored.state.leaderEpoch.rawValue + 1) }
            return (write.partition, next, stored, write.bumpEpoch)
        }
        let results = try await withThrowingTaskGroup(of: (TopicPartition, StoredPartitionState?).self) { group in
            var pending = planned.makeIterator()
            func addNext() -> Bool {
                guard let (partition, next, stored, bump) = pending.next() else { return false }
                group.addTask {
                    (partition, try await Self.write(partition, next, over: stored, bumpEpoch: bump, store: store,
                                                     fence: fence))
                }
                return true
            }
            for _ in 0..<Self.maximumWritesInFlight where !addNext() { break }
            var results: [(TopicPartition, StoredPartitionState?)] = []
            results.reserveCapacity(planned.count)
            while let result = try await group.next() {
                results.append(result)
                _ = addNext()
            }
            return results
        }
        for (partition, written) in results {
            if let written { context.states[partition] = written }
        }
    }

    /// Creates the state znodes of partitions elected for the first time, concurrently like `writeStates`.
    func createStates(_ states: [TopicPartition: LeaderAndISR]) async throws {
        guard !states.isEmpty else { return }
        let store = self.store, fence = context.fence
        let results = try await withThrowingTaskGroup(of: (TopicPartition, StoredPartitionState).self) { group in
            var pending = states.makeIterator()
            func addNext() -> Bool {
                guard let (partition, state) = pending.next() else { return false }
                group.addTask {
                    let version = try await store.createPartitionState(partition, state, fence: fence)
                    return (partition, StoredPartitionState(state: state, version: version))
                }
                return true
            }
            for _ in 0..<Self.maximumWritesInFlight where !addNext() { break }
            var results: [(TopicPartition, StoredPartitionState)] = []
            while let result = try await group.next() {
                results.append(result)
                _ = addNext()
            }
            return results
        }
        for (partition, stored) in results { context.states[partition] = stored }
    }

    /// One conditional write with its single retry.
    /// - Returns: what the znode now holds, or nil when it vanished (the topic is being deleted).
    private static func write(_ partition: TopicPartition, _ next: LeaderAndISR, over stored: StoredPartitionState,
                              bumpEpoch: Bool, store: any ControllerStore, fence: ControllerFence) async throws
        -> StoredPartitionState?
    {
        do {
            let version = try await store.updatePartitionState(partition, next, expectedVersion: stored.version,
                                                               fence: fence)
            return StoredPartitionState(state: next, version: version)
        } catch ControllerStoreError.versionConflict {
            // A leader shrank or expanded the ISR concurrently: keep only members both agree on.
            guard let fresh = try await store.partitionState(partition) else { return nil }
            var retry = next
            retry.isr = next.isr.filter { fresh.state.isr.contains($0) || $0 == next.leader }
            retry.leaderEpoch = bumpEpoch ? LeaderEpoch(fresh.state.leaderEpoch.rawValue + 1) : fresh.state.leaderEpoch
            let version = try await store.updatePartitionState(partition, retry, expectedVersion: fresh.version,
                                                               fence: fence)
            return StoredPartitionState(state: retry, version: version)
        }
    }
}
