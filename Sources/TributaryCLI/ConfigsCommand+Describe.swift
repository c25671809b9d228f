import KafkaClient
import KafkaModel

/// What `tributary configs describe` prints, in `kafka-configs.sh --describe`'s words:
/// `Dynamic configs for broker 1 are:` then `  key=value sensitive=false synonyms={DYNAMIC_BROKER_CONFIG:key=value,
/// DEFAULT_CONFIG:key=default}`; `Quota configs for client-id 'c' are producer_byte_rate=1048576.0`.
struct ConfigsDescription {
    let admin: KafkaAdmin
    let all: Bool

    func print(_ target: ConfigTarget) async throws {
        switch target {
        case .topics(let topic):
            var topics = topic.map { [$0] } ?? []
            if topic == nil { topics = try await admin.listTopics().sorted { $0.rawValue < $1.rawValue } }
            for topic in topics {
                let entries = try await admin.describeConfigs(.topic(topic), includeSynonyms: true)
                Swift.print("\(all ? "All" : "Dynamic") configs for topic \(topic) are:")
                show(entries.filter { all || $0.source == .dynamicTopicConfig })
            }
        case .brokers(let broker):
            var brokers = broker.map { [$0] } ?? []
            if broker == nil { brokers = try await admin.describeCluster().brokers.keys.sorted() }
            for broker in brokers {
                let entries = try await admin.describeConfigs(.broker(broker), includeSynonyms: true)
                Swift.print("\(all ? "All" : "Dynamic") configs for broker \(broker.rawValue) are:")
                show(entries.filter { all || $0.source == .dynamicBrokerConfig })
            }
        case .brokerDefault:
            let entries = try await admin.describeConfigs(.brokerDefault, includeSynonyms: true)
            Swift.print("Default configs for brokers in the cluster are:")
            show(entries.filter { $0.source == .dynamicDefaultBrokerConfig })
        case .quotas(let entity, let anyNamed):
            var components = entity.parts.map { part in
                ClientQuotaFilterComponent(entityType: part.type,
                                           match: part.name.map { .exactly($0) } ?? .defaultEntity)
            }
            if let anyNamed { components.append(.init(entityType: anyNamed, match: .anyNamed)) }
            let quotas = try await admin.describeClientQuotas(components, strict: true)
            for (entity, values) in quotas.sorted(by: { Self.describe($0.key) < Self.describe($1.key) }) {
                let text = values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
                Swift.print("Quota configs for \(Self.describe(entity)) are \(text)")
            }
        }
    }

    private func show(_ entries: [ConfigEntry]) {
        for entry in entries {
            let synonyms = entry.synonyms.map { "\(Self.name(of: $0.source)):\($0.name)=\($0.value ?? "null")" }
            Swift.print("  \(entry.name)=\(entry.isSensitive ? "null" : entry.value ?? "null") "
                + "sensitive=\(entry.isSensitive) synonyms={\(synonyms.joined(separator: ", "))}")
        }
    }

    /// Kafka's tool names the principal's type `user-principal`.
    static func describe(_ entity: ClientQuotaEntity) -> String {
        entity.parts.map { part in
            let type = part.type == ClientQuotaEntity.user ? "user-principal" : part.type
            return part.name.map { "\(type) '\($0)'" } ?? "the default \(type)"
        }.joined(separator: ", ")
    }

    static func name(of source: ConfigEntry.Source) -> String {
        switch source {
        case .unknown: "UNKNOWN"
        case .dynamicTopicConfig: "DYNAMIC_TOPIC_CONFIG"
        case .dynamicBrokerConfig: "DYNAMIC_BROKER_CONFIG"
        case .dynamicDefaultBrokerConfig: "DYNAMIC_DEFAULT_BROKER_CONFIG"
        case .staticBrokerConfig: "STATIC_BROKER_CONFIG"
        case .defaultConfig: "DEFAULT_CONFIG"
        case .dynamicBrokerLoggerConfig: "DYNAMIC_BROKER_LOGGER_CONFIG"
        case .dynamicClientMetricsConfig: "CLIENT_METRICS_CONFIG"
        }
    }
}
