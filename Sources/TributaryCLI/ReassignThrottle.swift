import KafkaClient
import KafkaModel

/// Replication throttles for a reassignment, set and cleared as Kafka's tool does: the topic configs
/// `leader.replication.throttled.replicas` (`partition:broker` for every source replica of a moving partition)
/// and `follower.replication.throttled.replicas` (every destination that is not already a source), plus the
/// broker configs `leader.replication.throttled.rate` / `follower.replication.throttled.rate` (bytes/s) on
/// every broker involved, all through IncrementalAlterConfigs.
enum ReassignThrottle {
    static let leaderReplicas = "leader.replication.throttled.replicas"
    static let followerReplicas = "follower.replication.throttled.replicas"
    static let leaderRate = "leader.replication.throttled.rate"
    static let followerRate = "follower.replication.throttled.rate"

    /// Sets the throttles for moving `current` to `target`.
    /// - Returns: the brokers that refused the rate configs, with the reason (the topic lists are set anyway).
    /// - Throws: when a topic's throttled-replica lists cannot be set.
    static func apply(rate: Int64, target: [TopicPartition: [BrokerID]], current: [TopicPartition: [BrokerID]],
                      admin: KafkaAdmin) async throws -> [BrokerID: String]
    {
        let moving = target.filter { current[$0.key] != $0.value }
        for (topic, partitions) in Dictionary(grouping: moving.keys.sorted(), by: \.topic).sorted(by: { $0.key < $1.key }) {
            var leaders: [String] = []
            var followers: [String] = []
            for partition in partitions {
                let sources = current[partition] ?? []
                leaders += sources.map { "\(partition.partition):\($0)" }
                followers += moving[partition]!.filter { !sources.contains($0) }.map { "\(partition.partition):\($0)" }
            }
            let result = try await admin.incrementalAlterConfigs(.topic(topic), [
                ConfigAlteration(name: leaderReplicas, value: leaders.joined(separator: ",")),
                ConfigAlteration(name: followerReplicas, value: followers.joined(separator: ",")),
            ])
            try result.check(.incrementalAlterConfigs)
        }
        var refused: [BrokerID: String] = [:]
        let brokers = Set(moving.values.joined()).union(moving.keys.flatMap { current[$0] ?? [] })
        for broker in brokers.sorted() {
            let result = try await admin.incrementalAlterConfigs(.broker(broker), [
                ConfigAlteration(name: leaderRate, value: String(rate)),
                ConfigAlteration(name: followerRate, value: String(rate)),
            ])
            if !result.succeeded { refused[broker] = result.errorMessage ?? "\(result.errorCode)" }
        }
        return refused
    }

    /// Removes the throttles: the rates on `brokers`, the replica lists on `topics`. Brokers that cannot hold
    /// dynamic configs are skipped silently (nothing was set there).
    static func clear(topics: [TopicName], brokers: [BrokerID], admin: KafkaAdmin) async throws {
        print("Clearing broker-level throttles on brokers \(brokers.sorted().map(\.description).joined(separator: ","))")
        for broker in brokers.sorted() {
            _ = try? await admin.incrementalAlterConfigs(.broker(broker), [
                ConfigAlteration(name: leaderRate, operation: .delete, value: nil),
                ConfigAlteration(name: followerRate, operation: .delete, value: nil),
            ])
        }
        print("Clearing topic-level throttles on topic(s) \(topics.sorted().map(\.rawValue).joined(separator: ","))")
        for topic in topics.sorted() {
            let result = try await admin.incrementalAlterConfigs(.topic(topic), [
                ConfigAlteration(name: leaderReplicas, operation: .delete, value: nil),
                ConfigAlteration(name: followerReplicas, operation: .delete, value: nil),
            ])
            try result.check(.incrementalAlterConfigs)
        }
    }
}
