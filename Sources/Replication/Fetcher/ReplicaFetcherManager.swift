import KafkaClient
import KafkaModel
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Assigns the partitions this broker follows to replica fetchers, one per leader broker (Kafka's
/// `ReplicaFetcherManager` with `num.replica.fetchers` = 1). Listens to `ReplicaManager.followerChanges`, which
/// LeaderAndIsr and StopReplica trigger after updating the partitions; a fetcher left without partitions is
/// shut down.
public final class ReplicaFetcherManager: Sendable {
    private let replicas: ReplicaManager
    private let settings: ReplicaFetcherSettings
    private let resolveEndpoint: ReplicaFetcher.ResolveEndpoint
    private let connect: ReplicaFetcher.Connect
    private let throttle: ReplicationThrottle?
    private let logger: Logger
    /// Also serializes `apply`, so two leadership changes never interleave their removals and additions.
    private let fetchers = NIOLockedValueBox<[BrokerID: ReplicaFetcher]>([:])
    private let isShutDown = NIOLockedValueBox(false)
    /// Fetchers left without partitions, stopping in the background; `shutdown` waits for them too, so none
    /// still runs when the broker's event loops stop.
    private let retiring = NIOLockedValueBox<(next: Int, tasks: [Int: Task<Void, Never>])>((0, [:]))

    /// - Parameters:
    ///   - resolveEndpoint: the host and port of a broker's inter-broker listener.
    ///   - connect: opens a connection (one per fetcher, so a long-polling fetch never holds up other requests).
    public init(replicas: ReplicaManager, settings: ReplicaFetcherSettings,
         resolveEndpoint: @escaping ReplicaFetcher.ResolveEndpoint, connect: @escaping ReplicaFetcher.Connect,
         throttle: ReplicationThrottle? = nil, logger: Logger)
    {
        self.throttle = throttle
        self.replicas = replicas
        self.settings = settings
        self.resolveEndpoint = resolveEndpoint
        self.connect = connect
        self.logger = logger
    }

    /// Installs `apply` as the replica manager's `followerChanges` listener.
    public func install() {
        replicas.followerChanges.withLockedValue { $0 = { [self] following, stopped in apply(following, stopped) } }
    }

    /// Starts fetching `following` (partition → leader) and stops fetching `stopped`. Synchronous: when it
    /// returns, no fetcher writes to a stopped or reassigned partition any more.
    public func apply(_ following: [TopicPartition: BrokerID], _ stopped: [TopicPartition]) {
        guard !isShutDown.withLockedValue({ $0 }) else { return }
        let idle = fetchers.withLockedValue { fetchers -> [ReplicaFetcher] in
            let leaving = Set(stopped).union(following.keys)
            for fetcher in fetchers.values { fetcher.remove(leaving) }
            for (tp, leader) in following.sorted(by: { $0.key < $1.key }) {
                guard let partition = replicas.partition(tp) else { continue }
                // The epoch the LeaderAndIsr just applied; fetches carry it and are fenced by it.
                let epoch = partition.leaderEpoch
                guard partition.isFollowing(at: epoch) else { continue }
                let fetcher = fetchers[leader] ?? {
                    let created = ReplicaFetcher(leader: leader, settings: settings, resolveEndpoint: resolveEndpoint,
                                                 connect: connect, throttle: throttle, logger: logger)
                    fetchers[leader] = created
                    created.start()
                    return created
                }()
                fetcher.add(partition, leaderEpoch: epoch)
                logger.info("following", metadata: ["partition": "\(tp)", "leader": "\(leader)", "epoch": "\(epoch)"])
            }
            let idle = fetchers.filter { $0.value.isEmpty }
            for id in idle.keys { fetchers[id] = nil }
            return Array(idle.values)
        }
        for fetcher in idle { retire(fetcher) }
    }

    private func retire(_ fetcher: ReplicaFetcher) {
        retiring.withLockedValue { retiring in
            let key = retiring.next
            retiring.next += 1
            retiring.tasks[key] = Task { [retiring = self.retiring] in
                await fetcher.shutdown()
                _ = retiring.withLockedValue { $0.tasks.removeValue(forKey: key) }
            }
        }
    }

    /// Stops every fetcher; later changes are ignored.
    public func shutdown() async {
        isShutDown.withLockedValue { $0 = true }
        let all = fetchers.withLockedValue { fetchers in
            defer { fetchers.removeAll() }
            return Array(fetchers.values)
        }
        for fetcher in all { await fetcher.shutdown() }
        for task in retiring.withLockedValue({ Array($0.tasks.values) }) { await task.value }
    }
}
