import Replication
import KafkaModel
import KafkaProtocol
import LogStorage

/// Config resource types on the wire.
enum ConfigResourceType: Int8 {
    case topic = 2
    case broker = 4
}

/// Kafka's `ConfigSource` values used in DescribeConfigs.
enum ConfigSource: Int8 {
    case dynamicTopic = 1
    case dynamicBroker = 2
    case dynamicDefaultBroker = 3
    case staticBroker = 4
    case defaultConfig = 5
}

/// DescribeConfigs (32): a topic's effective configs (overrides marked as such, the rest from broker
/// defaults), or this broker's.
struct DescribeConfigsHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...4
    let store: any TopicStore
    let metadata: MetadataCache
    let config: BrokerConfig
    let throttle: ReplicationThrottle
    let loggers: BrokerLoggerConfigs

    typealias Entry = DescribeConfigsResponse.DescribeConfigsResourceResult

    func handle(_ request: DescribeConfigsRequest, context: RequestContext) async -> DescribeConfigsResponse? {
        var results: [DescribeConfigsResponse.DescribeConfigsResult] = []
        for resource in request.resources {
            if resource.resourceType == BrokerLoggerConfigs.resourceType {
                results.append(loggers.describe(resource))
                continue
            }
            var result = DescribeConfigsResponse.DescribeConfigsResult(
                errorCode: .none, resourceType: resource.resourceType, resourceName: resource.resourceName)
            switch ConfigResourceType(rawValue: resource.resourceType) {
            case .topic:
                let topic = TopicName(resource.resourceName)
                guard metadata.snapshot.topics[topic] != nil else {
                    result.errorCode = .unknownTopicOrPartition
                    result.errorMessage = "Topic '\(topic)' does not exist."
                    break
                }
                let overrides = (try? await store.topicConfig(topic)) ?? [:]
                let kafkaDefaults = BrokerConfig()
                result.configs = TopicConfigDefinitions.all.compactMap { definition in
                    if let keys = resource.configurationKeys, !keys.contains(definition.name) { return nil }
                    let override = overrides[definition.name]
                    let brokerValue = definition.brokerDefault(config)
                    // A broker setting that differs from Kafka's default came from server.properties, as Kafka
                    // reports it (kafka-topics then shows it, as it shows overrides).
                    let source: ConfigSource = override != nil ? .dynamicTopic
                        : brokerValue != definition.brokerDefault(kafkaDefaults) ? .staticBroker : .defaultConfig
                    return Entry(name: definition.name, value: override ?? brokerValue,
                                 readOnly: false, isDefault: source == .defaultConfig, configSource: source.rawValue,
                                 isSensitive: false, configType: 0)
                }
            case .broker:
                guard resource.resourceName.isEmpty || resource.resourceName == String(config.brokerID) else {
                    result.errorCode = .invalidRequest
                    result.errorMessage = "broker \(resource.resourceName) is not this broker"
                    break
                }
                result.configs = BrokerConfigDescription.entries(config).compactMap { name, value in
                    if let keys = resource.configurationKeys, !keys.contains(name) { return nil }
                    return Entry(name: name, value: value, readOnly: true, isDefault: false,
                                 configSource: ConfigSource.staticBroker.rawValue, isSensitive: false, configType: 0)
                } + dynamicEntries(keys: resource.configurationKeys)
            case nil:
                result.errorCode = .invalidRequest
                result.errorMessage = "unsupported resource type \(resource.resourceType)"
            }
            results.append(result)
        }
        return DescribeConfigsResponse(throttleTimeMs: 0, results: results)
    }
}

extension DescribeConfigsHandler {
    /// The dynamic rates: this broker's own, else the cluster default, else unlimited (Kafka's Long.MAX_VALUE).
    private func dynamicEntries(keys: [String]?) -> [Entry] {
        let set = Dictionary(uniqueKeysWithValues: throttle.describedRates.map { ($0.name, $0) })
        return ReplicationThrottle.rateKeys.sorted().compactMap { name -> Entry? in
            if let keys, !keys.contains(name) { return nil }
            guard let rate = set[name] else {
                return Entry(name: name, value: String(Int64.max), readOnly: false, isDefault: true,
                             configSource: ConfigSource.defaultConfig.rawValue, isSensitive: false, configType: 0)
            }
            let source: ConfigSource = rate.own ? .dynamicBroker : .dynamicDefaultBroker
            return Entry(name: name, value: rate.value, readOnly: false, isDefault: false,
                         configSource: source.rawValue, isSensitive: false, configType: 0)
        }
    }
}

/// The broker configs DescribeConfigs reports.
enum BrokerConfigDescription {
    static func entries(_ config: BrokerConfig) -> [(String, String)] {
        [
            ("broker.id", String(config.brokerID)),
            ("listeners", config.listeners.map(\.description).joined(separator: ",")),
            ("log.dirs", config.logDirs.joined(separator: ",")),
            ("zookeeper.connect", config.zookeeperConnect),
            ("zookeeper.session.timeout.ms", String(config.zookeeperSessionTimeoutMs)),
            ("num.partitions", String(config.numPartitions)),
            ("default.replication.factor", String(config.defaultReplicationFactor)),
            ("min.insync.replicas", String(config.minInsyncReplicas)),
            ("log.segment.bytes", String(config.logSegmentBytes)),
            ("log.retention.ms", String(config.logRetentionMs)),
            ("log.retention.bytes", String(config.logRetentionBytes)),
            ("message.max.bytes", String(config.messageMaxBytes)),
            ("auto.create.topics.enable", String(config.autoCreateTopicsEnable)),
            ("delete.topic.enable", String(config.deleteTopicEnable)),
            ("unclean.leader.election.enable", String(config.uncleanLeaderElectionEnable)),
            ("offsets.topic.replication.factor", String(config.offsetsTopicReplicationFactor)),
            ("offsets.topic.num.partitions", String(config.offsetsTopicNumPartitions)),
            ("log.cleanup.policy", config.logCleanupPolicy.description),
            ("log.cleaner.enable", String(config.logCleanerEnable)),
            ("log.cleaner.threads", String(config.logCleanerThreads)),
            ("log.cleaner.dedupe.buffer.size", String(config.logCleanerDedupeBufferSize)),
            ("log.cleaner.io.max.bytes.per.second", String(config.logCleanerIoMaxBytesPerSecond)),
            ("log.cleaner.backoff.ms", String(config.logCleanerBackoffMs)),
            ("log.cleaner.min.cleanable.ratio", String(config.logCleanerMinCleanableRatio)),
            ("log.cleaner.delete.retention.ms", String(config.logCleanerDeleteRetentionMs)),
        ]
    }
}

/// Applies topic config changes (AlterConfigs replaces the overrides whole; IncrementalAlterConfigs sets,
/// deletes, appends or subtracts single keys). Of the broker configs only the replication throttle rates are
/// dynamic (`/config/brokers/<id>`, or `/config/brokers/<default>` for the resource name ""); any other
/// broker key is INVALID_REQUEST.
struct TopicConfigAlteration {
    let store: any TopicStore
    let metadata: MetadataCache

    enum Operation: Int8 { case set = 0, delete = 1, append = 2, subtract = 3 }

    /// Returns the error for the resource, or NONE.
    func alter(resourceType: Int8, name: String, validateOnly: Bool,
               change: ([String: String]) -> Result<[String: String], TopicAdmin.Refusal>) async
        -> (KafkaErrorCode, String?)
    {
        switch ConfigResourceType(rawValue: resourceType) {
        case .topic: break
        case .broker: return await alterBroker(name: name, validateOnly: validateOnly, change: change)
        case nil: return (.invalidRequest, "unsupported resource type \(resourceType)")
        }
        let topic = TopicName(name)
        guard metadata.snapshot.topics[topic] != nil else {
            return (.unknownTopicOrPartition, "Topic '\(topic)' does not exist.")
        }
        do {
            let current = try await store.topicConfig(topic)
            switch change(current) {
            case .failure(let refusal): return (refusal.code, refusal.message)
            case .success(let updated):
                for (key, value) in updated {
                    if let problem = TopicConfigDefinitions.problem(name: key, value: value) {
                        return (.invalidConfig, problem)
                    }
                }
                if !validateOnly { try await store.setTopicConfig(topic, updated) }
                return (.none, nil)
            }
        } catch {
            return (.unknownServerError, "\(error)")
        }
    }
}

extension TopicConfigAlteration {
    /// Dynamic broker configs: the two replication throttle rates, for one broker id or the cluster default.
    private func alterBroker(name: String, validateOnly: Bool,
                             change: ([String: String]) -> Result<[String: String], TopicAdmin.Refusal>) async
        -> (KafkaErrorCode, String?)
    {
        let entity: String
        if name.isEmpty {
            entity = ReplicationThrottle.defaultBrokerEntity
        } else if let id = Int32(name), id >= 0 {
            entity = String(id)
        } else {
            return (.invalidRequest, "broker resource name '\(name)' is neither a broker id nor empty (the default)")
        }
        do {
            let current = try await store.brokerConfig(entity)
            switch change(current) {
            case .failure(let refusal): return (refusal.code, refusal.message)
            case .success(let updated):
                let allowed = ReplicationThrottle.rateKeys.sorted().joined(separator: " and ")
                for (key, value) in updated {
                    guard ReplicationThrottle.rateKeys.contains(key) else {
                        return (.invalidRequest, "broker config \(key) cannot be altered dynamically; only \(allowed) can")
                    }
                    guard let rate = Int64(value), rate > 0 else {
                        return (.invalidConfig, "\(key) must be a positive number of bytes per second, not '\(value)'")
                    }
                }
                if !validateOnly { try await store.setBrokerConfig(entity, updated) }
                return (.none, nil)
            }
        } catch {
            return (.unknownServerError, "\(error)")
        }
    }
}

struct AlterConfigsHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...2
    let alteration: TopicConfigAlteration

    func handle(_ request: AlterConfigsRequest, context: RequestContext) async -> AlterConfigsResponse? {
        var responses: [AlterConfigsResponse.AlterConfigsResourceResponse] = []
        for resource in request.resources {
            let (code, message) = await alteration.alter(
                resourceType: resource.resourceType, name: resource.resourceName,
                validateOnly: request.validateOnly
            ) { _ in
                var updated: [String: String] = [:]
                for config in resource.configs { if let value = config.value { updated[config.name] = value } }
                return .success(updated)
            }
            responses.append(.init(errorCode: code, errorMessage: message, resourceType: resource.resourceType,
                                   resourceName: resource.resourceName))
        }
        return AlterConfigsResponse(throttleTimeMs: 0, responses: responses)
    }
}

struct IncrementalAlterConfigsHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...1
    let alteration: TopicConfigAlteration
    let loggers: BrokerLoggerConfigs

    func handle(_ request: IncrementalAlterConfigsRequest, context: RequestContext) async
        -> IncrementalAlterConfigsResponse?
    {
        var responses: [IncrementalAlterConfigsResponse.AlterConfigsResourceResponse] = []
        for resource in request.resources {
            if resource.resourceType == BrokerLoggerConfigs.resourceType {
                let (code, message) = loggers.alter(resource, validateOnly: request.validateOnly)
                responses.append(.init(errorCode: code, errorMessage: message, resourceType: resource.resourceType,
                                       resourceName: resource.resourceName))
                continue
            }
            let (code, message) = await alteration.alter(
                resourceType: resource.resourceType, name: resource.resourceName,
                validateOnly: request.validateOnly
            ) { current in
                var updated = current
                for config in resource.configs {
                    guard let operation = TopicConfigAlteration.Operation(rawValue: config.configOperation) else {
                        return .failure(.init(code: .invalidRequest, message: "unknown operation \(config.configOperation)"))
                    }
                    switch operation {
                    case .set: updated[config.name] = config.value
                    case .delete: updated[config.name] = nil
                    case .append, .subtract:
                        var items = (updated[config.name] ?? "").split(separator: ",").map(String.init)
                        let values = (config.value ?? "").split(separator: ",").map(String.init)
                        if operation == .append {
                            items += values.filter { !items.contains($0) }
                        } else {
                            items.removeAll(where: values.contains)
                        }
                        updated[config.name] = items.isEmpty ? nil : items.joined(separator: ",")
                    }
                }
                return .success(updated)
            }
            responses.append(.init(errorCode: code, errorMessage: message, resourceType: resource.resourceType,
                                   resourceName: resource.resourceName))
        }
        return IncrementalAlterConfigsResponse(throttleTimeMs: 0, responses: responses)
    }
}
