import ArgumentParser
import Broker
import Dispatch
import Foundation
import Logging
import TributaryLogging

/// `tributary server FILE.properties [--override key=value ...]`: runs one broker until SIGTERM or SIGINT.
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Run a broker with a Kafka-style properties file.",
        discussion: """
            Keys and defaults follow Kafka's broker configuration (broker.id, listeners, advertised.listeners, \
            log.dirs, zookeeper.connect, ...). A malformed line or value stops start-up with a message naming \
            the file, line and key. SIGTERM shuts the broker down cleanly: leadership moves to other brokers \
            first (controlled shutdown), then the registration is removed.
            """)

    @Argument(help: "The broker's properties file.")
    var file: String

    @Option(name: .customLong("override"), help: "key=value; overrides the file (repeatable).")
    var overrides: [String] = []

    @Option(help: "The root logger's level (trace, debug, info, warn, error, fatal); overrides tributary.log.level.")
    var logLevel: String?

    func run() async throws {
        let loaded: BrokerConfig.Loaded
        var logging: LoggingSettings
        do {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ConfigError(file: file, line: nil, key: nil, message: "cannot read the file")
            }
            loaded = try BrokerConfig.load(path: file, text: text, overrides: overrides)
            logging = try BrokerConfig.loggingSettings(path: file, text: text, overrides: overrides)
            if let logLevel {
                guard let level = LogLevel(configValue: logLevel) else {
                    throw ConfigError(file: "--log-level", line: nil, key: nil,
                                      message: "must be one of \(LogLevel.kafkaNames), not '\(logLevel)'")
                }
                logging.rootLevel = level
            }
        } catch let error as ConfigError {
            printToStandardError("error: invalid configuration: \(error)")
            throw ExitCode(2)
        }
        let writer = LoggingBootstrap.bootstrap(logging)
        // Written before any exit, so the reason a broker stopped is the last line of its log.
        defer { writer.flush() }
        let logger = Logger(subsystem: .broker)
        logger.info("logging", metadata: [
            "root": "\(logging.rootLevel.kafkaName)", "format": "\(logging.format.rawValue)",
            "levels": "\(logging.levels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.kafkaName)" })",
            "file": "\(logging.file ?? "standard error")"])
        for warning in loaded.warnings { logger.warning("\(warning)") }

        let signals = SignalWaiter([SIGTERM, SIGINT])
        let node: BrokerNode
        do {
            node = try await BrokerNode.start(config: loaded.config, logger: logger)
        } catch {
            if logging.file != nil {  // standard error gets the message below either way
                logger.critical("broker failed to start", metadata: ["error": "\(error)"])
                writer.flush()
            }
            printToStandardError("error: broker \(loaded.config.brokerID) failed to start: \(error)")
            throw ExitCode.failure
        }
        let received = await signals.next()
        logger.info("received signal \(received)")
        await node.shutdown()
    }
}

/// Waits for one of `signals` (delivered through Dispatch, so no handler runs in signal context).
/// @unchecked Sendable: `sources` is only kept alive, never touched after `init`; the stream is Sendable.
final class SignalWaiter: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]
    private let stream: AsyncStream<Int32>

    init(_ signals: [Int32]) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        self.stream = stream
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    func next() async -> Int32 {
        for await number in stream { return number }
        return 0
    }
}
