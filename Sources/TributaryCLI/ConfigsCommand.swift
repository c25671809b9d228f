import ArgumentParser
import Foundation
import KafkaClient
import KafkaModel
import KafkaProtocol

/// `tributary configs describe|alter`: topic, broker and cluster-default broker configs, and client quotas, with
/// `kafka-configs.sh`'s flags and output. Topic and broker configs go through DescribeConfigs and
/// IncrementalAlterConfigs (a broker's to that broker), quotas through DescribeClientQuotas and AlterClientQuotas.
struct ConfigsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "configs",
        abstract: "Describe or change topic, broker, client and user configs, like kafka-configs.sh.",
        subcommands: [Describe.self, Alter.self])

    /// `--entity-type`, `--entity-name`, `--entity-default`; a user with a client id is named by giving both
    /// types, each followed by its name (or by `--entity-default` for the one without).
    struct EntityOptions: ParsableArguments {
        @Option(help: "topics, brokers, clients or users (users and clients together for a user's client id).")
        var entityType: [String] = []
        @Option(help: "The entity's name: a topic, a broker id, a client id or a user.")
        var entityName: [String] = []
        @Flag(help: "The default entity: cluster-wide broker defaults, or the default client id or user.")
        var entityDefault = false

        /// What the options name.
        func target() throws -> ConfigTarget {
            let types = entityType.map { $0.lowercased() }
            guard let first = types.first else { throw CommandFailure("--entity-type is required") }
            for type in types where !["topics", "brokers", "clients", "users"].contains(type) {
                throw CommandFailure("--entity-type \(type): expected topics, brokers, clients or users")
            }
            switch first {
            case "topics", "brokers":
                guard types.count == 1, entityName.count <= 1 else {
                    throw CommandFailure("--entity-type \(first) takes one entity")
                }
                if first == "topics" {
                    guard !entityDefault else { throw CommandFailure("topics have no default entity") }
                    return .topics(entityName.first.map { TopicName($0) })
                }
                if entityDefault { return .brokerDefault }
                guard let name = entityName.first else { return .brokers(nil) }
                guard let id = Int32(name), id >= 0 else { throw CommandFailure("'\(name)' is not a broker id") }
                return .brokers(BrokerID(id))
            default:
                // users/clients: names are given in type order; a type past the names given is the default.
                guard Set(types).count == types.count, types.allSatisfy({ $0 == "users" || $0 == "clients" }) else {
                    throw CommandFailure("users and clients may be combined, each given once")
                }
                guard entityName.count <= types.count,
                      entityName.count == types.count || entityDefault || types.count == 1 else {
                    throw CommandFailure("give an --entity-name or --entity-default for each --entity-type")
                }
                var parts: [ClientQuotaEntity.Part] = []
                for (index, type) in types.enumerated() {
                    let kind = type == "users" ? ClientQuotaEntity.user : ClientQuotaEntity.clientID
                    if index < entityName.count {
                        parts.append(.init(type: kind, name: entityName[index]))
                    } else if entityDefault {
                        parts.append(.init(type: kind, name: nil))
                    } else {
                        return .quotas(ClientQuotaEntity(parts), anyNamed: kind)
                    }
                }
                return .quotas(ClientQuotaEntity(parts), anyNamed: nil)
            }
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print an entity's dynamic configs (all its configs with --all), or the quotas of clients/users.")
        @OptionGroup var connection: BootstrapOptions
        @OptionGroup var entity: EntityOptions
        @Flag(help: "Every config of a topic or broker, not only the dynamic ones.") var all = false

        func run() async throws {
            try await runReportingFailure {
                let target = try entity.target()
                let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, clientID: "configs-tool",
                                           security: connection.clientSecurity())
                do {
                    try await ConfigsDescription(admin: admin, all: all).print(target)
                } catch {
                    await admin.close()
                    throw error
                }
                await admin.close()
            }
        }
    }

    struct Alter: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or delete configs of a topic, a broker, the broker default, a client id or a user.")
        @OptionGroup var connection: BootstrapOptions
        @OptionGroup var entity: EntityOptions
        @Option(help: "Configs to set: k1=v1,k2=[v1,v2] (a bracketed value may contain commas).")
        var addConfig: String?
        @Option(help: "Configs to remove: k1,k2.") var deleteConfig: String?

        func run() async throws {
            try await runReportingFailure {
                let target = try entity.target()
                let added = try ConfigsAlteration.parseAdded(addConfig ?? "")
                let deleted = (deleteConfig ?? "").split(separator: ",")
                    .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                guard !added.isEmpty || !deleted.isEmpty else {
                    throw CommandFailure("give --add-config or --delete-config")
                }
                if let both = deleted.first(where: { added[$0] != nil }) {
                    throw CommandFailure("\(both) is both added and deleted")
                }
                let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, clientID: "configs-tool",
                                           security: connection.clientSecurity())
                do {
                    let done = try await ConfigsAlteration(admin: admin).alter(target, added: added, deleted: deleted)
                    print(done)
                } catch {
                    await admin.close()
                    throw error
                }
                await admin.close()
            }
        }
    }
}

/// The entity a `configs` command works on.
enum ConfigTarget {
    /// A topic, or every topic (nil).
    case topics(TopicName?)
    /// A broker, or every broker (nil).
    case brokers(BrokerID?)
    case brokerDefault
    /// A user, client id or both; `anyNamed` is a type given without name (describe: every named one).
    case quotas(ClientQuotaEntity, anyNamed: String?)
}
