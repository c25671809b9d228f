import ArgumentParser
import Foundation
import KafkaClient
import KafkaModel
import KafkaRecords
import NIOCore
import Synchronization

/// `tributary perf produce|consume`: throughput and latency, printed like Kafka's perf-test tools.
struct PerfCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perf",
        abstract: "Measure produce and consume throughput.",
        subcommands: [Produce.self, Consume.self])

    struct Produce: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Produce records as fast as possible and report records/sec, MB/sec and latency.",
            discussion: """
                Prints, like kafka-producer-perf-test: "N records sent, R records/sec (M MB/sec), A ms avg latency, \
                X ms max latency, P50 ms 50th, P95 ms 95th, P99 ms 99th, P999 ms 99.9th."
                """)
        @OptionGroup var connection: BootstrapOptions
        @Option(help: "The topic to write to.") var topic: String
        @Option(help: "Number of records.") var numRecords: Int
        @Option(help: "Value size in bytes.") var recordSize: Int
        @Option(help: "Acknowledgements: 0, 1 or all.") var acks: ProducerConfiguration.Acks = .all
        @Option(help: "linger.ms") var lingerMs: Int = 5
        @Option(help: "batch.size in bytes") var batchSize: Int = 16384
        @Option(help: "Compression codec: none, gzip, snappy, lz4, zstd.") var compression: CompressionCodec = .none
        @Option(help: "Output format.") var output: OutputFormat = .text

        func validate() throws {
            guard numRecords > 0 else { throw ValidationError("--num-records must be positive") }
            guard recordSize >= 0 else { throw ValidationError("--record-size must not be negative") }
        }

        func run() async throws {
            try await runReportingFailure {
                var configuration = ProducerConfiguration()
                configuration.acks = acks
                configuration.linger = .milliseconds(lingerMs)
                configuration.batchSize = batchSize
                configuration.compression = compression
                configuration.clientID = "tributary-producer-perf"
                let producer = try KafkaProducer(bootstrapServers: connection.bootstrapServer,
                                                 configuration: configuration, security: connection.clientSecurity())
                // Random upper-case letters, as Kafka's tool uses, so compression has realistic work.
                let payload = ByteBuffer(bytes: (0..<recordSize).map { _ in UInt8.random(in: 65...90) })
                let stats = LatencyStats(capacity: numRecords)
                let start = ContinuousClock.now
                do {
                    for _ in 0..<numRecords {
                        let sentAt = ContinuousClock.now
                        try await producer.enqueue(topic: TopicName(topic), value: payload) { result in
                            stats.record(result: result, latency: ContinuousClock.now - sentAt)
                        }
                    }
                    try await producer.close()
                } catch {
                    try? await producer.close()
                    throw error
                }
                let elapsed = ContinuousClock.now - start
                let summary = stats.summary()
                if let failure = summary.firstError {
                    throw CommandFailure("\(summary.failed) of \(numRecords) records failed: \(failure)")
                }
                let seconds = max(elapsed.milliseconds / 1000, 1e-9)
                let recordsPerSecond = Double(numRecords) / seconds
                let megabytesPerSecond = Double(numRecords * recordSize) / seconds / (1024 * 1024)
                if output == .json {
                    try printJSON([
                        "records": numRecords, "recordsPerSec": recordsPerSecond, "mbPerSec": megabytesPerSecond,
                        "avgLatencyMs": summary.average, "maxLatencyMs": summary.maximum, "p50Ms": summary.p50,
                        "p95Ms": summary.p95, "p99Ms": summary.p99, "p999Ms": summary.p999,
                    ])
                } else {
                    print(String(format: "%d records sent, %.1f records/sec (%.2f MB/sec), %.2f ms avg latency, "
                        + "%.2f ms max latency, %.0f ms 50th, %.0f ms 95th, %.0f ms 99th, %.0f ms 99.9th.",
                        numRecords, recordsPerSecond, megabytesPerSecond, summary.average, summary.maximum,
                        summary.p50, summary.p95, summary.p99, summary.p999))
                }
            }
        }
    }

    struct Consume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Consume records from the beginning of every partition and report MB/sec and records/sec.",
            discussion: "Prints kafka-consumer-perf-test's CSV header and one line of results.")
        @OptionGroup var connection: BootstrapOptions
        @Option(help: "The topic to read.") var topic: String
        @Option(help: "Stop after this many records.") var messages: Int
        @Option(help: "Fail when no record arrived for this long (ms).") var timeoutMs: Int = 10000
        @Option(help: "Output format.") var output: OutputFormat = .text

        func run() async throws {
            try await runReportingFailure {
                var configuration = ConsumerConfiguration()
                configuration.clientID = "tributary-consumer-perf"
                configuration.autoOffsetReset = .earliest
                let consumer = try KafkaConsumer(bootstrapServers: connection.bootstrapServer,
                                                 configuration: configuration, security: connection.clientSecurity())
                let startWall = Date()
                let start = ContinuousClock.now
                var count = 0
                var bytes = 0
                var lastRecordAt = ContinuousClock.now
                do {
                    try await consumer.assign(topic: TopicName(topic), from: .earliest)
                    while count < messages {
                        let records = try await consumer.poll(timeout: .milliseconds(500))
                        if records.isEmpty {
                            if ContinuousClock.now - lastRecordAt > .milliseconds(timeoutMs) {
                                throw CommandFailure("no record for \(timeoutMs) ms after \(count) of \(messages)")
                            }
                            continue
                        }
                        lastRecordAt = .now
                        for record in records {
                            count += 1
                            bytes += (record.value?.readableBytes ?? 0) + (record.key?.readableBytes ?? 0)
                        }
                    }
                } catch {
                    await consumer.close()
                    throw error
                }
                await consumer.close()
                let elapsed = ContinuousClock.now - start
                let seconds = max(elapsed.milliseconds / 1000, 1e-9)
                let megabytes = Double(bytes) / (1024 * 1024)
                if output == .json {
                    try printJSON([
                        "records": count, "bytes": bytes, "seconds": seconds, "mbPerSec": megabytes / seconds,
                        "recordsPerSec": Double(count) / seconds,
                    ])
                    return
                }
                let formatter = DateFormatter()
                formatter.dateFormat = "yyyy-MM-dd HH:mm:ss:SSS"
                print("start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, "
                    + "rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec")
                print(String(format: "%@, %@, %.4f, %.4f, %d, %.4f, 0, %.0f, %.4f, %.4f",
                             formatter.string(from: startWall), formatter.string(from: Date()), megabytes,
                             megabytes / seconds, count, Double(count) / seconds, elapsed.milliseconds,
                             megabytes / seconds, Double(count) / seconds))
            }
        }
    }
}

/// Per-record latencies collected from producer callbacks (any thread).
final class LatencyStats: Sendable {
    struct Summary {
        var average = 0.0, maximum = 0.0, p50 = 0.0, p95 = 0.0, p99 = 0.0, p999 = 0.0
        var failed = 0
        var firstError: String?
    }

    private struct State {
        var latencies: [Double] = []
        var failed = 0
        var firstError: String?
    }

    private let state: Mutex<State>

    init(capacity: Int) {
        var initial = State()
        initial.latencies.reserveCapacity(capacity)
        state = Mutex(initial)
    }

    func record(result: Result<RecordMetadata, any Error>, latency: Duration) {
        state.withLock { state in
            switch result {
            case .success: state.latencies.append(latency.milliseconds)
            case .failure(let error):
                state.failed += 1
                if state.firstError == nil { state.firstError = "\(error)" }
            }
        }
    }

    func summary() -> Summary {
        state.withLock { state in
            var summary = Summary(failed: state.failed, firstError: state.firstError)
            let sorted = state.latencies.sorted()
            guard !sorted.isEmpty else { return summary }
            func percentile(_ fraction: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))] }
            summary.average = sorted.reduce(0, +) / Double(sorted.count)
            summary.maximum = sorted.last!
            summary.p50 = percentile(0.5)
            summary.p95 = percentile(0.95)
            summary.p99 = percentile(0.99)
            summary.p999 = percentile(0.999)
            return summary
        }
    }
}
