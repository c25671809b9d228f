import ArgumentParser
import Foundation
import KafkaClient
import KafkaModel
import KafkaProtocol

/// `tributary log-dirs describe`: every log directory of the brokers and the replicas in it, as
/// `kafka-log-dirs.sh --describe` prints them — two status lines, then one JSON document with Kafka's field order:
/// `{"version":1,"brokers":[{"broker":1,"logDirs":[{"logDir":"/data","error":null,"partitions":[{"partition":"t-0",
/// "size":42,"offsetLag":0,"isFuture":false}]}]}]}`. A failed directory shows the class name of Kafka's exception
/// for its error and no partitions.
struct LogDirsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log-dirs",
        abstract: "Describe the brokers' log directories, like kafka-log-dirs.sh.",
        subcommands: [Describe.self])

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every log directory of the brokers with its error and the size of each replica in it.")

        @OptionGroup var connection: BootstrapOptions
        @Option(help: "The brokers to query, \"0,1,2\"; all brokers of the cluster by default.")
        var brokerList: String?
        @Option(help: "The topics to list, \"topic1,topic2\"; all topics by default.")
        var topicList = ""

        func run() async throws {
            try await runReportingFailure {
                let topics = Set(topicList.split(separator: ",").map(String.init))
                let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, clientID: "log-dirs-tool",
                                           security: connection.clientSecurity())
                do {
                    let brokers = try await brokersToQuery(admin)
                    print("Querying brokers for log directories information")
                    let described = try await admin.describeLogDirs(brokers: brokers)
                    print("Received log directory information from brokers "
                        + brokers.map { "\($0.rawValue)" }.joined(separator: ","))
                    print(LogDirsDocument.render(described, topics: topics))
                } catch {
                    await admin.close()
                    throw error
                }
                await admin.close()
            }
        }

        private func brokersToQuery(_ admin: KafkaAdmin) async throws -> [BrokerID] {
            guard let brokerList else { return try await admin.describeCluster().brokers.keys.sorted() }
            return try brokerList.split(separator: ",").map { item in
                guard let id = Int32(item.trimmingCharacters(in: .whitespaces)) else {
                    throw CommandFailure("--broker-list: '\(item)' is not a broker id")
                }
                return BrokerID(id)
            }
        }
    }
}

/// The JSON document `kafka-log-dirs.sh` prints, written by hand to keep Kafka's field order.
enum LogDirsDocument {
    static func render(_ described: [BrokerID: [LogDirDescription]], topics: Set<String>) -> String {
        let brokers = described.keys.sorted().map { broker in
            let directories = (described[broker] ?? []).map { directory in
                let partitions = directory.replicas.sorted { $0.key < $1.key }
                    .filter { topics.isEmpty || topics.contains($0.key.topic.rawValue) }
                    .map { partition, replica in
                        "{\"partition\":\(quoted(partition.description)),\"size\":\(replica.size),"
                            + "\"offsetLag\":\(replica.offsetLag),\"isFuture\":\(replica.isFuture)}"
                    }
                let error = directory.errorCode == .none ? "null" : quoted(exceptionName(directory.errorCode))
                return "{\"logDir\":\(quoted(directory.path)),\"error\":\(error),"
                    + "\"partitions\":[\(partitions.joined(separator: ","))]}"
            }
            return "{\"broker\":\(broker.rawValue),\"logDirs\":[\(directories.joined(separator: ","))]}"
        }
        return "{\"version\":1,\"brokers\":[\(brokers.joined(separator: ","))]}"
    }

    /// What Kafka's tool prints for a directory's error: the class name of the exception for the code.
    static func exceptionName(_ code: KafkaErrorCode) -> String {
        code == .kafkaStorageError ? "org.apache.kafka.common.errors.KafkaStorageException" : code.name
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data()
        let array = String(decoding: data, as: UTF8.self)
        return array.count >= 2 ? String(array.dropFirst().dropLast()) : "\"\""
    }
}
