import ArgumentParser
import KafkaClient
import KafkaModel
import KafkaProtocol

/// `tributary topics ...`: create, list, describe, delete and alter topics, like `kafka-topics.sh`.
struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "Create, list, describe, delete and alter topics.",
        subcommands: [Create.self, List.self, Describe.self, Delete.self, Alter.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a topic.")
        @OptionGroup var connection: BootstrapOptions
        @Argument(help: "The topic's name.") var name: String
        @Option(help: "Number of partitions (default: the broker's num.partitions).") var partitions: Int32?
        @Option(help: "Replicas per partition (default: the broker's default.replication.factor).")
        var replicationFactor: Int16?
        @Option(help: "Explicit replicas, Kafka's format: partitions separated by ',', brokers by ':' (1:2,2:3).")
        var replicaAssignment: String?
        @Option(name: .customLong("config"), help: "A topic config, key=value (repeatable).")
        var configs: [String] = []
        @Flag(help: "Succeed quietly when the topic exists already.") var ifNotExists = false
        @Option(help: "Output format.") var output: OutputFormat = .text

        func run() async throws {
            try await runReportingFailure {
                var topic = NewTopic(name: TopicName(name), partitions: partitions ?? -1,
                                     replicationFactor: replicationFactor ?? -1)
                for config in configs {
                    let (key, value) = try parseKeyValue(config, what: "config")
                    topic.configs[key] = value
                }
                if let replicaAssignment {
                    guard partitions == nil, replicationFactor == nil else {
                        throw CommandFailure("--replica-assignment excludes --partitions and --replication-factor")
                    }
                    topic.assignments = try Self.parseAssignment(replicaAssignment)
                }
                let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, security: connection.clientSecurity())
                defer { Task { await admin.close() } }
                guard let result = try await admin.createTopics([topic]).first else {
                    throw CommandFailure("the broker did not answer for topic \(name)")
                }
                let existed = result.errorCode == .topicAlreadyExists
                if !result.succeeded && !(existed && ifNotExists) { try result.check(.createTopics) }
                if output == .json {
                    try printJSON(["topic": name, "created": result.succeeded])
                } else if result.succeeded {
                    print("Created topic \(name).")
                }
                await admin.close()
            }
        }

        static func parseAssignment(_ text: String) throws -> [PartitionIndex: [BrokerID]] {
            var assignments: [PartitionIndex: [BrokerID]] = [:]
            for (index, replicas) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
                let brokers = try replicas.split(separator: ":").map { part -> BrokerID in
                    guard let id = Int32(part.trimmingCharacters(in: .whitespaces)) else {
                        throw CommandFailure("replica assignment '\(text)': '\(part)' is not a broker id")
                    }
                    return BrokerID(id)
                }
                guard !brokers.isEmpty else { throw CommandFailure("replica assignment '\(text)' has an empty partition") }
                assignments[PartitionIndex(Int32(index))] = brokers
            }
            return assignments
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List topic names, one per line.")
        @OptionGroup var connection: BootstrapOptions
        @Flag(help: "Include internal topics (__consumer_offsets).") var includeInternal = false
        @Option(help: "Output format.") var output: OutputFormat = .text

        func run() async throws {
            try await runReportingFailure {
                let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, security: connection.clientSecurity())
                let names = try await admin.listTopics(includeInternal: includeInternal).map(\.rawValue)
                await admin.close()
                if output == .json { try printJSON(names) } else { names.forEach { print($0) } }
            }
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Describe topics: partitions, leaders, replicas, in-sync replicas and configs.")
        @OptionGroup var connection: BootstrapOptions
        @Argument(help: "The topic (default: every topic).") var name: String?
        @Option(help: "Output format.") var output: OutputFormat = .text
        @Flag(help: "Only partitions whose in-sync replicas are fewer than their replicas.")
        var underReplicatedPartitions = false
        @Flag(help: "Only partitions without a leader.") var unavailablePartitions = false
        @Flag(help: "Only partitions whose in-sync replicas are fewer than the topic's min.insync.replicas.")
        var underMinIsrPartitions = false

        func run() async throws {
            try await runReportingFailure {
                let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, security: connection.clientSecurity())
                var topics = try await admin.describeTopics(name.map { [TopicName($0)] })
                var configs: [TopicName: [ConfigEntry]] = [:]
                var minInsyncReplicas: [TopicName: Int] = [:]
                for topic in topics {
                    let entries = (try? await admin.describeConfigs(.topic(topic.name))) ?? []
                    // As kafka-topics shows them: every value not at Kafka's default (set on the topic, or in the
                    // broker's server.properties, such as log.cleanup.policy); none if the broker cannot say.
                    configs[topic.name] = entries.filter { !$0.isDefault }
                    minInsyncReplicas[topic.name] = entries.first { $0.name == "min.insync.replicas" }
                        .flatMap { $0.value.flatMap { Int($0) } } ?? 1
                }
                await admin.close()
                // The health filters of kafka-topics.sh: only matching partitions, and no topic lines.
                let filtered = underReplicatedPartitions || unavailablePartitions || underMinIsrPartitions
                if filtered {
                    topics = topics.map { topic in
                        var topic = topic
                        topic.partitions = topic.partitions.filter { partition in
                            (underReplicatedPartitions && partition.isr.count < partition.replicas.count)
                                || (unavailablePartitions && partition.leader == .none)
                                || (underMinIsrPartitions
                                    && partition.isr.count < minInsyncReplicas[topic.name, default: 1])
                        }
                        return topic
                    }.filter { !$0.partitions.isEmpty }
                }
                if output == .json {
                    try printJSON(topics.map { topic in
                        [
                            "name": topic.name.rawValue,
                            "internal": topic.isInternal,
                            "configs": Dictionary(uniqueKeysWithValues: (configs[topic.name] ?? []).map {
                                ($0.name, $0.value ?? "")
                            }),
                            "partitions": topic.partitions.map { partition in
                                [
                                    "partition": Int(partition.index.rawValue),
                                    "leader": Int(partition.leader.rawValue),
                                    "replicas": partition.replicas.map { Int($0.rawValue) },
                                    "isr": partition.isr.map { Int($0.rawValue) },
                                    "offline": partition.offlineReplicas.map { Int($0.rawValue) },
                                ] as [String: Any]
                            },
                        ] as [String: Any]
                    })
                    return
                }
                for topic in topics {
                    let replicationFactor = topic.partitions.first?.replicas.count ?? 0
                    let configText = (configs[topic.name] ?? []).map { "\($0.name)=\($0.value ?? "")" }
                        .joined(separator: ",")
                    if !filtered {
                        print("Topic: \(topic.name)\tPartitionCount: \(topic.partitions.count)\t"
                            + "ReplicationFactor: \(replicationFactor)\tConfigs: \(configText)")
                    }
                    for partition in topic.partitions {
                        let leader = partition.leader == .none ? "none" : "\(partition.leader)"
                        var line = "\tTopic: \(topic.name)\tPartition: \(partition.index)\tLeader: \(leader)\t"
                            + "Replicas: \(partition.replicas.map(\.description).joined(separator: ","))\t"
                            + "Isr: \(partition.isr.map(\.description).joined(separator: ","))"
                        if !partition.offlineReplicas.isEmpty {
                            line += "\tOffline: \(partition.offlineReplicas.map(\.description).joined(separator: ","))"
                        }
                        print(line)
                    }
                }
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a topic.")
        @OptionGroup var connection: BootstrapOptions
        @Argument(help: "The topic's name.") var name: String
        @Flag(help: "Succeed quietly when the topic does not exist.") var ifExists = false
        @Option(help: "Output format.") var output: OutputFormat = .text

        func run() async throws {
            try await runReportingFailure {
                let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, security: connection.clientSecurity())
                let result = try await admin.deleteTopics([TopicName(name)]).first
                await admin.close()
                guard let result else { throw CommandFailure("the broker did not answer for topic \(name)") }
                let missing = result.errorCode == .unknownTopicOrPartition
                if !result.succeeded && !(missing && ifExists) { try result.check(.deleteTopics) }
                if output == .json {
                    try printJSON(["topic": name, "deleted": result.succeeded])
                } else if result.succeeded {
                    print("Deleted topic \(name).")
                }
            }
        }
    }

    struct Alter: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Raise a topic's partition count.")
        @OptionGroup var connection: BootstrapOptions
        @Argument(help: "The topic's name.") var name: String
        @Option(help: "The new number of partitions (more than now).") var partitions: Int32
        @Option(help: "Output format.") var output: OutputFormat = .text

        func run() async throws {
            try await runReportingFailure {
                let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, security: connection.clientSecurity())
                let result = try await admin.createPartitions([TopicName(name): partitions]).first
                await admin.close()
                guard let result else { throw CommandFailure("the broker did not answer for topic \(name)") }
                try result.check(.createPartitions)
                if output == .json {
                    try printJSON(["topic": name, "partitions": Int(partitions)])
                } else {
                    print("Topic \(name) now has \(partitions) partitions.")
                }
            }
        }
    }
}
