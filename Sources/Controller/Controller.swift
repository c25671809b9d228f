import KafkaModel
import Logging
import NIOConcurrencyHelpers

/// The cluster controller, active on the one broker that won the `/controller` election.
///
/// One task consumes events one at a time — store changes (brokers joining or leaving, topics created or
/// deleted, ISR changes) and requests from brokers (controlled shutdown) — so every decision sees a
/// consistent context, as in Kafka. Decisions are written to the store (fenced by the controller epoch) and
/// then sent to brokers: LeaderAndIsr to a partition's replicas, UpdateMetadata to every live broker,
/// StopReplica where replicas go away. A write that finds another controller elected ends this one.
public final class Controller: Sendable {
    public struct Settings: Sendable {
        /// `unclean.leader.election.enable`, the broker default (a topic may override it), read at each election:
        /// a dynamic broker config may change it while the controller runs.
        public var uncleanLeaderElection: @Sendable () -> Bool
        /// `auto.leader.rebalance.enable`: periodically move leaderships back to preferred replicas.
        public var autoLeaderRebalance: Bool
        /// `leader.imbalance.check.interval.seconds`, as a duration.
        public var leaderImbalanceCheckInterval: Duration
        /// `leader.imbalance.per.broker.percentage`: a broker leading fewer of its preferred partitions than
        /// this share below 100% gets them back.
        public var leaderImbalancePerBrokerPercentage: Int

        public init(uncleanLeaderElection: @escaping @Sendable () -> Bool = { false }, autoLeaderRebalance: Bool = false,
                    leaderImbalanceCheckInterval: Duration = .seconds(300),
                    leaderImbalancePerBrokerPercentage: Int = 10) {
            self.uncleanLeaderElection = uncleanLeaderElection
            self.autoLeaderRebalance = autoLeaderRebalance
            self.leaderImbalanceCheckInterval = leaderImbalanceCheckInterval
            self.leaderImbalancePerBrokerPercentage = leaderImbalancePerBrokerPercentage
        }
    }

    enum Event: Sendable {
        case store(ControllerStoreChange)
        case controlledShutdown(BrokerID, brokerEpoch: Int64?, reply: @Sendable (Result<[TopicPartition], any Error>) -> Void)
        case electLeaders(ElectionType, Set<TopicPartition>?,
                          reply: @Sendable (Result<[TopicPartition: ElectionOutcome], any Error>) -> Void)
        case checkLeaderImbalance
        case alterReassignments([TopicPartition: [BrokerID]?],
                                reply: @Sendable (Result<[TopicPartition: ReassignmentError], any Error>) -> Void)
        case listReassignments([TopicPartition]?,
                               reply: @Sendable (Result<[TopicPartition: ReplicaSet], any Error>) -> Void)
        case drainRequests(within: Duration, reply: @Sendable () -> Void)
        /// A broker answered a LeaderAndIsr (errors per partition).
        case leaderAndIsrAnswered(LeaderAndIsrAnswer)
    }

    public let brokerID: BrokerID
    private let store: any ControllerStore
    private let channel: any ControllerChannel
    private let settings: Settings
    private let logger: Logger
    private let running = NIOLockedValueBox<(task: Task<Void, Never>, events: AsyncStream<Event>.Continuation)?>(nil)
    /// Completes when the controller stops by itself (it found another controller elected).
    private let onResign: @Sendable () -> Void

    public init(brokerID: BrokerID, store: any ControllerStore, channel: any ControllerChannel,
                settings: Settings = Settings(), logger: Logger, onResign: @escaping @Sendable () -> Void = {}) {
        self.brokerID = brokerID
        self.store = store
        self.channel = channel
        self.settings = settings
        self.logger = logger
        self.onResign = onResign
    }

    public var isActive: Bool { running.withLockedValue { $0 != nil } }

    /// The epoch and partition counts as of the last event handled while active (see `ControllerStats`).
    public var stats: ControllerStats { published.withLockedValue { $0 } }
    private let published = NIOLockedValueBox(ControllerStats())

    /// Starts acting as controller with `fence` (the epoch this broker just won): loads the cluster from the
    /// store and resumes.
    public func activate(fence: ControllerFence) {
        let (events, continuation) = AsyncStream<Event>.makeStream()
        let makeProcessor = { [brokerID, store, channel, settings, logger] in
            ControllerEventProcessor(brokerID: brokerID, fence: fence, store: store, channel: channel,
                                     settings: settings, logger: logger,
                                     onLeaderAndIsrAnswer: { continuation.yield(.leaderAndIsrAnswered($0)) })
        }
        published.withLockedValue { $0 = ControllerStats(); $0.epoch = fence.epoch.rawValue }
        let store = self.store
        let task = Task { [onResign, logger, published] in
            // Store changes feed the same queue as broker requests.
            let forwarder = Task {
                for await change in store.changes() { continuation.yield(.store(change)) }
            }
            defer { forwarder.cancel() }
            // The imbalance check is an event like any other, so it sees a consistent context.
            let rebalancer = Task { [settings] in
                guard settings.autoLeaderRebalance else { return }
                while !Task.isCancelled {
                    try? await Task.sleep(for: settings.leaderImbalanceCheckInterval)
                    if case .terminated = continuation.yield(.checkLeaderImbalance) { return }
                }
            }
            defer { rebalancer.cancel() }
            var pending = events.makeAsyncIterator()
            var processor = makeProcessor()
            var backoff = Duration.milliseconds(500)
            while !Task.isCancelled {
                do {
                    try await processor.failover()
                    published.withLockedValue { $0 = ControllerStats(processor.context) }
                    backoff = .milliseconds(500)
                    while let event = await pending.next() {
                        if Task.isCancelled { break }
                        try await processor.process(event)
                        published.withLockedValue { $0 = ControllerStats(processor.context) }
                    }
                    break
                } catch ControllerStoreError.controllerMoved {
                    logger.warning("another controller was elected; resigning", metadata: ["epoch": "\(fence.epoch)"])
                    onResign()
                    break
                } catch is CancellationError {
                    break
                } catch {
                    // Only ZooKeeper ends a controller: a write fenced by a newer epoch (above) or the session's
                    // expiry (which cancels this task). Anything else — a connection loss, a failed write — is
                    // survived by loading the cluster again from the store and carrying on: at once when the
                    // store was unreachable and is back (the controller pauses meanwhile, neither resigning nor
                    // retrying), after a growing backoff otherwise.
                    processor.sender.shutdown()
                    logger.warning("controller step failed", metadata: ["error": "\(error)"])
                    let paused = ContinuousClock.now
                    let reconnected = await store.waitUntilReachable()
                    if Task.isCancelled { break }
                    if reconnected {
                        logger.info("store reachable again; reloading the cluster", metadata: [
                            "paused": "\(ContinuousClock.now - paused)"])
                        backoff = .milliseconds(500)
                    } else {
                        logger.error("reloading the cluster from the store after a pause", metadata: [
                            "retry in": "\(backoff)"])
                        try? await Task.sleep(for: backoff)
                        backoff = min(backoff * 2, .seconds(10))
                    }
                    processor = makeProcessor()
                }
            }
            processor.sender.shutdown()
        }
        let previous = running.withLockedValue { running -> (task: Task<Void, Never>, events: AsyncStream<Event>.Continuation)? in
            defer { running = (task, continuation) }
            return running
        }
        previous?.events.finish()
        previous?.task.cancel()
    }

    /// Stops acting as controller at once (lost the session, or another controller was elected).
    public func resign() async {
        let current = running.withLockedValue { running in
            defer { running = nil }
            return running
        }
        guard let current else { return }
        current.events.finish()
        current.task.cancel()
        await current.task.value
    }

    /// Waits (at most `limit`) until the requests decided so far have been answered by their brokers. A
    /// controller shutting down its own broker calls it between its controlled shutdown and resigning, so the new
    /// leaders hear of their leadership from it rather than a second later from the next controller.
    public func drainRequests(within limit: Duration) async {
        guard let events = running.withLockedValue({ $0?.events }) else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let result = events.yield(.drainRequests(within: limit, reply: { continuation.resume() }))
            if case .terminated = result { continuation.resume() }
        }
    }

    /// Handles a broker's ControlledShutdown: moves away the leaderships it holds and takes it out of ISRs.
    /// - Parameter brokerEpoch: the registration epoch the request names (KIP-380); nil for requests older than
    ///   v2, which carry none.
    /// - Returns: the partitions it still leads (no other in-sync replica could take over).
    /// - Throws: `ControllerError.unknownBroker` or `.staleBrokerEpoch` for a request about a broker that is not
    ///   registered, or not with that epoch — answered as errors; the controller carries on.
    public func controlledShutdown(of broker: BrokerID, brokerEpoch: Int64? = nil) async throws -> [TopicPartition] {
        guard let events = running.withLockedValue({ $0?.events }) else { throw ControllerError.notController }
        return try await withCheckedThrowingContinuation { continuation in
            let result = events.yield(.controlledShutdown(broker, brokerEpoch: brokerEpoch,
                                                          reply: { continuation.resume(with: $0) }))
            if case .terminated = result { continuation.resume(throwing: ControllerError.notController) }
        }
    }

    /// AlterPartitionReassignments: starts reassignments (a target replica list) or cancels them (nil).
    /// Returns once each has been started (steps U and A of KIP-455), not when it completes.
    /// - Returns: the partitions refused, and why; all others were accepted.
    /// - Throws: `ControllerError.notController` when this broker is not (or stops being) the controller.
    public func alterPartitionReassignments(_ requests: [TopicPartition: [BrokerID]?]) async throws
        -> [TopicPartition: ReassignmentError]
    {
        guard let events = running.withLockedValue({ $0?.events }) else { throw ControllerError.notController }
        return try await withCheckedThrowingContinuation { continuation in
            let result = events.yield(.alterReassignments(requests, reply: { continuation.resume(with: $0) }))
            if case .terminated = result { continuation.resume(throwing: ControllerError.notController) }
        }
    }

    /// ListPartitionReassignments: the partitions being reassigned among `partitions` (nil: all).
    /// - Throws: `ControllerError.notController` when this broker is not the controller.
    public func partitionReassignments(_ partitions: [TopicPartition]? = nil) async throws
        -> [TopicPartition: ReplicaSet]
    {
        guard let events = running.withLockedValue({ $0?.events }) else { throw ControllerError.notController }
        return try await withCheckedThrowingContinuation { continuation in
            let result = events.yield(.listReassignments(partitions, reply: { continuation.resume(with: $0) }))
            if case .terminated = result { continuation.resume(throwing: ControllerError.notController) }
        }
    }
}

extension Controller {
    /// Handles ElectLeaders: runs a `type` election for `partitions` (nil = every partition).
    /// - Returns: what happened to each partition.
    public func electLeaders(_ type: ElectionType, partitions: Set<TopicPartition>?) async throws
        -> [TopicPartition: ElectionOutcome]
    {
        guard let events = running.withLockedValue({ $0?.events }) else { throw ControllerError.notController }
        return try await withCheckedThrowingContinuation { continuation in
            let result = events.yield(.electLeaders(type, partitions, reply: { continuation.resume(with: $0) }))
            if case .terminated = result { continuation.resume(throwing: ControllerError.notController) }
        }
    }
}

public enum ControllerError: Error, Sendable, Hashable, CustomStringConvertible {
    case notController
    case unknownBroker(BrokerID)
    case staleBrokerEpoch(BrokerID, requested: Int64, registered: Int64)

    public var description: String {
        switch self {
        case .notController: "this broker is not the controller"
        case .unknownBroker(let id): "broker \(id) is not registered"
        case .staleBrokerEpoch(let id, let requested, let registered):
            "broker \(id) is registered with epoch \(registered), not \(requested)"
        }
    }
}
