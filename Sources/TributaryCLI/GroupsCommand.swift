import ArgumentParser
import Foundation
import KafkaClient
import KafkaModel
import KafkaProtocol

/// `tributary groups ...`: list, describe, delete consumer groups and reset their offsets, like
/// `kafka-consumer-groups.sh`.
struct GroupsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groups",
        abstract: "List, describe and delete consumer groups; reset their committed offsets.",
        subcommands: [List.self, Describe.self, Delete.self, ResetOffsets.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List groups, one per line.")
        @OptionGroup var connection: BootstrapOptions
        @Option(help: "Output format.") var output: OutputFormat = .text

        func run() async throws {
            try await runReportingFailure {
                let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, security: connection.clientSecurity())
                let groups = try await admin.listGroups()
                await admin.close()
                if output == .json {
                    try printJSON(groups.map {
                        ["group": $0.groupID, "state": $0.state, "protocol_type": $0.protocolType,
                         "coordinator": Int($0.coordinator.rawValue)] as [String: Any]
                    })
                } else {
                    for group in groups { print(group.groupID) }
                }
            }
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a group's state, members and, per partition, committed offset, log-end offset and lag.")
        @OptionGroup var connection: BootstrapOptions
        @Argument(help: "The group id.") var group: String
        @Option(help: "Output format.") var output: OutputFormat = .text

        func run() async throws {
            try await runReportingFailure {
                let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, security: connection.clientSecurity())
                let description = try await admin.describeGroup(group)
                let committed = try await admin.listGroupOffsets(group)
                var owners: [TopicPartition: ConsumerGroupDescription.Member] = [:]
                for member in description.members {
                    for partition in member.assignment { owners[partition] = member }
                }
                let partitions = Set(committed.keys).union(owners.keys).sorted()
                let consumer = KafkaConsumer(cluster: admin.cluster)
                let logEnds = try await consumer.listOffsets(
                    Dictionary(partitions.map { ($0, StartPosition.latest) }, uniquingKeysWith: { first, _ in first }))
                await admin.close()
                let rows = partitions.map { partition in
                    GroupPartitionRow(partition: partition, committed: committed[partition],
                                      logEnd: logEnds[partition], owner: owners[partition])
                }
                if output == .json {
                    try printJSON([
                        "group": group, "state": description.state, "protocol": description.protocolName,
                        "coordinator": Int(description.coordinator.rawValue),
                        "members": description.members.map { member in
                            ["member_id": member.memberID, "client_id": member.clientID, "host": member.clientHost,
                             "partitions": member.assignment.map { "\($0)" }] as [String: Any]
                        },
                        "partitions": rows.map(\.json),
                    ] as [String: Any])
                    return
                }
                print("Group \(group): \(description.state), protocol \(description.protocolName.isEmpty ? "-" : description.protocolName), "
                      + "coordinator \(description.coordinator), \(description.members.count) members")
                let header = ["TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST",
                              "CLIENT-ID"]
                printTable([header] + rows.map(\.cells))
                let idle = description.members.filter { $0.assignment.isEmpty }
                for member in idle { print("member \(member.memberID) (\(member.clientID), \(member.clientHost)): no partitions") }
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an empty group and its offsets.")
        @OptionGroup var connection: BootstrapOptions
        @Argument(help: "The group id.") var group: String

        func run() async throws {
            try await runReportingFailure {
                let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, security: connection.clientSecurity())
                let code = try await admin.deleteGroup(group)
                await admin.close()
                guard code == .none else { throw CommandFailure("cannot delete group \(group): \(code.name)") }
                print("Deleted group \(group).")
            }
        }
    }

    struct ResetOffsets: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-offsets",
            abstract: "Reset an inactive group's committed offsets (a dry run unless --execute).")
        @OptionGroup var connection: BootstrapOptions
        @Argument(help: "The group id.") var group: String
        @Option(name: .customLong("topic"), help: "A topic whose partitions to reset (repeatable).")
        var topics: [String] = []
        @Flag(help: "Reset to the earliest offset still in the log.") var toEarliest = false
        @Flag(help: "Reset to the log end.") var toLatest = false
        @Option(help: "Reset to this offset (kept within the log).") var toOffset: Int64?
        @Option(parsing: .unconditional, help: "Move the committed offset by this many (negative: back).")
        var shiftBy: Int64?
        @Option(help: "Reset to the first record at or after this time (ISO 8601, e.g. 2024-01-31T12:00:00Z).")
        var toDatetime: String?
        @Flag(help: "Apply the new offsets; without it only show them.") var execute = false
        @Option(help: "Output format.") var output: OutputFormat = .text

        func run() async throws {
            try await runReportingFailure {
                let chosen = [toEarliest, toLatest, toOffset != nil, shiftBy != nil, toDatetime != nil].filter { $0 }
                guard chosen.count == 1 else {
                    throw CommandFailure(
                        "give exactly one of --to-earliest, --to-latest, --to-offset, --shift-by, --to-datetime")
                }
                guard !topics.isEmpty else { throw CommandFailure("give at least one --topic") }
                let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, security: connection.clientSecurity())
                let targets = try await plan(admin)
                if execute {
                    let state = try await admin.describeGroup(group).state
                    guard state == "Empty" || state == "Dead" else {
                        await admin.close()
                        throw CommandFailure(
                            "group \(group) is \(state): offsets can only be reset while it has no members")
                    }
                    let errors = try await admin.alterGroupOffsets(group, targets)
                    if let failed = errors.first(where: { $0.value != .none }) {
                        await admin.close()
                        throw CommandFailure("cannot commit \(failed.key): \(failed.value.name)")
                    }
                }
                await admin.close()
                let sorted = targets.sorted { $0.key < $1.key }
                if output == .json {
                    try printJSON(["group": group, "executed": execute,
                                   "offsets": sorted.map { ["topic": $0.key.topic.rawValue,
                                                            "partition": Int($0.key.partition.rawValue),
                                                            "new_offset": $0.value] as [String: Any] }] as [String: Any])
                    return
                }
                printTable([["TOPIC", "PARTITION", "NEW-OFFSET"]]
                           + sorted.map { ["\($0.key.topic)", "\($0.key.partition)", "\($0.value)"] })
                if !execute { print("Dry run: nothing committed; add --execute to apply.") }
            }
        }

        /// The new offset of every partition of the named topics.
        private func plan(_ admin: KafkaAdmin) async throws -> [TopicPartition: Int64] {
            let names = topics.map { TopicName($0) }
            let metadata = try await admin.cluster.metadata(for: names)
            var partitions: [TopicPartition] = []
            for name in names {
                guard let topic = metadata.topics[name], topic.errorCode == .none else {
                    throw CommandFailure("unknown topic \(name)")
                }
                partitions += topic.partitions.map { TopicPartition(name, $0.index) }
            }
            let consumer = KafkaConsumer(cluster: admin.cluster)
            func lookup(_ position: StartPosition) async throws -> [TopicPartition: Int64] {
                try await consumer.listOffsets(Dictionary(partitions.map { ($0, position) },
                                                          uniquingKeysWith: { first, _ in first }))
            }
            let earliest = try await lookup(.earliest)
            let latest = try await lookup(.latest)
            func clamp(_ offset: Int64, _ partition: TopicPartition) -> Int64 {
                min(max(offset, earliest[partition] ?? 0), latest[partition] ?? offset)
            }
            var targets: [TopicPartition: Int64] = [:]
            if toEarliest {
                targets = earliest
            } else if toLatest {
                targets = latest
            } else if let toOffset {
                for partition in partitions { targets[partition] = clamp(toOffset, partition) }
            } else if let shiftBy {
                let committed = try await admin.listGroupOffsets(group)
                for partition in partitions {
                    // Without a commit, shift from the log end, as Kafka's tool does.
                    let current = committed[partition] ?? latest[partition] ?? 0
                    targets[partition] = clamp(current + shiftBy, partition)
                }
            } else if let toDatetime {
                guard let milliseconds = Self.parseDate(toDatetime) else {
                    throw CommandFailure("cannot read \(toDatetime) as an ISO 8601 date and time")
                }
                let found = try await lookup(.timestamp(milliseconds))
                for partition in partitions {
                    // No record that late: the log end.
                    let offset = found[partition] ?? -1
                    targets[partition] = offset < 0 ? (latest[partition] ?? 0) : offset
                }
            }
            return targets.filter { partitions.contains($0.key) }
        }

        static func parseDate(_ text: String) -> Int64? {
            let formatter = ISO8601DateFormatter()
            for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds],
                                                          [.withInternetDateTime]] {
                formatter.formatOptions = options
                // Kafka's tool accepts a time without a zone (local time is ambiguous here, so UTC is assumed).
                for candidate in [text, text + "Z"] {
                    if let date = formatter.date(from: candidate) {
                        return Int64((date.timeIntervalSince1970 * 1000).rounded())
                    }
                }
            }
            return nil
        }
    }
}

/// One partition line of `groups describe`.
private struct GroupPartitionRow {
    let partition: TopicPartition
    let committed: Int64?
    let logEnd: Int64?
    let owner: ConsumerGroupDescription.Member?

    var lag: Int64? {
        guard let committed, let logEnd else { return nil }
        return max(0, logEnd - committed)
    }

    var cells: [String] {
        ["\(partition.topic)", "\(partition.partition)", committed.map(String.init) ?? "-",
         logEnd.map(String.init) ?? "-", lag.map(String.init) ?? "-", owner?.memberID ?? "-",
         owner?.clientHost ?? "-", owner?.clientID ?? "-"]
    }

    var json: [String: Any] {
        ["topic": partition.topic.rawValue, "partition": Int(partition.partition.rawValue),
         "committed": committed.map { $0 as Any } ?? NSNull(), "log_end": logEnd.map { $0 as Any } ?? NSNull(),
         "lag": lag.map { $0 as Any } ?? NSNull(), "member_id": owner?.memberID ?? NSNull(),
         "client_id": owner?.clientID ?? NSNull(), "host": owner?.clientHost ?? NSNull()]
    }
}
