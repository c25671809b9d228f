import KafkaProtocol

/// DescribeConfigs for BROKER resources, as Kafka reports them: each key's effective value, where it comes from
/// (`DYNAMIC_BROKER_CONFIG` over `DYNAMIC_DEFAULT_BROKER_CONFIG` over `STATIC_BROKER_CONFIG` over
/// `DEFAULT_CONFIG`), whether it may change at runtime (`read_only` otherwise), and with `include_synonyms` every
/// level that sets it, the winning one first.
///
/// A static value is told from Kafka's default by comparing it with the default, so a key set in
/// `server.properties` to exactly its default is reported as `DEFAULT_CONFIG`.
struct BrokerConfigDescription {
    typealias Entry = DescribeConfigsResponse.DescribeConfigsResourceResult
    typealias Synonym = DescribeConfigsResponse.DescribeConfigsSynonym

    let dynamic: DynamicBrokerConfig
    /// The replication rates' values (they live in the throttle, not in `BrokerConfig`).
    let unlimitedRate = String(Int64.max)

    /// This broker's resource (`name` = its id): every key described.
    func brokerEntries(keys: [String]?, includeSynonyms: Bool) -> [Entry] {
        let current = dynamic.current, overrides = dynamic.overrides
        let staticConfig = dynamic.staticConfig, kafkaDefaults = BrokerConfig()
        var entries: [Entry] = []
        for (name, value) in Self.described {
            if let keys, !keys.contains(name) { continue }
            entries.append(entry(name: name, value: value(current), own: overrides.own[name],
                                 clusterDefault: overrides.clusterDefault[name], staticValue: value(staticConfig),
                                 kafkaDefault: value(kafkaDefaults), includeSynonyms: includeSynonyms))
        }
        for name in DynamicBrokerKeys.replicationRates.sorted() {
            if let keys, !keys.contains(name) { continue }
            let own = overrides.own[name], clusterDefault = overrides.clusterDefault[name]
            entries.append(entry(name: name, value: own ?? clusterDefault ?? unlimitedRate, own: own,
                                 clusterDefault: clusterDefault, staticValue: unlimitedRate,
                                 kafkaDefault: unlimitedRate, includeSynonyms: includeSynonyms))
        }
        return entries
    }

    /// The cluster default resource (`name` = ""): only what `/config/brokers/<default>` sets, as Kafka answers.
    func clusterDefaultEntries(keys: [String]?, includeSynonyms: Bool) -> [Entry] {
        dynamic.overrides.clusterDefault.sorted { $0.key < $1.key }.compactMap { name, value in
            if let keys, !keys.contains(name) { return nil }
            let source = ConfigSource.dynamicDefaultBroker.rawValue
            return Entry(name: name, value: value, readOnly: false, isDefault: false, configSource: source,
                         isSensitive: false,
                         synonyms: includeSynonyms ? [Synonym(name: name, value: value, source: source)] : [],
                         configType: 0)
        }
    }

    private func entry(name: String, value: String?, own: String?, clusterDefault: String?, staticValue: String?,
                       kafkaDefault: String?, includeSynonyms: Bool) -> Entry
    {
        var synonyms: [Synonym] = []
        if let own { synonyms.append(Synonym(name: name, value: own, source: ConfigSource.dynamicBroker.rawValue)) }
        if let clusterDefault {
            synonyms.append(Synonym(name: name, value: clusterDefault,
                                    source: ConfigSource.dynamicDefaultBroker.rawValue))
        }
        if staticValue != kafkaDefault {
            synonyms.append(Synonym(name: name, value: staticValue, source: ConfigSource.staticBroker.rawValue))
        }
        synonyms.append(Synonym(name: name, value: kafkaDefault, source: ConfigSource.defaultConfig.rawValue))
        let source = synonyms[0].source
        return Entry(name: name, value: value, readOnly: !DynamicBrokerKeys.applied.contains(name),
                     isDefault: source == ConfigSource.defaultConfig.rawValue, configSource: source,
                     isSensitive: false, synonyms: includeSynonyms ? synonyms : [], configType: 0)
    }

    /// The broker keys described, with how to read each from a config (nil: Kafka's `null`).
    static let described: [(String, @Sendable (BrokerConfig) -> String?)] = [
        ("broker.id", { String($0.brokerID) }),
        ("broker.rack", { $0.rack }),
        ("listeners", { $0.listeners.map(\.description).joined(separator: ",") }),
        ("advertised.listeners", { $0.advertisedListeners?.map(\.description).joined(separator: ",") }),
        ("log.dirs", { $0.logDirs.joined(separator: ",") }),
        ("zookeeper.connect", { $0.zookeeperConnect }),
        ("zookeeper.session.timeout.ms", { String($0.zookeeperSessionTimeoutMs) }),
        ("num.partitions", { String($0.numPartitions) }),
        ("default.replication.factor", { String($0.defaultReplicationFactor) }),
        ("min.insync.replicas", { String($0.minInsyncReplicas) }),
        ("log.segment.bytes", { String($0.logSegmentBytes) }),
        ("log.roll.ms", { String($0.logRollMs) }),
        ("log.retention.ms", { String($0.logRetentionMs) }),
        ("log.retention.bytes", { String($0.logRetentionBytes) }),
        ("log.retention.check.interval.ms", { String($0.logRetentionCheckIntervalMs) }),
        ("log.index.size.max.bytes", { String($0.logIndexSizeMaxBytes) }),
        ("log.index.interval.bytes", { String($0.logIndexIntervalBytes) }),
        ("log.flush.interval.messages", { String($0.logFlushIntervalMessages) }),
        ("log.flush.interval.ms", { $0.logFlushIntervalMs.map { String($0) } }),
        ("log.message.timestamp.type", { $0.logMessageTimestampType.rawValue }),
        ("log.message.timestamp.difference.max.ms", { String($0.logMessageTimestampDifferenceMaxMs) }),
        ("message.max.bytes", { String($0.messageMaxBytes) }),
        ("socket.request.max.bytes", { String($0.socketRequestMaxBytes) }),
        ("queued.max.requests", { String($0.queuedMaxRequests) }),
        ("max.connections", { String($0.maxConnections) }),
        ("max.connections.per.ip", { String($0.maxConnectionsPerIp) }),
        ("max.connections.per.ip.overrides", {
            $0.maxConnectionsPerIpOverrides.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }
                .joined(separator: ",")
        }),
        ("connections.max.idle.ms", { String($0.connectionsMaxIdleMs) }),
        ("num.io.threads", { String($0.numIoThreads) }),
        ("fetch.max.bytes", { String($0.fetchMaxBytes) }),
        ("auto.create.topics.enable", { String($0.autoCreateTopicsEnable) }),
        ("delete.topic.enable", { String($0.deleteTopicEnable) }),
        ("unclean.leader.election.enable", { String($0.uncleanLeaderElectionEnable) }),
        ("offsets.topic.replication.factor", { String($0.offsetsTopicReplicationFactor) }),
        ("offsets.topic.num.partitions", { String($0.offsetsTopicNumPartitions) }),
        ("log.cleanup.policy", { $0.logCleanupPolicy.description }),
        ("log.cleaner.enable", { String($0.logCleanerEnable) }),
        ("log.cleaner.threads", { String($0.logCleanerThreads) }),
        ("log.cleaner.dedupe.buffer.size", { String($0.logCleanerDedupeBufferSize) }),
        ("log.cleaner.io.max.bytes.per.second", { String($0.logCleanerIoMaxBytesPerSecond) }),
        ("log.cleaner.backoff.ms", { String($0.logCleanerBackoffMs) }),
        ("log.cleaner.min.cleanable.ratio", { String($0.logCleanerMinCleanableRatio) }),
        ("log.cleaner.delete.retention.ms", { String($0.logCleanerDeleteRetentionMs) }),
        ("log.cleaner.min.compaction.lag.ms", { String($0.logCleanerMinCompactionLagMs) }),
        ("log.cleaner.max.compaction.lag.ms", { String($0.logCleanerMaxCompactionLagMs) }),
    ]
}
