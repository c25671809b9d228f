import ArgumentParser
import KafkaClient
import KafkaModel
import KafkaRecords
import NIOCore

/// `tributary produce TOPIC`: one record per line of standard input, like `kafka-console-producer.sh`.
struct ProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce",
        abstract: "Produce one record per line of standard input.",
        discussion: """
            Without --key-separator each line is a value with no key. With it, each line is KEY<sep>VALUE and a \
            line without the separator is an error. Exits 0 once every record is acknowledged (per --acks).
            """)

    @OptionGroup var connection: BootstrapOptions
    @Argument(help: "The topic to write to.") var topic: String
    @Option(help: "Split each line into key and value at the first occurrence of this text.")
    var keySeparator: String?
    @Option(help: "Acknowledgements: 0, 1 or all.") var acks: ProducerConfiguration.Acks = .all
    @Option(help: "Compression codec: none, gzip, snappy, lz4, zstd.") var compression: CompressionCodec = .none
    @Option(help: "Write every record to this partition (default: by key, sticky for no key).") var partition: Int32?
    @Option(name: .customLong("header"), help: "A header added to every record, key=value (repeatable).")
    var headers: [String] = []
    @Option(help: "linger.ms") var lingerMs: Int = 5
    @Option(help: "batch.size in bytes") var batchSize: Int = 16384
    @Option(help: "Output format (json prints a summary).") var output: OutputFormat = .text

    func run() async throws {
        try await runReportingFailure {
            var configuration = ProducerConfiguration()
            configuration.acks = acks
            configuration.compression = compression
            configuration.linger = .milliseconds(lingerMs)
            configuration.batchSize = batchSize
            configuration.clientID = "tributary-console-producer"
            let recordHeaders = try headers.map { text -> RecordHeader in
                let (key, value) = try parseKeyValue(text, what: "header")
                return RecordHeader(key: key, value: ByteBuffer(string: value))
            }
            let producer = try KafkaProducer(bootstrapServers: connection.bootstrapServer, configuration: configuration,
                                             security: connection.clientSecurity())
            var count = 0
            var lineNumber = 0
            do {
                while let line = readLine(strippingNewline: true) {
                    lineNumber += 1
                    var key: ByteBuffer?
                    var value = line
                    if let keySeparator {
                        guard let range = line.range(of: keySeparator) else {
                            throw CommandFailure("no key separator '\(keySeparator)' on line \(lineNumber)")
                        }
                        key = ByteBuffer(string: String(line[..<range.lowerBound]))
                        value = String(line[range.upperBound...])
                    }
                    try await producer.enqueue(
                        topic: TopicName(topic), key: key, value: ByteBuffer(string: value), headers: recordHeaders,
                        partition: partition.map { PartitionIndex($0) })
                    count += 1
                }
                try await producer.close()
            } catch {
                try? await producer.close()
                throw error
            }
            if output == .json { try printJSON(["topic": topic, "records": count]) }
        }
    }
}
