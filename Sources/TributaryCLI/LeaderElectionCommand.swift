import ArgumentParser
import Foundation
import KafkaClient
import KafkaModel
import KafkaProtocol

/// `tributary leader-election`: preferred or unclean leader elections, like `kafka-leader-election.sh`.
/// Exits 1 when any partition could not be elected (ELECTION_NOT_NEEDED counts as success, as in Kafka's tool).
struct LeaderElectionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leader-election",
        abstract: "Elect preferred or unclean leaders for partitions.")

    @OptionGroup var connection: BootstrapOptions
    @Flag(help: "Move leadership to each partition's preferred replica (the first assigned), when in sync.")
    var preferred = false
    @Flag(help: "Give leaderless partitions a leader, even one outside the ISR (records may be lost).")
    var unclean = false
    @Flag(help: "Every partition of the cluster.") var allTopicPartitions = false
    @Option(help: "The topic of the partition to elect for.") var topic: String?
    @Option(help: "The partition to elect for (with --topic).") var partition: Int32?
    @Option(help: "Output format.") var output: OutputFormat = .text

    func validate() throws {
        guard preferred != unclean else { throw ValidationError("give exactly one of --preferred and --unclean") }
        if allTopicPartitions {
            guard topic == nil, partition == nil else {
                throw ValidationError("--all-topic-partitions excludes --topic and --partition")
            }
        } else {
            guard topic != nil, partition != nil else {
                throw ValidationError("give --all-topic-partitions, or --topic with --partition")
            }
        }
    }

    func run() async throws {
        try await runReportingFailure {
            let type: LeaderElectionType = preferred ? .preferred : .unclean
            let partitions = allTopicPartitions ? nil : [TopicPartition(TopicName(topic!), PartitionIndex(partition!))]
            let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, security: connection.clientSecurity())
            let results: [LeaderElectionResult]
            do {
                results = try await admin.electLeaders(type, partitions: partitions)
            } catch {
                await admin.close()
                throw error
            }
            await admin.close()
            let failed = results.filter { !$0.elected && !$0.notNeeded }
            if output == .json {
                try printJSON(["election": "\(type)", "results": results.map { result -> [String: Any] in
                    ["topic": result.partition.topic.rawValue, "partition": Int(result.partition.partition.rawValue),
                     "error": result.errorCode == .none ? NSNull() : result.errorCode.name,
                     "code": Int(result.errorCode.rawValue)]
                }])
            } else {
                let elected = results.filter(\.elected).map { "\($0.partition)" }
                let unchanged = results.filter(\.notNeeded).map { "\($0.partition)" }
                if !elected.isEmpty {
                    print("Successfully completed leader election (\(type)) for partitions \(elected.joined(separator: ", "))")
                }
                if !unchanged.isEmpty {
                    print("Valid replica already elected for partitions \(unchanged.joined(separator: ", "))")
                }
                for result in failed {
                    printToStandardError("Error completing leader election (\(type)) for partition: \(result.partition): "
                        + "\(result.errorCode.name)")
                }
            }
            if !failed.isEmpty {
                throw CommandFailure("\(failed.count) replica(s) could not be elected")
            }
        }
    }
}
