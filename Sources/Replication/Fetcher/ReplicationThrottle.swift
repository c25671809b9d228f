import KafkaModel
import NIOConcurrencyHelpers

/// Kafka's replication quotas (KIP-73) on this broker: the broker configs `leader.replication.throttled.rate`
/// and `follower.replication.throttled.rate` (bytes/s, dynamic: `/config/brokers/<id>` over
/// `/config/brokers/<default>`) limit the replication traffic of throttled replicas only. A replica is throttled
/// when its topic's `leader.replication.throttled.replicas` (leader side) or
/// `follower.replication.throttled.replicas` (follower side) lists `<partition>:<this broker>` or is `*`, and the
/// follower is not in the ISR (a caught-up replica is never held back, as in Kafka).
///
/// Each side has one token bucket shared by all its throttled partitions. The follower leaves a throttled
/// partition out of its fetch while its bucket is in debt, and asks for at most `chunkBytes` of it at a time;
/// the leader answers a throttled follower's partition with no records while its bucket is in debt.
public final class ReplicationThrottle: Sendable {
    public enum Side: Sendable { case leader, follower }

    public static let leaderRateKey = "leader.replication.throttled.rate"
    public static let followerRateKey = "follower.replication.throttled.rate"
    public static let rateKeys: Set<String> = [leaderRateKey, followerRateKey]
    public static let leaderReplicasKey = "leader.replication.throttled.replicas"
    public static let followerReplicasKey = "follower.replication.throttled.replicas"
    /// `/config/brokers/<default>`: the cluster-wide default broker configs.
    public static let defaultBrokerEntity = "<default>"

    /// Which partitions of a topic are throttled on this broker: nil means all (`*`).
    private typealias ThrottledPartitions = Set<PartitionIndex>?

    private struct State {
        public var leaderBucket: TokenBucket?
        public var followerBucket: TokenBucket?
        public var ownRates: [String: String] = [:]
        public var defaultRates: [String: String] = [:]
        public var leaderThrottled: [TopicName: ThrottledPartitions] = [:]
        public var followerThrottled: [TopicName: ThrottledPartitions] = [:]
    }

    public let localBroker: BrokerID
    private let state = NIOLockedValueBox(State())

    public init(localBroker: BrokerID) { self.localBroker = localBroker }

    // MARK: - Configuration

    /// Applies the broker configs: this broker's own (`/config/brokers/<id>`) over the cluster default.
    public func setBrokerConfigs(own: [String: String], clusterDefault: [String: String]) {
        state.withLockedValue { state in
            state.ownRates = own.filter { Self.rateKeys.contains($0.key) }
            state.defaultRates = clusterDefault.filter { Self.rateKeys.contains($0.key) }
            let effective = state.defaultRates.merging(state.ownRates) { $1 }
            state.leaderBucket = Self.bucket(effective[Self.leaderRateKey], replacing: state.leaderBucket)
            state.followerBucket = Self.bucket(effective[Self.followerRateKey], replacing: state.followerBucket)
        }
    }

    /// A bucket for a configured rate; the current one is kept (with its debt) while the rate is unchanged.
    private static func bucket(_ text: String?, replacing current: TokenBucket?) -> TokenBucket? {
        guard let text, let rate = Int64(text), rate > 0, rate < Int64.max else { return nil }
        if let current, current.bytesPerSecond == rate { return current }
        return TokenBucket(bytesPerSecond: rate)
    }

    /// Applies a topic's config overrides (the throttled-replica lists).
    public func setTopicConfig(_ overrides: [String: String], for topic: TopicName) {
        let leader = Self.parse(overrides[Self.leaderReplicasKey], broker: localBroker)
        let follower = Self.parse(overrides[Self.followerReplicasKey], broker: localBroker)
        state.withLockedValue { state in
            state.leaderThrottled[topic] = leader
            state.followerThrottled[topic] = follower
        }
    }

    /// `0:1,1:2` → the partitions listed with this broker; `*` → all; nothing listed → not throttled (`nil`
    /// outer optional).
    private static func parse(_ list: String?, broker: BrokerID) -> ThrottledPartitions? {
        guard let list else { return nil }
        let trimmed = list.trimmingWhitespace()
        if trimmed == "*" { return .some(nil) }
        var partitions = Set<PartitionIndex>()
        for entry in trimmed.split(separator: ",") {
            let parts = entry.split(separator: ":")
            guard parts.count == 2, let partition = Int32(parts[0].trimmingWhitespace()),
                  let replica = Int32(parts[1].trimmingWhitespace()), replica == broker.rawValue else { continue }
            partitions.insert(PartitionIndex(partition))
        }
        return partitions.isEmpty ? nil : .some(partitions)
    }

    /// The configured rates as DescribeConfigs reports them: value and whether it is this broker's own
    /// (else the cluster default).
    public var describedRates: [(name: String, value: String, own: Bool)] {
        state.withLockedValue { state in
            Self.rateKeys.sorted().compactMap { key -> (name: String, value: String, own: Bool)? in
                if let value = state.ownRates[key] { return (key, value, true) }
                if let value = state.defaultRates[key] { return (key, value, false) }
                return nil
            }
        }
    }

    // MARK: - Traffic

    /// Whether replication of `partition` to a follower outside the ISR is throttled on `side` here.
    public func isThrottled(_ partition: TopicPartition, side: Side) -> Bool {
        state.withLockedValue { state in
            let bucket = side == .leader ? state.leaderBucket : state.followerBucket
            guard bucket != nil else { return false }
            let lists = side == .leader ? state.leaderThrottled : state.followerThrottled
            guard let listed = lists[partition.topic] else { return false }
            return listed.map { $0.contains(partition.partition) } ?? true
        }
    }

    /// How long throttled traffic on `side` must wait (`.zero`: it may flow now).
    public func wait(_ side: Side) -> Duration {
        state.withLockedValue { state in
            switch side {
            case .leader: state.leaderBucket?.wait() ?? .zero
            case .follower: state.followerBucket?.wait() ?? .zero
            }
        }
    }

    /// Counts `bytes` of throttled replication traffic on `side`.
    public func record(_ bytes: Int, _ side: Side) {
        guard bytes > 0 else { return }
        state.withLockedValue { state in
            switch side {
            case .leader: state.leaderBucket?.spend(bytes)
            case .follower: state.followerBucket?.spend(bytes)
            }
        }
    }

    /// The most a throttled partition should fetch at once: a tenth of a second at the rate (at least 16 KiB),
    /// so the bucket's debt, and so the rate's error, stays small.
    public func chunkBytes(_ side: Side, limit: Int32) -> Int32 {
        let rate = state.withLockedValue { state in
            (side == .leader ? state.leaderBucket : state.followerBucket)?.bytesPerSecond
        }
        guard let rate else { return limit }
        return Int32(clamping: min(Int64(limit), max(16 * 1024, rate / 10)))
    }
}

