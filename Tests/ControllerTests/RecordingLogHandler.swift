import Logging
import NIOConcurrencyHelpers

/// Keeps every message logged through it, so a test can wait for something the code only logs (a periodic
/// check that decided to change nothing) or read what a warning said.
struct RecordingLogHandler: LogHandler {
    struct Record: Sendable {
        var message: String
        var metadata: [String: String]
    }

    let records: NIOLockedValueBox<[Record]>
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }.mapValues(\.description)
        records.withLockedValue { $0.append(Record(message: event.message.description, metadata: merged)) }
    }

    /// A logger recording into `records`.
    static func logger(_ label: String, into records: NIOLockedValueBox<[Record]>) -> Logger {
        Logger(label: label) { _ in RecordingLogHandler(records: records) }
    }
}
