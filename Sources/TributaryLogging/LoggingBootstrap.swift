#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import NIOConcurrencyHelpers

/// Installs the broker's logging once per process: levels into `LogLevelRegistry.process`, and a swift-log factory
/// whose handlers read them and write through one `LogWriter`.
public enum LoggingBootstrap {
    /// The writer the process logs through, flushed at exit so the last lines (a fatal error's) are not lost.
    private static let installed = NIOLockedValueBox<LogWriter?>(nil)

    /// - Returns: the writer, to flush at shutdown.
    @discardableResult
    public static func bootstrap(_ settings: LoggingSettings) -> LogWriter {
        // A reader of standard error that goes away (a closed pipe) must cost log lines, not the process: without
        // this, the next write would deliver SIGPIPE, whose default action ends it.
        signal(SIGPIPE, SIG_IGN)
        let registry = LogLevelRegistry.process
        registry.configure(root: settings.rootLevel, levels: settings.levels)
        let writer = LogWriter(destination: settings.destination)
        let formatter = LogLineFormatter(format: settings.format)
        installed.withLockedValue { $0 = writer }
        atexit { LoggingBootstrap.flushInstalled() }
        LoggingSystem.bootstrap { label in
            TributaryLogHandler(label: label, registry: registry, formatter: formatter, writer: writer)
        }
        return writer
    }

    static func flushInstalled() {
        installed.withLockedValue { $0 }?.flush(timeout: .seconds(2))
    }
}
