import LogStorage

/// Parsing of every key `BrokerConfig` knows, by Kafka's name. Order matters where Kafka gives precedence:
/// `log.retention.hours` < `.minutes` < `.ms` (later entries in `keys` win).
extension BrokerConfig {
    /// One recognised key: how to apply its text to the config; throws a message when the value is invalid.
    struct Key: Sendable {
        let name: String
        let apply: @Sendable (inout BrokerConfig, String) throws(ValueError) -> Void
    }

    struct ValueError: Error { let message: String }

    static let keys: [Key] = [
        .int32("broker.id", \.brokerID, range: 0...Int32.max),
        .string("broker.rack") { $0.rack = $1 },
        .listeners("listeners") { $0.listeners = $1 },
        .listeners("advertised.listeners") { config, listeners throws(ValueError) in
            if let bad = listeners.first(where: { $0.host.isEmpty || $0.host == "0.0.0.0" }) {
                throw ValueError(message: "advertised listener \(bad) must name a host a client can reach")
            }
            config.advertisedListeners = listeners
        },
        .int("socket.request.max.bytes", \.socketRequestMaxBytes, range: 1024...Int(Int32.max)),
        .int("message.max.bytes", \.messageMaxBytes, range: 0...Int(Int32.max)),
        .listenerName("inter.broker.listener.name") { $0.interBrokerListenerName = $1 },
        .listenerName("control.plane.listener.name") { $0.controlPlaneListenerName = $1 },
        .int("queued.max.requests", \.queuedMaxRequests, range: 1...Int(Int32.max)),
        .int("max.connections", \.maxConnections, range: 0...Int(Int32.max)),
        .int("max.connections.per.ip", \.maxConnectionsPerIp, range: 0...Int(Int32.max)),
        .string("max.connections.per.ip.overrides") { config, value throws(ValueError) in
            config.maxConnectionsPerIpOverrides = try parseConnectionOverrides(value)
        },
        .string("connections.max.idle.ms") { config, value throws(ValueError) in
            guard let number = Int64(value), number == -1 || number >= 1 else {
                throw ValueError(message: "expected a positive number of milliseconds or -1, found '\(value)'")
            }
            config.connectionsMaxIdleMs = number
        },
        .string("zookeeper.connect") { config, value throws(ValueError) in
            guard !value.isEmpty, !value.hasPrefix("/"), !value.contains(" ") else {
                throw ValueError(message: "expected host:port[,host:port...][/chroot], found '\(value)'")
            }
            config.zookeeperConnect = value
        },
        .int("zookeeper.session.timeout.ms", \.zookeeperSessionTimeoutMs, range: 1...Int(Int32.max)),
        .bool("zookeeper.set.acl", \.zookeeperSetAcl),
        .string("java.security.auth.login.config") { $0.jaasConfigFile = $1 },
        .string("zookeeper.sasl.clientconfig") { $0.zookeeperSaslClientConfig = $1 },
        .string("zookeeper.connection.timeout.ms") { config, value throws(ValueError) in
            config.zookeeperConnectionTimeoutMs = try parseInt(value, in: 1...Int(Int32.max))
        },
        .string("log.dir") { config, value throws(ValueError) in config.logDirs = try parseDirs(value) },
        .string("log.dirs") { config, value throws(ValueError) in config.logDirs = try parseDirs(value) },
        .int("log.segment.bytes", \.logSegmentBytes, range: 14...Int(Int32.max)),
        .scaled("log.roll.hours", \.logRollMs, unitMs: 3_600_000, allowUnlimited: false),
        .scaled("log.roll.ms", \.logRollMs, unitMs: 1, allowUnlimited: false),
        .scaled("log.retention.hours", \.logRetentionMs, unitMs: 3_600_000, allowUnlimited: true),
        .scaled("log.retention.minutes", \.logRetentionMs, unitMs: 60_000, allowUnlimited: true),
        .scaled("log.retention.ms", \.logRetentionMs, unitMs: 1, allowUnlimited: true),
        .int64("log.retention.bytes", \.logRetentionBytes, range: -1...Int64.max),
        .int64("log.retention.check.interval.ms", \.logRetentionCheckIntervalMs, range: 1...Int64.max),
        .int64("log.flush.interval.messages", \.logFlushIntervalMessages, range: 1...Int64.max),
        .string("log.flush.interval.ms") { config, value throws(ValueError) in
            config.logFlushIntervalMs = Int64(try parseInt(value, in: 0...Int.max))
        },
        .int64("log.flush.offset.checkpoint.interval.ms", \.logFlushOffsetCheckpointIntervalMs, range: 1...Int64.max),
        .int("log.index.interval.bytes", \.logIndexIntervalBytes, range: 0...Int(Int32.max)),
        .int("log.index.size.max.bytes", \.logIndexSizeMaxBytes, range: 4...Int(Int32.max)),
        .string("log.message.timestamp.type") { config, value throws(ValueError) in
            guard let type = TimestampType(rawValue: value) else {
                throw ValueError(message: "expected CreateTime or LogAppendTime, found '\(value)'")
            }
            config.logMessageTimestampType = type
        },
        .string("log.cleanup.policy") { config, value throws(ValueError) in
            guard let policy = CleanupPolicy(value) else {
                throw ValueError(message: "expected delete, compact or compact,delete, found '\(value)'")
            }
            config.logCleanupPolicy = policy
        },
        .bool("log.cleaner.enable", \.logCleanerEnable),
        .int("log.cleaner.threads", \.logCleanerThreads, range: 0...256),
        .int64("log.cleaner.dedupe.buffer.size", \.logCleanerDedupeBufferSize, range: 0...Int64.max),
        .int("log.cleaner.io.buffer.size", \.logCleanerIoBufferSize, range: 0...Int(Int32.max)),
        .double("log.cleaner.io.buffer.load.factor", \.logCleanerIoBufferLoadFactor, range: 0...1),
        .double("log.cleaner.io.max.bytes.per.second", \.logCleanerIoMaxBytesPerSecond,
                range: 0...Double.greatestFiniteMagnitude),
        .int64("log.cleaner.backoff.ms", \.logCleanerBackoffMs, range: 0...Int64.max),
        .double("log.cleaner.min.cleanable.ratio", \.logCleanerMinCleanableRatio, range: 0...1),
        .int64("log.cleaner.delete.retention.ms", \.logCleanerDeleteRetentionMs, range: 0...Int64.max),
        .int64("log.cleaner.min.compaction.lag.ms", \.logCleanerMinCompactionLagMs, range: 0...Int64.max),
        .int64("log.cleaner.max.compaction.lag.ms", \.logCleanerMaxCompactionLagMs, range: 1...Int64.max),
        .int32("num.partitions", \.numPartitions, range: 1...Int32.max),
        .int16("default.replication.factor", \.defaultReplicationFactor, range: 1...Int16.max),
        .int("min.insync.replicas", \.minInsyncReplicas, range: 1...Int(Int32.max)),
        .bool("unclean.leader.election.enable", \.uncleanLeaderElectionEnable),
        .bool("auto.create.topics.enable", \.autoCreateTopicsEnable),
        .bool("delete.topic.enable", \.deleteTopicEnable),
        .int64("replica.lag.time.max.ms", \.replicaLagTimeMaxMs, range: 1...Int64.max),
        .int("num.io.threads", \.numIoThreads, range: 1...256),
        .int("replica.fetch.max.bytes", \.replicaFetchMaxBytes, range: 0...Int(Int32.max)),
        .int("fetch.max.bytes", \.fetchMaxBytes, range: 1024...Int(Int32.max)),
        .int64("log.message.timestamp.difference.max.ms", \.logMessageTimestampDifferenceMaxMs, range: 0...Int64.max),
        .int("replica.fetch.wait.max.ms", \.replicaFetchWaitMaxMs, range: 0...Int(Int32.max)),
        .int64("replica.high.watermark.checkpoint.interval.ms", \.replicaHighWatermarkCheckpointIntervalMs,
               range: 1...Int64.max),
        .bool("auto.leader.rebalance.enable", \.autoLeaderRebalanceEnable),
        .int("leader.imbalance.check.interval.seconds", \.leaderImbalanceCheckIntervalSeconds, range: 1...Int.max),
        .int("leader.imbalance.per.broker.percentage", \.leaderImbalancePerBrokerPercentage, range: 0...100),
        .bool("controlled.shutdown.enable", \.controlledShutdownEnable),
        .int("controlled.shutdown.max.retries", \.controlledShutdownMaxRetries, range: 0...Int(Int32.max)),
        .int("controlled.shutdown.retry.backoff.ms", \.controlledShutdownRetryBackoffMs, range: 0...Int(Int32.max)),
        .int32("offsets.topic.num.partitions", \.offsetsTopicNumPartitions, range: 1...Int32.max),
        .int16("offsets.topic.replication.factor", \.offsetsTopicReplicationFactor, range: 1...Int16.max),
        .int("offsets.topic.segment.bytes", \.offsetsTopicSegmentBytes, range: 1...Int(Int32.max)),
        .int("offsets.retention.minutes", \.offsetsRetentionMinutes, range: 1...Int(Int32.max)),
        .int("offsets.commit.timeout.ms", \.offsetsCommitTimeoutMs, range: 1...Int(Int32.max)),
        .int("group.initial.rebalance.delay.ms", \.groupInitialRebalanceDelayMs, range: 0...Int(Int32.max)),
        .int("group.min.session.timeout.ms", \.groupMinSessionTimeoutMs, range: 0...Int(Int32.max)),
        .int("group.max.session.timeout.ms", \.groupMaxSessionTimeoutMs, range: 0...Int(Int32.max)),
        .int("group.max.size", \.groupMaxSize, range: 1...Int(Int32.max)),
        .int32("transaction.state.log.num.partitions", \.transactionStateLogNumPartitions, range: 1...Int32.max),
        .int16("transaction.state.log.replication.factor", \.transactionStateLogReplicationFactor,
               range: 1...Int16.max),
        .int("transaction.state.log.min.isr", \.transactionStateLogMinIsr, range: 1...Int(Int32.max)),
        .int("transaction.state.log.segment.bytes", \.transactionStateLogSegmentBytes, range: 1...Int(Int32.max)),
        .int32("transaction.max.timeout.ms", \.transactionMaxTimeoutMs, range: 1...Int32.max),
        .int64("transactional.id.expiration.ms", \.transactionalIdExpirationMs, range: 1...Int64(Int32.max)),
        .int64("transaction.abort.timed.out.transaction.cleanup.interval.ms",
               \.transactionAbortTimedOutTransactionCleanupIntervalMs, range: 1...Int64(Int32.max)),
        .int64("transaction.remove.expired.transaction.cleanup.interval.ms",
               \.transactionRemoveExpiredTransactionCleanupIntervalMs, range: 1...Int64(Int32.max)),
        .int("metrics.port", \.metricsPort, range: 0...65535),
    ] + securityKeys + authorizerKeys

    /// Keys from Kafka's sample `server.properties` that Tributary accepts without effect (its threading,
    /// socket buffers and security are its own), so a Kafka config file starts without a flood of warnings.
    static let acceptedWithoutEffect: Set<String> = [
        "num.network.threads", "socket.send.buffer.bytes", "socket.receive.buffer.bytes",
        "num.recovery.threads.per.data.dir", "inter.broker.protocol.version", "log.message.format.version", "num.replica.fetchers",
        "offsets.commit.required.acks", "zookeeper.max.in.flight.requests",
    ]

    static func parseInt(_ value: String, in range: ClosedRange<Int>) throws(ValueError) -> Int {
        guard let number = Int(value) else { throw ValueError(message: "expected an integer, found '\(value)'") }
        guard range.contains(number) else {
            throw ValueError(message: "\(number) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    /// Kafka's `host:count,host:count`; the count follows the last colon, so IPv6 addresses work unbracketed.
    static func parseConnectionOverrides(_ value: String) throws(ValueError) -> [String: Int] {
        var overrides: [String: Int] = [:]
        for entry in value.split(separator: ",") {
            let trimmed = entry.trimmingWhitespace()
            if trimmed.isEmpty { continue }
            guard let colon = trimmed.lastIndex(of: ":") else {
                throw ValueError(message: "expected host:count, found '\(trimmed)'")
            }
            var host = trimmed[..<colon].trimmingWhitespace()
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty else { throw ValueError(message: "expected host:count, found '\(trimmed)'") }
            guard overrides[host] == nil else { throw ValueError(message: "host \(host) is given twice") }
            overrides[host] = try parseInt(trimmed[trimmed.index(after: colon)...].trimmingWhitespace(),
                                           in: 0...Int(Int32.max))
        }
        return overrides
    }

    static func parseDirs(_ value: String) throws(ValueError) -> [String] {
        let dirs = value.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        guard !dirs.isEmpty else { throw ValueError(message: "expected one or more directories") }
        return dirs
    }
}

extension BrokerConfig.Key {
    typealias ValueError = BrokerConfig.ValueError

    static func string(_ name: String,
                       _ apply: @escaping @Sendable (inout BrokerConfig, String) throws(ValueError) -> Void) -> Self {
        Self(name: name, apply: apply)
    }

    static func int(_ name: String, _ path: WritableKeyPath<BrokerConfig, Int> & Sendable,
                    range: ClosedRange<Int>) -> Self {
        Self(name: name) { config, value throws(ValueError) in
            config[keyPath: path] = try BrokerConfig.parseInt(value, in: range)
        }
    }

    static func int64(_ name: String, _ path: WritableKeyPath<BrokerConfig, Int64> & Sendable,
                      range: ClosedRange<Int64>) -> Self {
        Self(name: name) { config, value throws(ValueError) in
            guard let number = Int64(value) else {
                throw ValueError(message: "expected an integer, found '\(value)'")
            }
            guard range.contains(number) else {
                throw ValueError(message: "\(number) is out of range \(range.lowerBound)...\(range.upperBound)")
            }
            config[keyPath: path] = number
        }
    }

    static func int32(_ name: String, _ path: WritableKeyPath<BrokerConfig, Int32> & Sendable,
                      range: ClosedRange<Int32>) -> Self {
        Self(name: name) { config, value throws(ValueError) in
            config[keyPath: path] = Int32(try BrokerConfig.parseInt(value, in: Int(range.lowerBound)...Int(range.upperBound)))
        }
    }

    static func int16(_ name: String, _ path: WritableKeyPath<BrokerConfig, Int16> & Sendable,
                      range: ClosedRange<Int16>) -> Self {
        Self(name: name) { config, value throws(ValueError) in
            config[keyPath: path] = Int16(try BrokerConfig.parseInt(value, in: Int(range.lowerBound)...Int(range.upperBound)))
        }
    }

    /// A real number (Java's `Double.parseDouble`: `0.5`, `1e6`, `1.7976931348623157E308`) within `range`.
    static func double(_ name: String, _ path: WritableKeyPath<BrokerConfig, Double> & Sendable,
                       range: ClosedRange<Double>) -> Self {
        Self(name: name) { config, value throws(ValueError) in
            guard let number = Double(value), number.isFinite else {
                throw ValueError(message: "expected a number, found '\(value)'")
            }
            guard range.contains(number) else {
                throw ValueError(message: "\(number) is out of range \(range.lowerBound)...\(range.upperBound)")
            }
            config[keyPath: path] = number
        }
    }

    static func bool(_ name: String, _ path: WritableKeyPath<BrokerConfig, Bool> & Sendable) -> Self {
        Self(name: name) { config, value throws(ValueError) in
            switch value.lowercased() {
            case "true": config[keyPath: path] = true
            case "false": config[keyPath: path] = false
            default: throw ValueError(message: "expected true or false, found '\(value)'")
            }
        }
    }

    /// A duration given in `unitMs` units, stored in milliseconds; -1 means unlimited where allowed.
    static func scaled(_ name: String, _ path: WritableKeyPath<BrokerConfig, Int64> & Sendable, unitMs: Int64,
                       allowUnlimited: Bool) -> Self {
        Self(name: name) { config, value throws(ValueError) in
            guard let number = Int64(value) else {
                throw ValueError(message: "expected an integer, found '\(value)'")
            }
            if number == -1 && allowUnlimited {
                config[keyPath: path] = -1
                return
            }
            guard number >= 1, number <= Int64.max / unitMs else {
                throw ValueError(message: "\(number) is out of range" + (allowUnlimited ? " (use -1 for unlimited)" : ""))
            }
            config[keyPath: path] = number * unitMs
        }
    }

    /// A listener name as `listeners` spells them (letters, digits, underscore); which listener it must name
    /// is checked with the other keys.
    static func listenerName(_ name: String,
                             _ apply: @escaping @Sendable (inout BrokerConfig, String) -> Void) -> Self {
        Self(name: name) { config, value throws(ValueError) in
            guard !value.isEmpty, value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw ValueError(message: "expected a listener name, found '\(value)'")
            }
            apply(&config, value)
        }
    }

    static func listeners(_ name: String,
                          _ apply: @escaping @Sendable (inout BrokerConfig, [Listener]) throws(ValueError) -> Void)
        -> Self
    {
        Self(name: name) { config, value throws(ValueError) in
            guard let listeners = Listener.parseList(value) else {
                throw ValueError(message: "expected NAME://host:port[,NAME://host:port...], found '\(value)'")
            }
            try apply(&config, listeners)
        }
    }
}
