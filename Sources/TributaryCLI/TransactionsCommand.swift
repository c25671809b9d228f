import ArgumentParser
import Foundation
import KafkaClient
import KafkaModel
import KafkaProtocol

/// `tributary transactions ...`: list and describe transactional ids, describe a partition's producers, find and
/// abort hanging transactions, like `kafka-transactions.sh` (Kafka 3.0).
struct TransactionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transactions",
        abstract: "List and describe transactional ids; find and abort hanging transactions.",
        subcommands: [List.self, Describe.self, DescribeProducers.self, FindHanging.self, Abort.self])

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

    struct DescribeProducers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "describe-producers", abstract: "Show the producers with state on a partition.")
        @OptionGroup var connection: BootstrapOptions
        @Option(help: "The topic.") var topic: String
        @Option(help: "The partition.") var partition: Int32

        func run() async throws {
            try await runReportingFailure {
                let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, security: connection.clientSecurity())
                let producers = try await admin.describeProducers(TopicPartition(TopicName(topic), PartitionIndex(partition)))
                await admin.close()
                printTable([["ProducerId", "ProducerEpoch", "LatestCoordinatorEpoch", "LastSequence", "LastTimestamp",
                             "CurrentTransactionStartOffset"]] + producers.map {
                    ["\($0.producerID)", "\($0.producerEpoch)", "\($0.coordinatorEpoch)", "\($0.lastSequence)",
                     "\($0.lastTimestampMs)", $0.currentTransactionStartOffset < 0 ? "None" : "\($0.currentTransactionStartOffset)"]
                })
            }
        }
    }

    struct FindHanging: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "find-hanging",
            abstract: "List transactions open longer than the longest transaction timeout on the partitions a broker "
                + "leads, which no coordinator is completing.")
        @OptionGroup var connection: BootstrapOptions
        @Option(help: "The broker whose partitions are searched.") var brokerId: Int32
        @Option(help: "Open longer than this many minutes counts (transaction.max.timeout.ms).")
        var maxTransactionTimeout: Int64 = 15

        func run() async throws {
            try await runReportingFailure {
                let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, security: connection.clientSecurity())
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                var rows: [[String]] = []
                for topic in try await admin.describeTopics() {
                    for partition in topic.partitions where partition.leader == BrokerID(brokerId) {
                        let tp = TopicPartition(topic.name, partition.index)
                        for producer in try await admin.describeProducers(tp)
                        where producer.currentTransactionStartOffset >= 0
                            && now - producer.lastTimestampMs > maxTransactionTimeout * 60_000
                        {
                            // Still being completed by its coordinator: not hanging.
                            let listed = try await admin.listTransactions(producerIDs: [producer.producerID])
                            var completing = false
                            for entry in listed {
                                let described = try? await admin.describeTransaction(entry.transactionalID)
                                if let described, described.partitions.contains(tp), described.state != "Empty" {
                                    completing = true
                                }
                            }
                            guard !completing else { continue }
                            rows.append([topic.name.rawValue, "\(partition.index)", "\(producer.producerID)",
                                         "\(producer.producerEpoch)", "\(producer.coordinatorEpoch)",
                                         "\(producer.currentTransactionStartOffset)", "\(producer.lastTimestampMs)",
                                         "\((now - producer.lastTimestampMs) / 60_000)"])
                        }
                    }
                }
                await admin.close()
                printTable([["Topic", "Partition", "ProducerId", "ProducerEpoch", "CoordinatorEpoch", "StartOffset",
                             "LastTimestamp", "Duration(min)"]] + rows)
            }
        }
    }

    struct Abort: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Abort the transaction open on a partition since an offset by writing its abort marker there.")
        @OptionGroup var connection: BootstrapOptions
        @Option(help: "The topic.") var topic: String
        @Option(help: "The partition.") var partition: Int32
        @Option(help: "The first offset of the transaction (describe-producers' CurrentTransactionStartOffset).")
        var startOffset: Int64

        func run() async throws {
            try await runReportingFailure {
                let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, security: connection.clientSecurity())
                try await admin.abortTransaction(on: TopicPartition(TopicName(topic), PartitionIndex(partition)),
                                                 startOffset: startOffset)
                await admin.close()
                print("Aborted the transaction starting at offset \(startOffset) of \(topic)-\(partition)")
            }
        }
    }
}
