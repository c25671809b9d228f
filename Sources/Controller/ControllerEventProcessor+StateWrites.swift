import KafkaModel

/// Writing many partitions' state at once, as Kafka's controller does since 1.1: the decisions are all made
/// first, then their state znodes are written — a hundred per ZooKeeper transaction, several transactions in
/// flight — and only then are brokers told, one request per broker for the whole batch. One round trip per
/// partition would make a broker failure with thousands of partitions take seconds.
extension ControllerEventProcessor {
    /// How many single state writes may be in flight at once.
    static let maximumWritesInFlight = 256
    /// State znodes per transaction: a multi of this size stays far below ZooKeeper's 1 MB request limit, and a
    /// transaction that loses a race (a leader changed one ISR) is redone one write at a time.
    static let writesPerTransaction = 100
    /// Transactions in flight at once.
    static let maximumTransactionsInFlight = 8

    /// One decided change: the partition's next state, written over the version the context knows.
    struct StateWrite: Sendable {
        var partition: TopicPartition
        var state: LeaderAndISR
        var bumpEpoch: Bool
    }

    /// A decided change ready to write: the next state over the stored one it replaces.
    struct PlannedWrite: Sendable {
        var partition: TopicPartition
        var next: LeaderAndISR
        var stored: StoredPartitionState
        var bumpEpoch: Bool
    }

    /// What a state znode holds (after a write or a read); nil when there is none (never elected, or removed
    /// by a topic deletion).
    /// (A struct rather than a tuple: task groups returning tuples of these were miscompiled in release builds.)
    struct WrittenState: Sendable {
        var partition: TopicPartition
        var state: StoredPartitionState?
    }

    /// Writes every change (in transactions of `writesPerTransaction`, at most `maximumTransactionsInFlight`
    /// at a time) and records the results in the context. Each write is conditional on the version we know; a
    /// transaction that loses a race is redone one write at a time, each retried once over fresh state.
    /// `controllerMoved` (or any other failure) ends the batch and is rethrown, so the controller resigns.
    func writeStates(_ writes: [StateWrite]) async throws {
        guard !writes.isEmpty else { return }
        let store = self.store, fence = context.fence
        // Decisions are made against the context as it stands; the writes themselves need no context.
        let planned: [PlannedWrite] = writes.compactMap { write in
            guard let stored = context.states[write.partition] else { return nil }
            var next = write.state
            next.controllerEpoch = fence.epoch
            if write.bumpEpoch { next.leaderEpoch = stored.state.leaderEpoch.bumped }
            return PlannedWrite(partition: write.partition, next: next, stored: stored, bumpEpoch: write.bumpEpoch)
        }
        let transactions = stride(from: 0, to: planned.count, by: Self.writesPerTransaction).map {
            Array(planned[$0..<min($0 + Self.writesPerTransaction, planned.count)])
        }
        let results = try await withThrowingTaskGroup(of: [WrittenState].self) { group in
            var pending = transactions.makeIterator()
            func addNext() -> Bool {
                guard let transaction = pending.next() else { return false }
                group.addTask { try await Self.write(transaction, store: store, fence: fence) }
                return true
            }
            for _ in 0..<Self.maximumTransactionsInFlight where !addNext() { break }
            var results: [WrittenState] = []
            results.reserveCapacity(planned.count)
            while let written = try await group.next() {
                results.append(contentsOf: written)
                _ = addNext()
            }
            return results
        }
        let before = Dictionary(planned.map { ($0.partition, $0.stored.state) }, uniquingKeysWith: { first, _ in first })
        for written in results {
            guard let state = written.state else { continue }
            context.states[written.partition] = state
            // Kafka's state-change log: one line per partition whose leader or ISR the controller changed.
            if let old = before[written.partition], old.leader != state.state.leader || old.isr != state.state.isr {
                logger.info("partition leader and ISR changed", metadata: [
                    "partition": "\(written.partition)", "leader": "\(state.state.leader)",
                    "previousLeader": "\(old.leader)", "leaderEpoch": "\(state.state.leaderEpoch)",
                    "isr": "\(state.state.isr)", "controllerEpoch": "\(state.state.controllerEpoch)"])
            }
        }
    }

    /// One transaction, or its writes one by one when it lost a race.
    private static func write(_ transaction: [PlannedWrite], store: any ControllerStore, fence: ControllerFence)
        async throws -> [WrittenState]
    {
        if transaction.count > 1 {
            let writes = transaction.map {
                PartitionStateWrite(partition: $0.partition, state: $0.next, expectedVersion: $0.stored.version)
            }
            if let versions = try await store.updatePartitionStates(writes, fence: fence) {
                return zip(transaction, versions).map { planned, version in
                    WrittenState(partition: planned.partition,
                                 state: StoredPartitionState(state: planned.next, version: version))
                }
            }
        }
        return try await withThrowingTaskGroup(of: WrittenState.self) { group in
            for planned in transaction {
                group.addTask { try await write(planned, store: store, fence: fence) }
            }
            var results: [WrittenState] = []
            while let written = try await group.next() { results.append(written) }
            return results
        }
    }

    /// Creates the state znodes of partitions elected for the first time, concurrently like `writeStates`.
    func createStates(_ states: [TopicPartition: LeaderAndISR]) async throws {
        guard !states.isEmpty else { return }
        let store = self.store, fence = context.fence
        let results = try await withThrowingTaskGroup(of: WrittenState.self) { group in
            var pending = states.makeIterator()
            func addNext() -> Bool {
                guard let (partition, state) = pending.next() else { return false }
                group.addTask {
                    let version = try await store.createPartitionState(partition, state, fence: fence)
                    return WrittenState(partition: partition, state: StoredPartitionState(state: state, version: version))
                }
                return true
            }
            for _ in 0..<Self.maximumWritesInFlight where !addNext() { break }
            var results: [WrittenState] = []
            while let written = try await group.next() {
                results.append(written)
                _ = addNext()
            }
            return results
        }
        for written in results {
            if let state = written.state { context.states[written.partition] = state }
        }
    }

    /// One conditional write with its single retry.
    private static func write(_ planned: PlannedWrite, store: any ControllerStore, fence: ControllerFence)
        async throws -> WrittenState
    {
        let partition = planned.partition, next = planned.next
        do {
            let version = try await store.updatePartitionState(partition, next, expectedVersion: planned.stored.version,
                                                               fence: fence)
            return WrittenState(partition: partition, state: StoredPartitionState(state: next, version: version))
        } catch ControllerStoreError.versionConflict {
            // A leader shrank or expanded the ISR concurrently: keep only members both agree on.
            guard let fresh = try await store.partitionState(partition) else {
                return WrittenState(partition: partition, state: nil)
            }
            var retry = next
            retry.isr = next.isr.filter { fresh.state.isr.contains($0) || $0 == next.leader }
            retry.leaderEpoch = planned.bumpEpoch
                ? fresh.state.leaderEpoch.bumped : fresh.state.leaderEpoch
            let version = try await store.updatePartitionState(partition, retry, expectedVersion: fresh.version,
                                                               fence: fence)
            return WrittenState(partition: partition, state: StoredPartitionState(state: retry, version: version))
        }
    }
}

extension LeaderEpoch {
    /// The next epoch. The stored one comes from ZooKeeper and may be anything: at Int32.max it stays there
    /// (brokers then refuse the change as not newer) rather than trapping the controller.
    var bumped: LeaderEpoch {
        LeaderEpoch(rawValue == Int32.max ? Int32.max : rawValue + 1)
    }
}
