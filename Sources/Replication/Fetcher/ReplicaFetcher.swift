import KafkaClient
import KafkaModel
import KafkaProtocol
import Logging
import NIOConcurrencyHelpers

/// Replicates every partition this broker follows from one leader, over one connection (Kafka's
/// `ReplicaFetcherThread`). Each partition first reconciles its log with the leader's (OffsetForLeaderEpoch,
/// see `FollowerTruncation`), then joins the fetch loop: Fetch v12 as replica `localBroker` from each
/// partition's log end offset, append what comes back, take the leader's high watermark.
///
/// Partitions come and go while the loop runs. A partition's appends and truncations happen only while it is
/// assigned here and, checked again by the partition under its write lock, still follows at the leader epoch
/// the data was fetched for: a LeaderAndIsr changes the epoch (or StopReplica the role) under that same lock
/// before it reassigns fetchers, so nothing stale is written after it.
public final class ReplicaFetcher: Sendable {
    public typealias Connect = @Sendable (_ host: String, _ port: Int) async throws -> any LeaderConnection
    public typealias ResolveEndpoint = @Sendable (BrokerID) -> (host: String, port: Int)?

    /// The broker this fetcher replicates from.
    public let leader: BrokerID
    public let settings: ReplicaFetcherSettings
    /// Limits the catch-up traffic of throttled partitions (nil: nothing is throttled).
    public let throttle: ReplicationThrottle?
    private let resolveEndpoint: ResolveEndpoint
    private let connect: Connect
    public let logger: Logger

    /// One followed partition. `phase` says what the loop does next with it; `retryAt` parks it after an error.
    public struct Followed: Sendable {
        public enum Phase: Sendable { case truncating, fetching }
        public let partition: Partition
        public let leaderEpoch: LeaderEpoch
        public var phase: Phase = .truncating
        public var retryAt: ContinuousClock.Instant?
    }

    /// What one loop round works on, copied out of the lock.
    public struct Work: Sendable {
        public let topicPartition: TopicPartition
        public let partition: Partition
        public let leaderEpoch: LeaderEpoch
    }

    /// The assignment. Never held across a log write (see the type's doc).
    public let followed = NIOLockedValueBox<[TopicPartition: Followed]>([:])
    private let connection = NIOLockedValueBox<(any LeaderConnection)?>(nil)
    private let loop = NIOLockedValueBox<Task<Void, Never>?>(nil)

    /// How long an idle loop sleeps before looking for work again.
    private static let idlePoll = Duration.milliseconds(50)

    public init(leader: BrokerID, settings: ReplicaFetcherSettings, resolveEndpoint: @escaping ResolveEndpoint,
         connect: @escaping Connect, throttle: ReplicationThrottle? = nil, logger: Logger)
    {
        self.leader = leader
        self.settings = settings
        self.throttle = throttle
        self.resolveEndpoint = resolveEndpoint
        self.connect = connect
        var logger = logger
        logger[metadataKey: "leader"] = "\(leader)"
        self.logger = logger
    }

    // MARK: - Assignment

    /// Starts following `partition` at `leaderEpoch`, beginning with truncation. Replaces an older assignment.
    public func add(_ partition: Partition, leaderEpoch: LeaderEpoch) {
        followed.withLockedValue {
            $0[partition.topicPartition] = Followed(partition: partition, leaderEpoch: leaderEpoch)
        }
    }

    /// Stops following `partitions`.
    public func remove(_ partitions: some Sequence<TopicPartition>) {
        followed.withLockedValue { followed in
            for tp in partitions { followed[tp] = nil }
        }
    }

    public var isEmpty: Bool { followed.withLockedValue { $0.isEmpty } }

    /// Whether the partition is still assigned here at `work`'s epoch.
    public func isAssigned(_ work: Work) -> Bool {
        followed.withLockedValue { $0[work.topicPartition]?.leaderEpoch == work.leaderEpoch }
    }

    /// Runs `body` on the partition's assignment under the lock, only if it is still assigned at `work`'s epoch.
    @discardableResult
    public func withCurrent<Result>(_ work: Work, _ body: (inout Followed) -> Result) -> Result? {
        followed.withLockedValue { followed -> Result? in
            guard var entry = followed[work.topicPartition], entry.leaderEpoch == work.leaderEpoch else { return nil }
            let result = body(&entry)
            followed[work.topicPartition] = entry
            return result
        }
    }

    /// Parks a partition for `replica.fetch.backoff.ms` after an error.
    public func delay(_ work: Work, because reason: String) {
        let until = ContinuousClock.now + settings.backoff
        // An answer for an epoch we no longer follow at is simply dropped, without parking the new assignment.
        guard withCurrent(work, { $0.retryAt = until }) != nil else { return }
        logger.info("partition fetch backing off", metadata: ["partition": "\(work.topicPartition)",
                                                              "reason": "\(reason)"])
    }

    /// Forgets a partition this broker no longer follows at that epoch (a LeaderAndIsr moved it on).
    public func dropIfFenced(_ work: Work) {
        guard !work.partition.isFollowing(at: work.leaderEpoch) else { return }
        followed.withLockedValue { followed in
            if followed[work.topicPartition]?.leaderEpoch == work.leaderEpoch { followed[work.topicPartition] = nil }
        }
    }

    // MARK: - Lifecycle

    public func start() {
        let task = Task { [self] in await run() }
        loop.withLockedValue { $0?.cancel(); $0 = task }
    }

    /// Stops the loop and closes the connection; returns when the loop has ended.
    public func shutdown() async {
        let task = loop.withLockedValue { task -> Task<Void, Never>? in
            defer { task = nil }
            return task
        }
        task?.cancel()
        // Closing fails a fetch that is waiting on the leader, so the loop sees the cancellation promptly.
        await connection.withLockedValue { connection -> (any LeaderConnection)? in
            defer { connection = nil }
            return connection
        }?.close()
        await task?.value
    }

    // MARK: - The loop

    private func run() async {
        while !Task.isCancelled {
            let (truncating, fetching, nextRetry) = nextRound()
            if truncating.isEmpty && fetching.isEmpty {
                let now = ContinuousClock.now
                let wait = nextRetry.map { min(max($0 - now, .milliseconds(5)), Self.idlePoll) } ?? Self.idlePoll
                try? await Task.sleep(for: wait)
                continue
            }
            let connection: any LeaderConnection
            do {
                connection = try await openConnection()
            } catch ReplicaFetcherError.unknownLeaderEndpoint {
                // UpdateMetadata with the leader's endpoint usually follows the LeaderAndIsr closely.
                try? await Task.sleep(for: .milliseconds(100))
                continue
            } catch {
                logger.warning("cannot connect to the leader", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: settings.backoff)
                continue
            }
            do {
                if !truncating.isEmpty { try await truncate(truncating, over: connection) }
                if !fetching.isEmpty { try await fetch(fetching, over: connection) }
            } catch {
                if Task.isCancelled { break }
                logger.warning("lost the connection to the leader; reconnecting", metadata: ["error": "\(error)"])
                await discard(connection)
                try? await Task.sleep(for: settings.backoff)
            }
        }
    }

    /// The partitions ready for truncation and for fetching, and when the earliest parked one is due.
    private func nextRound() -> (truncating: [Work], fetching: [Work], nextRetry: ContinuousClock.Instant?) {
        let now = ContinuousClock.now
        let entries = followed.withLockedValue { $0 }
        var truncating: [Work] = [], fetching: [Work] = []
        var nextRetry: ContinuousClock.Instant?
        for (tp, entry) in entries {
            let work = Work(topicPartition: tp, partition: entry.partition, leaderEpoch: entry.leaderEpoch)
            guard entry.partition.isFollowing(at: entry.leaderEpoch) else {
                dropIfFenced(work)
                continue
            }
            if let retryAt = entry.retryAt, retryAt > now {
                nextRetry = min(nextRetry ?? retryAt, retryAt)
                continue
            }
            switch entry.phase {
            case .truncating: truncating.append(work)
            case .fetching: fetching.append(work)
            }
        }
        return (truncating, fetching, nextRetry)
    }

    private func openConnection() async throws -> any LeaderConnection {
        if let existing = connection.withLockedValue({ $0 }), existing.isActive { return existing }
        guard let endpoint = resolveEndpoint(leader) else { throw ReplicaFetcherError.unknownLeaderEndpoint(leader) }
        let fresh = try await connect(endpoint.host, endpoint.port)
        let replaced = connection.withLockedValue { connection -> (any LeaderConnection)? in
            defer { connection = fresh }
            return connection
        }
        await replaced?.close()
        if Task.isCancelled {
            await fresh.close()
            throw CancellationError()
        }
        return fresh
    }

    /// Sends `request` and waits at most `replica.socket.timeout.ms` for the answer; on timeout the connection
    /// closes itself (a leader that stopped answering), which fails the request. The connection keeps the timer
    /// on its event loop: no task or timer thread per fetch.
    /// - Throws: connection failures, the connection's timeout.
    public func send<Request: KafkaRequestMessage>(_ request: Request, version: Int16,
                                                   over connection: any LeaderConnection) async throws
        -> Request.Response
    {
        try await connection.send(request, version: version, timeout: settings.requestTimeout)
    }

    private func discard(_ broken: any LeaderConnection) async {
        connection.withLockedValue { connection in
            if connection === broken { connection = nil }
        }
        await broken.close()
    }
}

/// Failures of the fetch loop that are not Kafka error codes.
public enum ReplicaFetcherError: Error, CustomStringConvertible {
    /// The metadata cache does not list the leader (UpdateMetadata has not arrived yet).
    case unknownLeaderEndpoint(BrokerID)

    public var description: String {
        switch self {
        case .unknownLeaderEndpoint(let id): "no endpoint known for broker \(id)"
        }
    }
}
