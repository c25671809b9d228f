import Atomics
import Controller
import CoreMetrics
import GroupCoordinator
import KafkaModel
import Metrics
import NIOConcurrencyHelpers
import Replication
import ZooKeeperClient

/// The gauges that describe state — controller, partitions, ISR health, follower lag, ZooKeeper session, groups,
/// request queue — recomputed from their owners each time `/metrics` is scraped, so they can never drift from
/// the replica manager's or the controller's own picture the way piecemeal increments could.
final class BrokerStateMetrics: Sendable {
    /// Where each number comes from; closures, so the subsystems need not know about metrics.
    struct Sources: Sendable {
        var replicas: ReplicaManager
        var minInsyncReplicas: @Sendable (TopicName) -> Int
        var controllerActive: @Sendable () -> Bool
        var controllerStats: @Sendable () -> ControllerStats
        var zooKeeperState: @Sendable () async -> ZooKeeperSessionState?
        var groups: @Sendable () async -> GroupCounts
        var requestQueueSize: @Sendable () -> Int
        var requestsInFlight: @Sendable () -> Int
    }

    /// Partition health of the replicas this broker hosts.
    struct PartitionCounts: Equatable {
        var partitions = 0
        var leaders = 0
        var underReplicated = 0
        var underMinIsr = 0
        /// Per follower, the most messages it is behind on any partition this broker leads.
        var followerMaxLag: [BrokerID: Int64] = [:]
    }

    private let sources: Sources
    private let activeControllerCount = Gauge(label: MetricName.activeControllerCount)
    private let controllerEpoch = Gauge(label: MetricName.controllerEpoch)
    private let offlinePartitions = Gauge(label: MetricName.offlinePartitionsCount)
    private let underReplicated = Gauge(label: MetricName.underReplicatedPartitions)
    private let underMinIsr = Gauge(label: MetricName.underMinIsrPartitionCount)
    private let leaderCount = Gauge(label: MetricName.leaderCount)
    private let partitionCount = Gauge(label: MetricName.partitionCount)
    private let requestQueueSize = Gauge(label: MetricName.requestQueueSize)
    private let requestsInFlight = Gauge(label: MetricName.requestsInFlight)
    private let numGroups = Gauge(label: MetricName.numGroups)
    private let numGroupsByState = MetricName.numGroupsByState.map { (state: $0.state, gauge: Gauge(label: $0.name)) }
    /// The coordinator keeps the running total; the counter is advanced by what it grew since the last scrape.
    private let rebalances = Counter(label: MetricName.rebalances)
    private let rebalancesSeen = NIOLockedValueBox<UInt64>(0)
    /// Followers reported before: one that no longer lags anywhere goes back to 0 rather than keep its last value.
    private let laggingFollowers = NIOLockedValueBox<Set<BrokerID>>([])
    private static let sessionStates: [(ZooKeeperSessionState, String)] = [
        (.connected, "CONNECTED"), (.connecting, "CONNECTING"), (.expired, "EXPIRED"), (.authFailed, "AUTH_FAILED"),
        (.closed, "CLOSED"),
    ]
    private let sessionStateGauges = BrokerStateMetrics.sessionStates.map { state, label in
        (state, Gauge(label: MetricName.zooKeeperSessionState, dimensions: [("state", label)]))
    }

    init(sources: Sources) {
        self.sources = sources
    }

    /// Recomputes every gauge, then renders the whole registry in the Prometheus text format.
    func render() async -> [UInt8] {
        await refresh()
        return BrokerMetrics.registry.emitToBuffer()
    }

    func refresh() async {
        let active = sources.controllerActive()
        let controller = active ? sources.controllerStats() : ControllerStats()
        activeControllerCount.record(active ? 1 : 0)
        controllerEpoch.record(Int(controller.epoch))
        offlinePartitions.record(controller.offlinePartitions)

        let counts = Self.partitionCounts(sources.replicas.hostedPartitions.values, minISR: sources.minInsyncReplicas)
        partitionCount.record(counts.partitions)
        leaderCount.record(counts.leaders)
        underReplicated.record(counts.underReplicated)
        underMinIsr.record(counts.underMinIsr)
        let previous = laggingFollowers.withLockedValue { reported in
            defer { reported.formUnion(counts.followerMaxLag.keys) }
            return reported
        }
        for follower in previous.union(counts.followerMaxLag.keys) {
            Gauge(label: MetricName.followerMaxLag, dimensions: [("follower", "\(follower.rawValue)")])
                .record(counts.followerMaxLag[follower] ?? 0)
        }

        requestQueueSize.record(sources.requestQueueSize())
        requestsInFlight.record(sources.requestsInFlight())

        let state = await sources.zooKeeperState()
        for (candidate, gauge) in sessionStateGauges { gauge.record(candidate == state ? 1 : 0) }

        let groups = await sources.groups()
        numGroups.record(groups.total)
        for (state, gauge) in numGroupsByState { gauge.record(groups.byState[state] ?? 0) }
        let grown = rebalancesSeen.withLockedValue { seen in
            defer { seen = max(seen, groups.rebalances) }
            return groups.rebalances > seen ? groups.rebalances - seen : 0
        }
        if grown > 0 { rebalances.increment(by: Int64(clamping: grown)) }
    }

    /// Kafka's definitions: under-replicated — a partition this broker leads whose ISR is smaller than its
    /// replica set; under min ISR — one it leads whose ISR is smaller than the topic's `min.insync.replicas`.
    static func partitionCounts(_ partitions: some Sequence<Partition>, minISR: (TopicName) -> Int)
        -> PartitionCounts
    {
        var counts = PartitionCounts()
        for partition in partitions {
            counts.partitions += 1
            let state = partition.replicaState
            guard state.isLeader else { continue }
            counts.leaders += 1
            if state.isr.count < state.replicas.count { counts.underReplicated += 1 }
            if state.isr.count < minISR(partition.topicPartition.topic) { counts.underMinIsr += 1 }
            let logEnd = partition.log.logEndOffset.rawValue
            for (follower, progress) in state.followers where follower != state.localBroker {
                let lag = max(0, logEnd - progress.logEndOffset.rawValue)
                counts.followerMaxLag[follower] = max(counts.followerMaxLag[follower] ?? 0, lag)
            }
        }
        return counts
    }
}
