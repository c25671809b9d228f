/// The topic-level configs Tributary knows, with the broker setting each defaults to (Kafka's
/// `LogConfig`), so CreateTopics/AlterConfigs can refuse a bad key or value and DescribeConfigs can show
/// every value with its source.
enum TopicConfigDefinitions {
    enum ValueType: Sendable {
        case int(ClosedRange<Int64>)
        case double(ClosedRange<Double>)
        case bool
        case choice([String])
        case list([String])
        case text
    }

    struct Definition: Sendable {
        let name: String
        let type: ValueType
        /// The broker-level value this defaults to.
        let brokerDefault: @Sendable (BrokerConfig) -> String
    }

    static let all: [Definition] = [
        Definition(name: "cleanup.policy", type: .list(["delete", "compact"])) { $0.logCleanupPolicy.description },
        Definition(name: "compression.type",
                   type: .choice(["producer", "uncompressed", "gzip", "snappy", "lz4", "zstd"])) { _ in "producer" },
        Definition(name: "delete.retention.ms", type: .int(0...Int64.max)) { String($0.logCleanerDeleteRetentionMs) },
        Definition(name: "file.delete.delay.ms", type: .int(0...Int64.max)) { _ in "60000" },
        Definition(name: "flush.messages", type: .int(1...Int64.max)) { String($0.logFlushIntervalMessages) },
        Definition(name: "flush.ms", type: .int(0...Int64.max)) { String($0.logFlushIntervalMs ?? Int64.max) },
        Definition(name: "follower.replication.throttled.replicas", type: .text) { _ in "" },
        Definition(name: "index.interval.bytes", type: .int(0...Int64(Int32.max))) { String($0.logIndexIntervalBytes) },
        Definition(name: "leader.replication.throttled.replicas", type: .text) { _ in "" },
        Definition(name: "max.compaction.lag.ms", type: .int(1...Int64.max)) { String($0.logCleanerMaxCompactionLagMs) },
        Definition(name: "max.message.bytes", type: .int(0...Int64(Int32.max))) { String($0.messageMaxBytes) },
        Definition(name: "message.timestamp.type", type: .choice(["CreateTime", "LogAppendTime"])) {
            $0.logMessageTimestampType.rawValue
        },
        Definition(name: "message.timestamp.difference.max.ms", type: .int(0...Int64.max)) {
            String($0.logMessageTimestampDifferenceMaxMs)
        },
        Definition(name: "min.cleanable.dirty.ratio", type: .double(0...1)) { String($0.logCleanerMinCleanableRatio) },
        Definition(name: "min.compaction.lag.ms", type: .int(0...Int64.max)) { String($0.logCleanerMinCompactionLagMs) },
        Definition(name: "min.insync.replicas", type: .int(1...Int64(Int32.max))) { String($0.minInsyncReplicas) },
        Definition(name: "preallocate", type: .bool) { _ in "false" },
        Definition(name: "retention.bytes", type: .int(-1...Int64.max)) { String($0.logRetentionBytes) },
        Definition(name: "retention.ms", type: .int(-1...Int64.max)) { String($0.logRetentionMs) },
        Definition(name: "segment.bytes", type: .int(14...Int64(Int32.max))) { String($0.logSegmentBytes) },
        Definition(name: "segment.index.bytes", type: .int(4...Int64(Int32.max))) { String($0.logIndexSizeMaxBytes) },
        Definition(name: "segment.jitter.ms", type: .int(0...Int64.max)) { _ in "0" },
        Definition(name: "segment.ms", type: .int(1...Int64.max)) { String($0.logRollMs) },
        Definition(name: "unclean.leader.election.enable", type: .bool) { String($0.uncleanLeaderElectionEnable) },
    ]

    static let byName: [String: Definition] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The broker key each topic key defaults to (Kafka's `LogConfig.TopicConfigSynonyms`), named in DescribeConfigs'
    /// synonyms.
    static let brokerSynonyms: [String: String] = [
        "cleanup.policy": "log.cleanup.policy", "compression.type": "compression.type",
        "delete.retention.ms": "log.cleaner.delete.retention.ms", "file.delete.delay.ms": "log.segment.delete.delay.ms",
        "flush.messages": "log.flush.interval.messages", "flush.ms": "log.flush.interval.ms",
        "index.interval.bytes": "log.index.interval.bytes",
        "max.compaction.lag.ms": "log.cleaner.max.compaction.lag.ms", "max.message.bytes": "message.max.bytes",
        "message.timestamp.type": "log.message.timestamp.type",
        "message.timestamp.difference.max.ms": "log.message.timestamp.difference.max.ms",
        "min.cleanable.dirty.ratio": "log.cleaner.min.cleanable.ratio",
        "min.compaction.lag.ms": "log.cleaner.min.compaction.lag.ms", "min.insync.replicas": "min.insync.replicas",
        "preallocate": "log.preallocate", "retention.bytes": "log.retention.bytes", "retention.ms": "log.retention.ms",
        "segment.bytes": "log.segment.bytes", "segment.index.bytes": "log.index.size.max.bytes",
        "segment.jitter.ms": "log.roll.jitter.ms", "segment.ms": "log.roll.ms",
        "unclean.leader.election.enable": "unclean.leader.election.enable",
    ]

    /// Why `value` is not acceptable for `name`, or nil when it is.
    static func problem(name: String, value: String?) -> String? {
        guard let definition = byName[name] else { return "unknown topic config \(name)" }
        guard let value else { return nil }
        switch definition.type {
        case .int(let range):
            guard let number = Int64(value) else { return "\(name): expected an integer, found '\(value)'" }
            return range.contains(number) ? nil : "\(name): \(number) is out of range"
        case .double(let range):
            guard let number = Double(value), number.isFinite else { return "\(name): expected a number, found '\(value)'" }
            return range.contains(number) ? nil : "\(name): \(number) is out of range"
        case .bool:
            return ["true", "false"].contains(value.lowercased()) ? nil : "\(name): expected true or false"
        case .choice(let options):
            return options.contains(value) ? nil : "\(name): expected one of \(options.joined(separator: ", "))"
        case .list(let options):
            let items = value.split(separator: ",").map { $0.trimmingWhitespace() }
            return !items.isEmpty && items.allSatisfy(options.contains)
                ? nil : "\(name): expected a list of \(options.joined(separator: ", "))"
        case .text:
            return nil
        }
    }
}
