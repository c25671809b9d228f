import ArgumentParser
import Foundation
import KafkaClient
import KafkaModel
import KafkaProtocol

/// `tributary delete-records --offset-json-file F`: deletes every record before the given offsets, as
/// `kafka-delete-records.sh` does, from Kafka's JSON
/// `{"version":1,"partitions":[{"topic":"t","partition":0,"offset":10}]}` (offset -1: up to the high watermark),
/// and prints each partition's new low watermark or its error.
struct DeleteRecordsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete-records",
        abstract: "Delete the records before the given offsets, like kafka-delete-records.sh.")

    @OptionGroup var connection: BootstrapOptions
    @Option(help: "The JSON file naming each partition and the offset to delete up to.") var offsetJsonFile: String

    func run() async throws {
        try await runReportingFailure {
            let text = try String(contentsOfFile: offsetJsonFile, encoding: .utf8)
            let offsets = try Self.parse(text)
            let admin = try KafkaAdmin(bootstrapServers: connection.bootstrapServer, clientID: "delete-records-tool",
                                       security: connection.clientSecurity())
            print("Executing records delete operation")
            let results: [TopicPartition: Result<Int64, KafkaClientError>]
            do {
                results = try await admin.deleteRecords(offsets)
            } catch {
                await admin.close()
                throw error
            }
            await admin.close()
            print("Records delete operation completed:")
            var failed = false
            for partition in results.keys.sorted() {
                switch results[partition] {
                case .success(let lowWatermark):
                    print("partition: \(partition)\tlow_watermark: \(lowWatermark)")
                case .failure(let error):
                    failed = true
                    print("partition: \(partition)\terror: \(error)")
                case nil:
                    break
                }
            }
            if failed { throw ExitCode.failure }
        }
    }

    /// Kafka's offset JSON; a partition given twice is refused, as Kafka's tool refuses it.
    static func parse(_ text: String) throws -> [TopicPartition: Int64] {
        guard let document = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let partitions = document["partitions"] as? [[String: Any]]
        else {
            throw CommandFailure("expected {\"version\":1,\"partitions\":[{\"topic\":…,\"partition\":…,\"offset\":…}]}")
        }
        var offsets: [TopicPartition: Int64] = [:]
        for entry in partitions {
            guard let topic = entry["topic"] as? String, let partition = (entry["partition"] as? NSNumber)?.int32Value,
                  let offset = (entry["offset"] as? NSNumber)?.int64Value
            else { throw CommandFailure("each partition needs \"topic\", \"partition\" and \"offset\": \(entry)") }
            let key = TopicPartition(TopicName(topic), PartitionIndex(partition))
            guard offsets[key] == nil else {
                throw CommandFailure("offset json file contains duplicate partition \(key)")
            }
            offsets[key] = offset
        }
        guard !offsets.isEmpty else { throw CommandFailure("the offset json file names no partitions") }
        return offsets
    }
}
