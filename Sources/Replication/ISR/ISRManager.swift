import KafkaModel
import Logging
import NIOConcurrencyHelpers

/// Keeps the ISR of the partitions this broker leads (Kafka's `Partition.maybeShrinkIsr` / `maybeExpandIsr`
/// with the ZooKeeper ISR path):
/// - every `replica.lag.time.max.ms / 2` it drops followers that lagged longer than `replica.lag.time.max.ms`;
/// - after a follower's fetch (`followerFetched`, called by the Fetch handler) it adds a follower that caught up.
///
/// Each change is written to the state znode through `PartitionStateWriter` and adopted by the partition only
/// once written. One change is in flight per partition; a version conflict means the controller changed the
/// partition, so that partition gets no further changes until a LeaderAndIsr gives it a new epoch or version.
public final class ISRManager: Sendable {
    private let replicas: ReplicaManager
    private let writer: any PartitionStateWriter
    private let controllerEpoch: @Sendable (TopicPartition) -> ControllerEpoch?
    private let lagTimeMaxMs: Int64
    private let nowMs: @Sendable () -> Int64
    private let logger: Logger
    /// Told of each ISR change this broker wrote (`shrank`: fewer replicas than before), for the metrics.
    private let onISRChanged: @Sendable (_ shrank: Bool) -> Void

    private struct Bookkeeping {
        /// Partitions with a write in flight.
        public var inFlight: Set<TopicPartition> = []
        /// Partitions whose write hit a version conflict, with the (epoch, version) it was based on.
        public var conflicted: [TopicPartition: (LeaderEpoch, Int32)] = [:]
    }

    private let bookkeeping = NIOLockedValueBox(Bookkeeping())
    private let shrinkTask = NIOLockedValueBox<Task<Void, Never>?>(nil)

    /// - Parameters:
    ///   - controllerEpoch: the controller epoch to write into the state znode for a partition — the one of
    ///     the LeaderAndIsr that made this broker leader; nil postpones the change.
    ///   - lagTimeMaxMs: `replica.lag.time.max.ms`.
    ///   - nowMs: wall clock in milliseconds (the same clock LeaderAndIsr gives partitions).
    public init(replicas: ReplicaManager, writer: any PartitionStateWriter,
         controllerEpoch: @escaping @Sendable (TopicPartition) -> ControllerEpoch?, lagTimeMaxMs: Int64,
         nowMs: @escaping @Sendable () -> Int64, logger: Logger,
         onISRChanged: @escaping @Sendable (_ shrank: Bool) -> Void = { _ in })
    {
        self.onISRChanged = onISRChanged
        self.replicas = replicas
        self.writer = writer
        self.controllerEpoch = controllerEpoch
        self.lagTimeMaxMs = lagTimeMaxMs
        self.nowMs = nowMs
        self.logger = logger
    }

    /// The closure for `FetchHandler.followerFetched`.
    public var fetchHook: @Sendable (BrokerID, Partition, Offset) -> Void {
        { [self] follower, partition, offset in followerFetched(follower, partition: partition, fetchOffset: offset) }
    }

    /// Records a follower's fetch position on a partition this broker leads and, when the follower caught up,
    /// starts adding it to the ISR (in the background; the fetch is not delayed).
    public func followerFetched(_ follower: BrokerID, partition: Partition, fetchOffset: Offset) {
        let joining = partition.recordFollowerFetch(follower, fetchOffset: fetchOffset, nowMs: nowMs())
        guard joining.contains(follower) else { return }
        let state = partition.replicaState
        guard let expanded = state.isrAfterExpansion(adding: follower,
                                                     currentEpochStartOffset: partition.currentEpochStartOffset),
            reserve(partition.topicPartition, basedOn: state)
        else { return }
        Task { await self.write(expanded, to: partition, basedOn: state, reason: "follower \(follower) caught up") }
    }

    /// Starts the periodic shrink check (every `replica.lag.time.max.ms / 2`).
    public func start() {
        let interval = Duration.milliseconds(max(1, lagTimeMaxMs / 2))
        let task = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                await shrinkLaggingISRs()
            }
        }
        shrinkTask.withLockedValue { $0?.cancel(); $0 = task }
    }

    public func shutdown() async {
        let task = shrinkTask.withLockedValue { task -> Task<Void, Never>? in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
    }

    /// One shrink round over every partition this broker leads; returns when the writes are done.
    public func shrinkLaggingISRs() async {
        let now = nowMs()
        var changed: [TopicPartition] = []
        for partition in replicas.hostedPartitions.values {
            let state = partition.replicaState
            guard state.isLeader,
                let shrunk = state.isrAfterShrink(localLogEndOffset: partition.log.logEndOffset, nowMs: now,
                                                  lagTimeMaxMs: lagTimeMaxMs),
                reserve(partition.topicPartition, basedOn: state)
            else { continue }
            let removed = state.isr.filter { !shrunk.contains($0) }
            if await write(shrunk, to: partition, basedOn: state, reason: "followers \(removed) lagged",
                           notify: false)
            {
                changed.append(partition.topicPartition)
            }
        }
        if !changed.isEmpty { await writer.notifyISRChanged(changed) }
    }

    /// Claims the partition's single in-flight slot; false when a write is in flight or the partition is
    /// waiting for the controller after a version conflict.
    private func reserve(_ tp: TopicPartition, basedOn state: ReplicaState) -> Bool {
        bookkeeping.withLockedValue { book in
            if let (epoch, version) = book.conflicted[tp] {
                guard epoch != state.leaderEpoch || version != state.zkVersion else { return false }
                book.conflicted[tp] = nil
            }
            return book.inFlight.insert(tp).inserted
        }
    }

    /// Writes `isr` and adopts it; releases the in-flight slot. Returns whether the partition took the change.
    @discardableResult
    private func write(_ isr: [BrokerID], to partition: Partition, basedOn state: ReplicaState, reason: String,
                       notify: Bool = true) async -> Bool
    {
        let tp = partition.topicPartition
        var conflict = false
        defer {
            bookkeeping.withLockedValue { book in
                book.inFlight.remove(tp)
                if conflict { book.conflicted[tp] = (state.leaderEpoch, state.zkVersion) }
            }
        }
        guard let controllerEpoch = controllerEpoch(tp) else {
            logger.debug("ISR change postponed: no controller epoch known yet", metadata: ["partition": "\(tp)"])
            return false
        }
        let outcome: ISRWriteOutcome
        do {
            outcome = try await writer.writeISR(tp, leader: state.localBroker, leaderEpoch: state.leaderEpoch,
                                                isr: isr, controllerEpoch: controllerEpoch,
                                                expectedZkVersion: state.zkVersion)
        } catch {
            logger.warning("cannot write ISR change", metadata: ["partition": "\(tp)", "error": "\(error)"])
            return false
        }
        switch outcome {
        case .versionConflict:
            conflict = true
            logger.info("ISR change refused: the controller changed the partition; waiting for LeaderAndIsr",
                        metadata: ["partition": "\(tp)", "zkVersion": "\(state.zkVersion)"])
            return false
        case .written(let newVersion):
            let adopted = partition.applyISRChange(isr, newZkVersion: newVersion, leaderEpoch: state.leaderEpoch,
                                                   expectedZkVersion: state.zkVersion)
            onISRChanged(isr.count < state.isr.count)
            logger.info("ISR changed", metadata: ["partition": "\(tp)", "from": "\(state.isr)", "to": "\(isr)",
                                                  "reason": "\(reason)", "adopted": "\(adopted)"])
            if notify { await writer.notifyISRChanged([tp]) }
            return true
        }
    }
}
