import NIOConcurrencyHelpers

/// Broker configs that change at runtime (Kafka's `DynamicBrokerConfig`): this broker's own overrides in
/// `/config/brokers/<id>` win over the cluster default in `/config/brokers/<default>`, which wins over
/// `server.properties`. Both znodes are read before anything starts (so the overrides survive a restart) and again
/// at every config-change notification; `current` is the effective config.
///
/// Only keys this broker can apply without a restart are dynamic here (`DynamicBrokerKeys.applied`); the other keys
/// Kafka changes at runtime (thread counts, listeners, the cleaner's own settings) are refused with a message that
/// says so, as every static key is.
final class DynamicBrokerConfig: Sendable {
    struct Overrides: Sendable, Equatable {
        var own: [String: String] = [:]
        var clusterDefault: [String: String] = [:]
    }

    private struct State: Sendable {
        var overrides = Overrides()
        var current: BrokerConfig
    }

    let staticConfig: BrokerConfig
    private let state: NIOLockedValueBox<State>

    init(staticConfig: BrokerConfig) {
        self.staticConfig = staticConfig
        state = NIOLockedValueBox(State(current: staticConfig))
    }

    /// The effective config: `server.properties` with the dynamic overrides applied.
    var current: BrokerConfig { state.withLockedValue { $0.current } }

    var overrides: Overrides { state.withLockedValue { $0.overrides } }

    /// Applies the znodes' contents; returns the new effective config and what was skipped (values from
    /// ZooKeeper may be anything: a bad one is logged and the rest applied).
    @discardableResult
    func update(_ overrides: Overrides) -> (config: BrokerConfig, skipped: [String]) {
        let (config, skipped) = Self.effective(staticConfig, overrides)
        state.withLockedValue { $0 = State(overrides: overrides, current: config) }
        return (config, skipped)
    }

    /// `base` with the cluster default, then this broker's own overrides applied, key by key in `BrokerConfig`'s
    /// order. A value that does not parse, or that breaks a rule between keys, is skipped and named.
    static func effective(_ base: BrokerConfig, _ overrides: Overrides) -> (BrokerConfig, [String]) {
        var config = base
        var skipped: [String] = []
        for (level, values) in [("<default>", overrides.clusterDefault), ("own", overrides.own)] {
            for key in BrokerConfig.keys where DynamicBrokerKeys.applied.contains(key.name) {
                guard let value = values[key.name] else { continue }
                var candidate = config
                do {
                    try key.apply(&candidate, value)
                    try candidate.validate(origin: { _ in nil })
                    config = candidate
                } catch let error as BrokerConfig.ValueError {
                    skipped.append("\(level) \(key.name)=\(value): \(error.message)")
                } catch {
                    skipped.append("\(level) \(key.name)=\(value): \(error)")
                }
            }
        }
        return (config, skipped)
    }

    /// Why `updated` cannot be written as a broker's dynamic configs, nil when it can: a key that is not dynamic
    /// (Kafka: "Cannot update these configs dynamically"), or a value the key refuses. Checked against this
    /// broker's effective config, as Kafka validates against the broker it is sent to.
    func refusal(of updated: [String: String]) -> String? {
        let notDynamic = updated.keys.filter { DynamicBrokerKeys.isStatic($0) }.sorted()
        if !notDynamic.isEmpty {
            let restartOnly = notDynamic.filter { DynamicBrokerKeys.dynamicInKafkaOnly.contains($0) }
            return "Cannot update these configs dynamically: \(notDynamic.joined(separator: ", "))"
                + (restartOnly.isEmpty ? "" : " (\(restartOnly.joined(separator: ", ")) need a restart of this broker)")
        }
        for (key, value) in updated.sorted(by: { $0.key < $1.key }) {
            if DynamicBrokerKeys.replicationRates.contains(key) {
                guard let rate = Int64(value), rate > 0 else {
                    return "\(key) must be a positive number of bytes per second, not '\(value)'"
                }
            }
        }
        var candidate = current
        for key in BrokerConfig.keys {
            guard let value = updated[key.name] else { continue }
            do {
                try key.apply(&candidate, value)
            } catch {
                return "Invalid value \(value) for configuration \(key.name): \(error.message)"
            }
        }
        do {
            try candidate.validate(origin: { _ in nil })
        } catch {
            return "\(error)"
        }
        return nil
    }
}

/// Which broker keys may change at runtime.
enum DynamicBrokerKeys {
    /// The replication quotas (KIP-73), applied by `ReplicationThrottle`.
    static let replicationRates: Set<String> = [
        "leader.replication.throttled.rate", "follower.replication.throttled.rate",
    ]

    /// Applied without a restart: the `log.*` defaults of topics without their own value, the record size limit,
    /// the connection limits and the replication quotas.
    static let applied: Set<String> = Set([
        "log.segment.bytes", "log.roll.ms", "log.index.size.max.bytes", "log.index.interval.bytes",
        "log.retention.ms", "log.retention.bytes", "log.flush.interval.messages", "log.flush.interval.ms",
        "log.message.timestamp.type", "log.message.timestamp.difference.max.ms", "log.cleanup.policy",
        "log.cleaner.delete.retention.ms", "log.cleaner.min.compaction.lag.ms", "log.cleaner.max.compaction.lag.ms",
        "log.cleaner.min.cleanable.ratio", "message.max.bytes", "min.insync.replicas",
        "unclean.leader.election.enable", "max.connections", "max.connections.per.ip",
        "max.connections.per.ip.overrides",
    ]).union(replicationRates)

    /// Dynamic in Kafka 2.8 but applied here only at start-up: refused, saying so.
    static let dynamicInKafkaOnly: Set<String> = [
        "num.io.threads", "num.network.threads", "num.replica.fetchers", "num.recovery.threads.per.data.dir",
        "background.threads", "log.cleaner.threads", "log.cleaner.dedupe.buffer.size", "log.cleaner.io.buffer.size",
        "log.cleaner.io.buffer.load.factor", "log.cleaner.io.max.bytes.per.second", "log.cleaner.backoff.ms",
        "listeners", "advertised.listeners", "listener.security.protocol.map", "log.roll.jitter.ms",
        "log.segment.delete.delay.ms", "log.preallocate", "compression.type", "log.message.downconversion.enable",
        "max.connection.creation.rate", "metric.reporters", "replica.alter.log.dirs.io.max.bytes.per.second",
    ]

    /// True for a broker key that must not be written dynamically: every key this broker knows that is not applied
    /// at runtime. Unknown keys pass, as in Kafka (custom configs are stored and ignored).
    static func isStatic(_ key: String) -> Bool {
        guard !applied.contains(key) else { return false }
        return knownStatic.contains(key) || dynamicInKafkaOnly.contains(key)
    }

    private static let knownStatic: Set<String> = Set(BrokerConfig.keys.map(\.name))
        .union(BrokerConfig.acceptedWithoutEffect)
}
