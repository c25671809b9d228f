import Foundation
import KafkaClient
import KafkaModel
import KafkaProtocol

/// What `tributary configs alter` changes: topic and broker configs key by key (IncrementalAlterConfigs), quotas
/// through AlterClientQuotas. As `kafka-configs.sh`, deleting a config the entity does not have is an error.
struct ConfigsAlteration {
    let admin: KafkaAdmin

    /// Returns the line to print once done.
    func alter(_ target: ConfigTarget, added: [String: String], deleted: [String]) async throws -> String {
        let resource: ConfigResource
        switch target {
        case .topics(let topic?): resource = .topic(topic)
        case .brokers(let broker?): resource = .broker(broker)
        case .brokerDefault: resource = .brokerDefault
        case .topics(nil), .brokers(nil):
            throw CommandFailure("--entity-name (or --entity-default for brokers) is required to alter")
        case .quotas(let entity, let anyNamed):
            guard anyNamed == nil else {
                throw CommandFailure("give an --entity-name or --entity-default for each --entity-type")
            }
            return try await alterQuotas(entity, added: added, deleted: deleted)
        }
        if !deleted.isEmpty {
            let present = Set(try await admin.describeConfigs(resource).filter {
                [.dynamicTopicConfig, .dynamicBrokerConfig, .dynamicDefaultBrokerConfig].contains($0.source)
            }.map(\.name))
            let missing = deleted.filter { !present.contains($0) }
            guard missing.isEmpty else {
                throw CommandFailure("Invalid config(s): \(missing.joined(separator: ",")) does not exist")
            }
        }
        let alterations = added.sorted { $0.key < $1.key }.map { ConfigAlteration(name: $0.key, value: $0.value) }
            + deleted.map { ConfigAlteration(name: $0, operation: .delete, value: nil) }
        try await admin.incrementalAlterConfigs(resource, alterations).check(.incrementalAlterConfigs)
        switch resource {
        case .topic(let topic): return "Completed updating config for topic \(topic)."
        case .broker(let broker): return "Completed updating config for broker \(broker.rawValue)."
        case .brokerDefault: return "Completed updating default config for brokers in the cluster."
        }
    }

    private func alterQuotas(_ entity: ClientQuotaEntity, added: [String: String], deleted: [String]) async throws
        -> String
    {
        var changes: [String: Double?] = [:]
        for (key, text) in added {
            guard let value = Double(text) else { throw CommandFailure("\(key)=\(text): not a number") }
            changes[key] = value
        }
        for key in deleted { changes[key] = .some(nil) }
        try await admin.alterClientQuotas(entity, changes).check(.alterClientQuotas)
        return "Completed updating config for \(ConfigsDescription.describe(entity))."
    }

    /// `k1=v1,k2=[a,b]` → `[k1: v1, k2: a,b]`: commas inside brackets belong to the value, as in Kafka's tool.
    static func parseAdded(_ text: String) throws -> [String: String] {
        var entries: [String] = [], current = "", depth = 0
        for character in text {
            switch character {
            case "[": depth += 1; current.append(character)
            case "]": depth = max(0, depth - 1); current.append(character)
            case "," where depth == 0: entries.append(current); current = ""
            default: current.append(character)
            }
        }
        entries.append(current)
        var added: [String: String] = [:]
        for entry in entries where !entry.trimmingCharacters(in: .whitespaces).isEmpty {
            let (key, parsed) = try parseKeyValue(entry.trimmingCharacters(in: .whitespaces), what: "--add-config")
            let bracketed = parsed.hasPrefix("[") && parsed.hasSuffix("]")
            added[key] = bracketed ? String(parsed.dropFirst().dropLast()) : parsed
        }
        return added
    }
}
