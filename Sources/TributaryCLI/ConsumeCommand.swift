import ArgumentParser
import Foundation
import KafkaClient
import KafkaModel
import NIOCore

/// `tributary consume TOPIC`: print records, like `kafka-console-consumer.sh` — with a manual assignment, or
/// as a member of a consumer group with `--group`.
struct ConsumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consume",
        abstract: "Print records of a topic (all partitions, or one).",
        discussion: """
            Starts at the end of each partition unless --from-beginning, --offset or --timestamp says otherwise. \
            Stops after --max-messages records, or once no record arrived for --timeout-ms; prints \
            "Processed a total of N messages" on standard error and exits 0. With --group the command joins \
            the consumer group, reads the partitions the group assigns it from the group's committed offsets \
            (--from-beginning: the earliest offset where none is committed, else the end), commits as it goes \
            and leaves the group on exit (also on SIGINT or SIGTERM).
            """)

    @OptionGroup var connection: BootstrapOptions
    @Argument(help: "The topic to read.") var topic: String
    @Flag(help: "Start at the earliest offset.") var fromBeginning = false
    @Option(help: "Start at this offset (needs --partition).") var offset: Int64?
    @Option(help: "Start at the first record with a timestamp at or after this (ms since the epoch).")
    var timestamp: Int64?
    @Option(help: "Read only this partition.") var partition: Int32?
    @Option(help: "Join this consumer group and read the partitions it assigns.") var group: String?
    @Option(help: "Stop after this many records.") var maxMessages: Int?
    @Option(help: "Stop when no record arrived for this long (ms).") var timeoutMs: Int?
    @Flag(help: "Print each record's key.") var printKey = false
    @Flag(help: "Print each record's headers.") var printHeaders = false
    @Flag(help: "Print each record's offset.") var printOffset = false
    @Flag(help: "Print each record's partition.") var printPartition = false
    @Flag(help: "Print each record's timestamp.") var printTimestamp = false
    @Option(help: "Text between the printed fields.") var keySeparator = "\t"
    @Option(help: "Output format (json prints one object per record).") var output: OutputFormat = .text

    func validate() throws {
        let starts = [fromBeginning, offset != nil, timestamp != nil].filter { $0 }.count
        guard starts <= 1 else { throw ValidationError("use only one of --from-beginning, --offset, --timestamp") }
        if offset != nil && partition == nil { throw ValidationError("--offset needs --partition") }
        if group != nil && (partition != nil || offset != nil || timestamp != nil) {
            throw ValidationError("--group assigns partitions itself: drop --partition, --offset and --timestamp")
        }
    }

    func run() async throws {
        if let group {
            try await runReportingFailure { try await consumeAsMember(of: group) }
            return
        }
        try await runReportingFailure {
            var configuration = ConsumerConfiguration()
            configuration.clientID = "tributary-console-consumer"
            configuration.autoOffsetReset = fromBeginning ? .earliest : .latest
            let consumer = try KafkaConsumer(bootstrapServers: connection.bootstrapServer, configuration: configuration,
                                             security: connection.clientSecurity())
            let start: StartPosition =
                if fromBeginning { .earliest } else if let offset { .offset(offset) } else if let timestamp {
                    .timestamp(timestamp)
                } else { .latest }
            var processed = 0
            do {
                if let partition {
                    let metadata = try await consumer.cluster.refreshMetadata(topics: [TopicName(topic)])
                    guard let count = metadata.partitionCount(of: TopicName(topic)) else {
                        throw KafkaClientError.unknownTopic(topic)
                    }
                    guard partition >= 0 && Int(partition) < count else {
                        throw CommandFailure("topic \(topic) has no partition \(partition) (it has \(count))")
                    }
                    await consumer.assign([TopicPartition(TopicName(topic), PartitionIndex(partition))], from: start)
                } else {
                    try await consumer.assign(topic: TopicName(topic), from: start)
                }
                let idleLimit: Duration? = timeoutMs.map { .milliseconds($0) }
                var lastRecordAt = ContinuousClock.now
                consuming: while maxMessages.map({ processed < $0 }) ?? true {
                    let wait = idleLimit.map { min(.milliseconds(500), max(.milliseconds(1), $0 - (.now - lastRecordAt))) }
                    let records = try await consumer.poll(timeout: wait ?? .milliseconds(500))
                    if records.isEmpty {
                        if let idleLimit, ContinuousClock.now - lastRecordAt >= idleLimit { break }
                        continue
                    }
                    lastRecordAt = .now
                    for record in records {
                        try printRecord(record)
                        processed += 1
                        if let maxMessages, processed >= maxMessages { break consuming }
                    }
                }
            } catch {
                await consumer.close()
                printToStandardError("Processed a total of \(processed) messages")
                throw error
            }
            await consumer.close()
            printToStandardError("Processed a total of \(processed) messages")
        }
    }

    private func text(_ buffer: ByteBuffer?) -> String {
        buffer.map { String(decoding: $0.readableBytesView, as: UTF8.self) } ?? "null"
    }

    /// The text of some bytes for JSON, `null` for none.
    private func jsonText(_ buffer: ByteBuffer?) -> Any {
        buffer.map { text($0) as Any } ?? NSNull()
    }

    func printRecord(_ record: ConsumerRecord) throws {
        if output == .json {
            try printJSON([
                "topic": record.topic.rawValue, "partition": Int(record.partition.rawValue), "offset": record.offset,
                "timestamp": record.timestamp, "timestampType": record.timestampType.rawValue,
                "key": jsonText(record.key), "value": jsonText(record.value),
                "headers": record.headers.map { ["key": $0.key, "value": jsonText($0.value)] as [String: Any] },
            ] as [String: Any])
            return
        }
        // Kafka's DefaultMessageFormatter order: timestamp, partition, offset, headers, key, value.
        var fields: [String] = []
        if printTimestamp { fields.append("\(record.timestampType.rawValue):\(record.timestamp)") }
        if printPartition { fields.append("Partition:\(record.partition)") }
        if printOffset { fields.append("Offset:\(record.offset)") }
        if printHeaders {
            fields.append(record.headers.isEmpty ? "NO_HEADERS"
                : record.headers.map { "\($0.key):\(text($0.value))" }.joined(separator: ","))
        }
        if printKey { fields.append(text(record.key)) }
        fields.append(text(record.value))
        print(fields.joined(separator: keySeparator))
    }
}
