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

    private struct State {
        /// The broker's values (dynamic broker configs change them at runtime).
        var defaults: Effective
        var overrides: [TopicName: [String: String]] = [:]
    }

    private let state: NIOLockedValueBox<State>

    init(config: BrokerConfig) {
        state = NIOLockedValueBox(State(defaults: Self.defaults(config)))
    }

    /// Takes the broker's new effective config (a dynamic broker config changed).
    func setBrokerConfig(_ config: BrokerConfig) {
        let updated = Self.defaults(config)
        state.withLockedValue { $0.defaults = updated }
    }

    private static func defaults(_ config: BrokerConfig) -> Effective {
        Effective(minInsyncReplicas: config.minInsyncReplicas, maxMessageBytes: config.messageMaxBytes,
                  compacted: config.logCleanupPolicy.contains(.compact),
                  uncleanLeaderElection: config.uncleanLeaderElectionEnable,
                  logAppendTime: config.logMessageTimestampType == .logAppendTime,
                  timestampDifferenceMaxMs: config.logMessageTimestampDifferenceMaxMs)
    }

    func setOverrides(_ values: [String: String], for topic: TopicName) {
        state.withLockedValue { $0.overrides[topic] = values.isEmpty ? nil : values }
    }

    func overrides(for topic: TopicName) -> [String: String] {
        state.withLockedValue { $0.overrides[topic] ?? [:] }
    }

    func config(for topic: TopicName) -> Effective {
        let (defaults, values) = state.withLockedValue { ($0.defaults, $0.overrides[topic] ?? [:]) }
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
