import ArgumentParser
import Foundation
import KafkaClient
import KafkaModel
import KafkaProtocol

/// `tributary transactions ...`: list and describe transactional ids, like `kafka-transactions.sh` (Kafka 3.0).
struct TransactionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transactions",
        abstract: "List and describe transactional ids and their open transactions.",
        subcommands: [List.self, Describe.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List transactional ids: id, coordinator, producer id and state, one per line.")
        @OptionGroup var connection: BootstrapOptions
        @Option(name: .customLong("state"), help: "Only ids in this state (Ongoing, PrepareCommit, ...); repeatable.")
        var states: [String] = []
        @Option(help: "Output format.") var output: OutputFormat = .text

        func run() async throws {
            try await runReportingFailure {
                let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, security: connection.clientSecurity())
                let listed = try await admin.listTransactions(states: states)
                await admin.close()
                if output == .json {
                    try printJSON(listed.map {
                        ["transactional_id": $0.transactionalID, "coordinator": Int($0.coordinator.rawValue),
                         "producer_id": $0.producerID, "state": $0.state] as [String: Any]
                    })
                    return
                }
                printTable([["TransactionalId", "Coordinator", "ProducerId", "TransactionState"]] + listed.map {
                    [$0.transactionalID, "\($0.coordinator)", "\($0.producerID)", $0.state]
                })
            }
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a transactional id's producer, state, timeout and the partitions of its open transaction.")
        @OptionGroup var connection: BootstrapOptions
        @Option(help: "The transactional id.") var transactionalId: String
        @Option(help: "Output format.") var output: OutputFormat = .text

        func run() async throws {
            try await runReportingFailure {
                let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, security: connection.clientSecurity())
                let described = try await admin.describeTransaction(transactionalId)
                await admin.close()
                let partitions = described.partitions.map { "\($0)" }
                if output == .json {
                    try printJSON([
                        "transactional_id": described.transactionalID, "coordinator": Int(described.coordinator.rawValue),
                        "state": described.state, "producer_id": described.producerID,
                        "producer_epoch": Int(described.producerEpoch), "timeout_ms": Int(described.timeoutMs),
                        "start_time_ms": described.startTimeMs, "partitions": partitions,
                    ] as [String: Any])
                    return
                }
                let start = described.startTimeMs < 0 ? "None"
                    : ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(described.startTimeMs) / 1000))
                printTable([
                    ["CoordinatorId", "TransactionalId", "ProducerId", "ProducerEpoch", "TransactionState",
                     "TransactionTimeoutMs", "CurrentTransactionStartTime", "TopicPartitions"],
                    ["\(described.coordinator)", described.transactionalID, "\(described.producerID)",
                     "\(described.producerEpoch)", described.state, "\(described.timeoutMs)", start,
                     partitions.joined(separator: ",")],
                ])
            }
        }
    }
}
