import Replication
import KafkaModel
import KafkaProtocol
import LogStorage

/// Config resource types on the wire.
enum ConfigResourceType: Int8 {
    case topic = 2
    case broker = 4
    /// Kafka's BROKER_LOGGER: log levels changed at runtime, answered by `BrokerLoggerConfigs` before the
    /// handlers look at the type (AlterConfigs, which Kafka does not serve it through either, refuses it).
    case brokerLogger = 8
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
/// defaults), this broker's (with sources and synonyms), or the cluster-wide dynamic defaults.
struct DescribeConfigsHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...4
    let store: any TopicStore
    let metadata: MetadataCache
    let dynamic: DynamicBrokerConfig
    let loggers: BrokerLoggerConfigs

    typealias Entry = DescribeConfigsResponse.DescribeConfigsResourceResult

    func handle(_ request: DescribeConfigsRequest, context: RequestContext) async -> DescribeConfigsResponse? {
        var results: [DescribeConfigsResponse.DescribeConfigsResult] = []
        let brokers = BrokerConfigDescription(dynamic: dynamic)
        for resource in request.resources {
            if let refusal = context.configRefusal(resourceType: resource.resourceType, name: resource.resourceName,
                                                   .describeConfigs) {
                results.append(.init(errorCode: refusal, errorMessage: refusal.name, resourceType: resource.resourceType,
                                     resourceName: resource.resourceName, configs: []))
                continue
            }
            if resource.resourceType == ConfigResourceType.brokerLogger.rawValue {
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
                result.configs = await topicEntries(topic, keys: resource.configurationKeys,
                                                    includeSynonyms: request.includeSynonyms)
            case .broker where resource.resourceName.isEmpty:
                result.configs = brokers.clusterDefaultEntries(keys: resource.configurationKeys,
                                                               includeSynonyms: request.includeSynonyms)
            case .broker:
                guard resource.resourceName == String(dynamic.staticConfig.brokerID) else {
                    result.errorCode = .invalidRequest
                    result.errorMessage = "Unexpected broker id, expected \(dynamic.staticConfig.brokerID), but "
                        + "received \(resource.resourceName)"
                    break
                }
                result.configs = brokers.brokerEntries(keys: resource.configurationKeys,
                                                       includeSynonyms: request.includeSynonyms)
            case .brokerLogger, nil:
                result.errorCode = .invalidRequest
                result.errorMessage = "unsupported resource type \(resource.resourceType)"
            }
            results.append(result)
        }
        return DescribeConfigsResponse(throttleTimeMs: 0, results: results)
    }

    /// Each topic key: its override, else the broker key it defaults to, at that key's level (this broker's
    /// dynamic value, the cluster default, server.properties, Kafka's default), as Kafka reports them.
    private func topicEntries(_ topic: TopicName, keys: [String]?, includeSynonyms: Bool) async -> [Entry] {
        typealias Synonym = DescribeConfigsResponse.DescribeConfigsSynonym
        let overrides = (try? await store.topicConfig(topic)) ?? [:]
        let current = dynamic.current, brokerOverrides = dynamic.overrides
        let staticConfig = dynamic.staticConfig, kafkaDefaults = BrokerConfig()
        return TopicConfigDefinitions.all.compactMap { definition in
            if let keys, !keys.contains(definition.name) { return nil }
            let brokerKey = TopicConfigDefinitions.brokerSynonyms[definition.name] ?? definition.name
            var synonyms: [Synonym] = []
            if let override = overrides[definition.name] {
                synonyms.append(Synonym(name: definition.name, value: override,
                                        source: ConfigSource.dynamicTopic.rawValue))
            }
            if let own = brokerOverrides.own[brokerKey] {
                synonyms.append(Synonym(name: brokerKey, value: own, source: ConfigSource.dynamicBroker.rawValue))
            }
            if let clusterDefault = brokerOverrides.clusterDefault[brokerKey] {
                synonyms.append(Synonym(name: brokerKey, value: clusterDefault,
                                        source: ConfigSource.dynamicDefaultBroker.rawValue))
            }
            let staticValue = definition.brokerDefault(staticConfig)
            let kafkaDefault = definition.brokerDefault(kafkaDefaults)
            if staticValue != kafkaDefault {
                synonyms.append(Synonym(name: brokerKey, value: staticValue,
                                        source: ConfigSource.staticBroker.rawValue))
            }
            synonyms.append(Synonym(name: brokerKey, value: kafkaDefault, source: ConfigSource.defaultConfig.rawValue))
            let source = synonyms[0].source
            return Entry(name: definition.name, value: overrides[definition.name] ?? definition.brokerDefault(current),
                         readOnly: false, isDefault: source == ConfigSource.defaultConfig.rawValue,
                         configSource: source, isSensitive: false, synonyms: includeSynonyms ? synonyms : [],
                         configType: 0)
        }
    }
}

/// Applies config changes (AlterConfigs replaces an entity's overrides whole; IncrementalAlterConfigs sets,
/// deletes, appends or subtracts single keys) to a topic (`/config/topics/<t>`), this broker
/// (`/config/brokers/<id>`) or the cluster default (`/config/brokers/<default>`, the resource name ""). A broker
/// key that cannot change at runtime, or a bad value for one that can, is INVALID_REQUEST as in Kafka; a bad topic
/// value is INVALID_CONFIG.
struct TopicConfigAlteration {
    let store: any TopicStore
    let metadata: MetadataCache
    let dynamic: DynamicBrokerConfig

    enum Operation: Int8 { case set = 0, delete = 1, append = 2, subtract = 3 }

    /// Returns the error for the resource, or NONE.
    func alter(resourceType: Int8, name: String, validateOnly: Bool,
               change: ([String: String]) -> Result<[String: String], TopicAdmin.Refusal>) async
        -> (KafkaErrorCode, String?)
    {
        switch ConfigResourceType(rawValue: resourceType) {
        case .topic: break
        case .broker: return await alterBroker(name: name, validateOnly: validateOnly, change: change)
        case .brokerLogger, nil: return (.invalidRequest, "unsupported resource type \(resourceType)")
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
    /// Dynamic broker configs, for this broker (a request naming another broker id is refused, as Kafka refuses
    /// it: clients send a broker's configs to that broker) or the cluster default.
    private func alterBroker(name: String, validateOnly: Bool,
                             change: ([String: String]) -> Result<[String: String], TopicAdmin.Refusal>) async
        -> (KafkaErrorCode, String?)
    {
        let entity: String
        let ownID = dynamic.staticConfig.brokerID
        if name.isEmpty {
            entity = ReplicationThrottle.defaultBrokerEntity
        } else if name == String(ownID) {
            entity = name
        } else {
            return (.invalidRequest, "Unexpected broker id, expected \(ownID), but received \(name)")
        }
        do {
            let current = try await store.brokerConfig(entity)
            switch change(current) {
            case .failure(let refusal): return (refusal.code, refusal.message)
            case .success(let updated):
                if let refusal = dynamic.refusal(of: updated) {
                    let resource = "ConfigResource(type=BROKER, name='\(name)')"
                    return (.invalidRequest, "Invalid config value for resource \(resource): \(refusal)")
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
            if let refusal = context.configRefusal(resourceType: resource.resourceType, name: resource.resourceName,
                                                   .alterConfigs) {
                responses.append(.init(errorCode: refusal, errorMessage: refusal.name,
                                       resourceType: resource.resourceType, resourceName: resource.resourceName))
                continue
            }
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
            if let refusal = context.configRefusal(resourceType: resource.resourceType, name: resource.resourceName,
                                                   .alterConfigs) {
                responses.append(.init(errorCode: refusal, errorMessage: refusal.name,
                                       resourceType: resource.resourceType, resourceName: resource.resourceName))
                continue
            }
            if resource.resourceType == ConfigResourceType.brokerLogger.rawValue {
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
