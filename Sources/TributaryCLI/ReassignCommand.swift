import ArgumentParser
import Controller
import Foundation
import KafkaClient
import KafkaModel
import KafkaProtocol

/// `tributary reassign ...`: move partitions between brokers with the JSON plans of Kafka's
/// `kafka-reassign-partitions` tool, printing what that tool prints.
struct ReassignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reassign",
        abstract: "Move partition replicas between brokers (like kafka-reassign-partitions).",
        discussion: """
            Plans are Kafka's JSON: {"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[3,4],\
            "log_dirs":["any","any"]}]} ("log_dirs" optional). 'generate' proposes a plan, 'execute' starts it and \
            prints the current assignment for rollback, 'verify' reports progress and removes throttles once \
            everything is done, 'cancel' stops reassignments and restores the original replicas. Exit code 0 \
            means success; 1 an invalid plan, a refused request or an unfinished wait.
            """,
        subcommands: [Generate.self, Execute.self, Verify.self, Cancel.self, List.self])

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propose a balanced assignment of topics over brokers; nothing is changed.")
        @OptionGroup var connection: BootstrapOptions
        @Option(help: "JSON naming the topics: {\"version\":1,\"topics\":[{\"topic\":\"t\"}]}.")
        var topicsToMoveJsonFile: String
        @Option(help: "The brokers to place replicas on, e.g. 3,4.") var brokerList: String
        @Option(help: "Output format (json: {\"current\": plan, \"proposed\": plan}).") var output: OutputFormat = .text

        func run() async throws {
            try await runReportingFailure {
                let topics = try ReassignPlan.parseTopicsToMove(try readPlanFile(topicsToMoveJsonFile))
                let brokers = try parseBrokerList(brokerList)
                let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, security: connection.clientSecurity())
                defer { Task { await admin.close() } }
                let known = Set(try await admin.describeCluster().brokers.keys)
                if let unknown = brokers.first(where: { !known.contains($0) }) {
                    throw CommandFailure("Unknown broker id \(unknown)")
                }
                var current: [TopicPartition: [BrokerID]] = [:]
                var proposed: [TopicPartition: [BrokerID]] = [:]
                for topic in topics {
                    let partitions = try await currentAssignment(admin, topic: topic)
                    guard let first = partitions.keys.min(), !partitions.isEmpty else {
                        throw CommandFailure("Topic \(topic) does not exist")
                    }
                    current.merge(partitions) { $1 }
                    let placement: [[BrokerID]]
                    do {
                        placement = try ReplicaAssignment.assign(
                            brokers: brokers.sorted(), partitionCount: partitions.count,
                            replicationFactor: partitions[first]!.count)
                    } catch {
                        throw CommandFailure("Cannot place topic \(topic): \(error)")
                    }
                    for (index, replicas) in placement.enumerated() {
                        proposed[TopicPartition(topic, PartitionIndex(Int32(index)))] = replicas
                    }
                }
                await admin.close()
                if output == .json {
                    print("{\"current\":\(ReassignPlan.format(current)),\"proposed\":\(ReassignPlan.format(proposed))}")
                    return
                }
                print("Current partition replica assignment\n\(ReassignPlan.format(current))\n")
                print("Proposed partition reassignment configuration\n\(ReassignPlan.format(proposed))")
            }
        }
    }

    struct Execute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the reassignment in a plan; prints the current assignment first, for rollback.")
        @OptionGroup var connection: BootstrapOptions
        @Option(help: "The plan to carry out.") var reassignmentJsonFile: String
        @Option(help: "Limit replication of the moving partitions to this many bytes per second.")
        var throttle: Int64 = -1
        @Flag(help: "Start even though other reassignments are in progress.") var additional = false
        @Option(help: "Output format.") var output: OutputFormat = .text

        func run() async throws {
            try await runReportingFailure {
                let plan = try ReassignPlan.parse(try readPlanFile(reassignmentJsonFile))
                let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, security: connection.clientSecurity())
                defer { Task { await admin.close() } }
                if !additional, !(try await admin.listPartitionReassignments()).isEmpty {
                    throw CommandFailure("Cannot execute because there is an existing partition assignment. "
                        + "Use --additional to override this and create a new partition assignment in addition "
                        + "to the existing one.")
                }
                let brokers = Set(try await admin.describeCluster().brokers.keys)
                var current: [TopicPartition: [BrokerID]] = [:]
                for topic in Set(plan.partitions.keys.map(\.topic)) {
                    current.merge(try await currentAssignment(admin, topic: topic)) { $1 }
                }
                try plan.validate(brokers: brokers, current: current)
                let before = current.filter { plan.partitions[$0.key] != nil }
                if output == .text {
                    print("Current partition replica assignment\n\n\(ReassignPlan.format(before))\n\n"
                        + "Save this to use as the --reassignment-json-file option during rollback")
                }
                var throttled = false
                if throttle >= 0 {
                    let refused = try await ReassignThrottle.apply(rate: throttle, target: plan.partitions,
                                                                   current: before, admin: admin)
                    throttled = refused.isEmpty
                    if output == .text {
                        print("Warning: You must run --verify periodically, until the reassignment completes, to "
                            + "ensure the throttle is removed.")
                        if throttled { print("The inter-broker throttle limit was set to \(throttle) B/s") }
                    }
                    for (broker, reason) in refused.sorted(by: { $0.key < $1.key }) {
                        printToStandardError("warning: broker \(broker) did not take the throttle rate (\(reason)); "
                            + "the topic-level throttled replica lists were set")
                    }
                }
                let results = try await admin.alterPartitionReassignments(plan.partitions.mapValues { $0 })
                let failed = results.filter { !$0.value.succeeded }.sorted { $0.key < $1.key }
                let started = plan.partitions.keys.sorted().filter { results[$0]?.succeeded ?? false }
                await admin.close()
                if output == .json {
                    print("{\"current\":\(ReassignPlan.format(before)),\"started\":["
                        + started.map { "\"\($0)\"" }.joined(separator: ",") + "],\"failed\":{"
                        + failed.map { "\"\($0.key)\":\"\($0.value.errorCode)\"" }.joined(separator: ",")
                        + "},\"throttled\":\(throttled)}")
                }
                guard failed.isEmpty else {
                    throw CommandFailure("Error reassigning partition(s):\n" + failed.map {
                        "\($0.key): \($0.value.errorMessage ?? "\($0.value.errorCode)")"
                    }.joined(separator: "\n"))
                }
                if output == .text {
                    print("Successfully started partition reassignment\(started.count == 1 ? "" : "s") for "
                        + started.map(\.description).joined(separator: ","))
                }
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report each partition of a plan as completed or still in progress; clears throttles when "
                + "no reassignment is left.")
        @OptionGroup var connection: BootstrapOptions
        @Option(help: "The plan that was executed.") var reassignmentJsonFile: String
        @Flag(help: "Wait until every partition of the plan is done, printing progress.") var wait = false
        @Option(help: "With --wait: give up after this many seconds (exit code 1).") var timeout: Int = 600
        @Flag(help: "Leave the replication throttles in place.") var preserveThrottles = false
        @Option(help: "Output format.") var output: OutputFormat = .text

        func run() async throws {
            try await runReportingFailure {
                let plan = try ReassignPlan.parse(try readPlanFile(reassignmentJsonFile))
                let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, security: connection.clientSecurity())
                defer { Task { await admin.close() } }
                let started = ContinuousClock.now
                var statuses = try await reassignmentStatus(admin, plan)
                while wait {
                    let waiting = statuses.values.filter { $0 == .inProgress }.count
                    if waiting == 0 { break }
                    let elapsed = Int((ContinuousClock.now - started).milliseconds / 1000)
                    guard elapsed < timeout else { break }
                    printToStandardError("Waiting for reassignment: \(statuses.count - waiting) of \(statuses.count) "
                        + "partitions complete, \(waiting) in progress (\(elapsed)s)")
                    try await Task.sleep(for: .seconds(1))
                    statuses = try await reassignmentStatus(admin, plan)
                }
                if output == .json {
                    print("[" + statuses.keys.sorted().map { partition in
                        "{\"topic\":\"\(partition.topic)\",\"partition\":\(partition.partition),"
                            + "\"status\":\"\(statuses[partition]!.name)\"}"
                    }.joined(separator: ",") + "]")
                } else {
                    print("Status of partition reassignment:")
                    for partition in statuses.keys.sorted() {
                        print(statuses[partition]!.line(partition))
                    }
                }
                let clusterIdle = try await admin.listPartitionReassignments().isEmpty
                if clusterIdle, !preserveThrottles, output == .text {
                    let brokers = Set(try await admin.describeCluster().brokers.keys)
                        .union(plan.partitions.values.joined())
                    try await ReassignThrottle.clear(topics: Array(Set(plan.partitions.keys.map(\.topic))),
                                                     brokers: Array(brokers), admin: admin)
                }
                await admin.close()
                if wait, statuses.values.contains(.inProgress) {
                    throw CommandFailure("reassignment still in progress after \(timeout)s")
                }
                if statuses.values.contains(where: { if case .differs = $0 { true } else { false } }) {
                    throw ExitCode.failure
                }
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop the reassignments of a plan that are in progress, restoring the original replicas.")
        @OptionGroup var connection: BootstrapOptions
        @Option(help: "The plan whose reassignments to cancel.") var reassignmentJsonFile: String
        @Flag(help: "Leave the replication throttles in place.") var preserveThrottles = false

        func run() async throws {
            try await runReportingFailure {
                let plan = try ReassignPlan.parse(try readPlanFile(reassignmentJsonFile))
                let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, security: connection.clientSecurity())
                defer { Task { await admin.close() } }
                let active = try await admin.listPartitionReassignments(Array(plan.partitions.keys)).keys.sorted()
                if active.isEmpty {
                    print("None of the specified partition reassignments are active.")
                } else {
                    let results = try await admin.alterPartitionReassignments(
                        Dictionary(uniqueKeysWithValues: active.map { ($0, [BrokerID]?.none) }))
                    let failed = results.filter { !$0.value.succeeded }.sorted { $0.key < $1.key }
                    guard failed.isEmpty else {
                        throw CommandFailure("Error cancelling partition reassignment(s):\n" + failed.map {
                            "\($0.key): \($0.value.errorMessage ?? "\($0.value.errorCode)")"
                        }.joined(separator: "\n"))
                    }
                    print("Successfully cancelled partition reassignment\(active.count == 1 ? "" : "s") for: "
                        + active.map(\.description).joined(separator: ","))
                }
                if !preserveThrottles, try await admin.listPartitionReassignments().isEmpty {
                    let brokers = Set(try await admin.describeCluster().brokers.keys)
                    try await ReassignThrottle.clear(topics: Array(Set(plan.partitions.keys.map(\.topic))),
                                                     brokers: Array(brokers), admin: admin)
                }
                await admin.close()
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the reassignments in progress.")
        @OptionGroup var connection: BootstrapOptions
        @Option(help: "Output format.") var output: OutputFormat = .text

        func run() async throws {
            try await runReportingFailure {
                let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, security: connection.clientSecurity())
                let ongoing = try await admin.listPartitionReassignments()
                await admin.close()
                let list: ([BrokerID]) -> String = { $0.map(\.description).joined(separator: ",") }
                if output == .json {
                    print("[" + ongoing.keys.sorted().map { partition in
                        let moving = ongoing[partition]!
                        return "{\"topic\":\"\(partition.topic)\",\"partition\":\(partition.partition),"
                            + "\"replicas\":[\(list(moving.replicas))],\"adding\":[\(list(moving.addingReplicas))],"
                            + "\"removing\":[\(list(moving.removingReplicas))]}"
                    }.joined(separator: ",") + "]")
                    return
                }
                guard !ongoing.isEmpty else {
                    print("No partition reassignments found.")
                    return
                }
                print("Current partition reassignments:")
                for partition in ongoing.keys.sorted() {
                    let moving = ongoing[partition]!
                    print("\(partition): replicas: \(list(moving.replicas)). adding: \(list(moving.addingReplicas)). "
                        + "removing: \(list(moving.removingReplicas)).")
                }
            }
        }
    }
}

/// Where one partition of a plan stands.
enum ReassignmentStatus: Equatable {
    case completed
    case inProgress
    /// Not moving, but not on the plan's replicas either (cancelled, or replaced by another plan).
    case differs(current: [BrokerID], target: [BrokerID])

    var name: String {
        switch self {
        case .completed: "completed"
        case .inProgress: "in_progress"
        case .differs: "differs"
        }
    }

    /// Kafka's wording.
    func line(_ partition: TopicPartition) -> String {
        switch self {
        case .completed: "Reassignment of partition \(partition) is completed."
        case .inProgress: "Reassignment of partition \(partition) is still in progress."
        case let .differs(current, target):
            "There is no active reassignment of partition \(partition), but replica set is "
                + "\(current.map(\.description).joined(separator: ",")) rather than "
                + "\(target.map(\.description).joined(separator: ","))."
        }
    }
}

/// The status of each partition of `plan`: moving per the controller, else compared with Metadata (which
/// trails the controller briefly, so a mismatch is looked at again before it is reported).
private func reassignmentStatus(_ admin: KafkaAdmin, _ plan: ReassignPlan) async throws
    -> [TopicPartition: ReassignmentStatus]
{
    for attempt in 0..<5 {
        let ongoing = try await admin.listPartitionReassignments(Array(plan.partitions.keys))
        var current: [TopicPartition: [BrokerID]] = [:]
        for topic in Set(plan.partitions.keys.map(\.topic)) {
            current.merge(try await currentAssignment(admin, topic: topic)) { $1 }
        }
        var statuses: [TopicPartition: ReassignmentStatus] = [:]
        for (partition, target) in plan.partitions {
            if ongoing[partition] != nil {
                statuses[partition] = .inProgress
            } else if let replicas = current[partition], replicas != target {
                statuses[partition] = .differs(current: replicas, target: target)
            } else {
                statuses[partition] = .completed
            }
        }
        let settled = !statuses.values.contains { if case .differs = $0 { true } else { false } }
        if settled || attempt == 4 { return statuses }
        try await Task.sleep(for: .milliseconds(300))
    }
    return [:]
}

/// A topic's replicas per partition, from Metadata; empty when the topic does not exist.
private func currentAssignment(_ admin: KafkaAdmin, topic: TopicName) async throws -> [TopicPartition: [BrokerID]] {
    do {
        guard let description = try await admin.describeTopics([topic]).first else { return [:] }
        return Dictionary(uniqueKeysWithValues: description.partitions.map {
            (TopicPartition(topic, $0.index), $0.replicas)
        })
    } catch KafkaClientError.unknownTopic {
        return [:]
    }
}

private func readPlanFile(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CommandFailure("Cannot read the file \(path)")
    }
    return String(decoding: data, as: UTF8.self)
}

/// `--broker-list 1,2,3`.
private func parseBrokerList(_ text: String) throws -> [BrokerID] {
    let brokers = try text.split(separator: ",").map { part -> BrokerID in
        guard let id = Int32(part.trimmingCharacters(in: .whitespaces)), id >= 0 else {
            throw CommandFailure("--broker-list '\(text)': '\(part)' is not a broker id")
        }
        return BrokerID(id)
    }
    guard !brokers.isEmpty else { throw CommandFailure("--broker-list is empty") }
    let duplicates = Dictionary(grouping: brokers, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
    if !duplicates.isEmpty {
        throw CommandFailure(
            "Duplicate brokers in --broker-list: \(duplicates.map(\.description).joined(separator: ","))")
    }
    return brokers
}
