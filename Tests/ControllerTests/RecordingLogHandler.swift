import Logging
import NIOConcurrencyHelpers

/// Keeps every message logged through it, so a test can wait for something the code only logs (a periodic
/// check that decided to change nothing).
struct RecordingLogHandler: LogHandler {
    let messages: NIOLockedValueBox<[String]>
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
             file: String, function: String, line: UInt) {
        messages.withLockedValue { $0.append(message.description) }
    }

    /// A logger recording into `messages`.
    static func logger(_ label: String, into messages: NIOLockedValueBox<[String]>) -> Logger {
        Logger(label: label) { _ in RecordingLogHandler(messages: messages) }
    }
}
