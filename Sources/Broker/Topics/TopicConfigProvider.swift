import KafkaModel
import LogStorage
import Replication
import NIOConcurrencyHelpers

/// The effective per-topic settings the request path needs: broker defaults overlaid with the topic's
/// overrides from `/config/topics/<t>` (kept current by the broker's config watcher).
final class TopicConfigProvider: Sendable {
    struct Effective: Sendable, Equatable {
        var minInsyncReplicas: Int
        var maxMessageBytes: Int
        var compacted: Bool
        var uncleanLeaderElection: Bool
        /// `message.timestamp.type` is LogAppendTime: the broker's clock replaces producers' timestamps.
        var logAppendTime: Bool
        /// `message.timestamp.difference.max.ms`: how far a CreateTime timestamp may be from the broker's clock.
        var timestampDifferenceMaxMs: Int64
    }

    private let defaults: Effective
    private let overrides = NIOLockedValueBox<[TopicName: [String: String]]>([:])

    init(config: BrokerConfig) {
        defaults = Effective(minInsyncReplicas: config.minInsyncReplicas, maxMessageBytes: config.messageMaxBytes,
                             compacted: config.logCleanupPolicy.contains(.compact),
                             uncleanLeaderElection: config.uncleanLeaderElectionEnable,
                             logAppendTime: config.logMessageTimestampType == .logAppendTime,
                             timestampDifferenceMaxMs: config.logMessageTimestampDifferenceMaxMs)
    }

    func setOverrides(_ values: [String: String], for topic: TopicName) {
        overrides.withLockedValue { $0[topic] = values.isEmpty ? nil : values }
    }

    func overrides(for topic: TopicName) -> [String: String] {
        overrides.withLockedValue { $0[topic] ?? [:] }
    }

    func config(for topic: TopicName) -> Effective {
        let values = overrides(for: topic)
        guard !values.isEmpty else { return defaults }  // most topics: asked on every produce request
        var effective = defaults
        if let text = values["min.insync.replicas"], let value = Int(text) { effective.minInsyncReplicas = value }
        if let text = values["max.message.bytes"], let value = Int(text) { effective.maxMessageBytes = value }
        if let policy = values["cleanup.policy"].flatMap(CleanupPolicy.init) {
            effective.compacted = policy.contains(.compact)
        }
        if let text = values["unclean.leader.election.enable"] { effective.uncleanLeaderElection = text == "true" }
        if let text = values["message.timestamp.type"] { effective.logAppendTime = text == "LogAppendTime" }
        if let text = values["message.timestamp.difference.max.ms"], let value = Int64(text), value >= 0 {
            effective.timestampDifferenceMaxMs = value
        }
        return effective
    }
}
