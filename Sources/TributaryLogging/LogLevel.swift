import Logging

/// Kafka's six log levels (`LogLevelConfig.VALID_LOG_LEVELS`): the words of the BROKER_LOGGER config resource and
/// of the `tributary.log.level*` properties, each mapped onto the swift-log level that gates it.
public enum LogLevel: UInt8, CaseIterable, Sendable, Comparable {
    case trace, debug, info, warn, error, fatal

    /// The name BROKER_LOGGER reports and accepts (Kafka compares these case-sensitively).
    public var kafkaName: String {
        switch self {
        case .trace: "TRACE"
        case .debug: "DEBUG"
        case .info: "INFO"
        case .warn: "WARN"
        case .error: "ERROR"
        case .fatal: "FATAL"
        }
    }

    /// The least severe swift-log level let through: WARN lets warnings through, FATAL only critical messages.
    public var threshold: Logger.Level {
        switch self {
        case .trace: .trace
        case .debug: .debug
        case .info: .info
        case .warn: .warning
        case .error: .error
        case .fatal: .critical
        }
    }

    /// Kafka's exact names only, as IncrementalAlterConfigs takes them.
    public init?(kafkaName: String) {
        guard let level = Self.allCases.first(where: { $0.kafkaName == kafkaName }) else { return nil }
        self = level
    }

    /// A properties-file or command-line value: Kafka's names in any case, or swift-log's `warning` and
    /// `critical` (what `--log-level` always took).
    public init?(configValue: String) {
        switch configValue.lowercased() {
        case "warning": self = .warn
        case "critical": self = .fatal
        case let lowered:
            guard let level = Self(kafkaName: lowered.uppercased()) else { return nil }
            self = level
        }
    }

    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rawValue < b.rawValue }

    /// Every accepted name, for error messages.
    public static var kafkaNames: String { allCases.map(\.kafkaName).joined(separator: ", ") }
}

/// The broker's subsystems, each logging under its own label (`tributary.<name>`) so its level can be set alone:
/// in the properties file (`tributary.log.level.controller=debug`) or at run time (BROKER_LOGGER).
public enum LogSubsystem: String, CaseIterable, Sendable {
    /// Start-up, shutdown, controlled shutdown.
    case broker
    /// Election, topic lifecycle, leader and ISR decisions, reassignment.
    case controller
    /// Replicas: leader/follower transitions, fetchers, ISR changes, high watermarks.
    case replication
    /// Listeners and connections, the metrics endpoint.
    case network
    /// Each request's dispatch, and the admin requests' outcomes.
    case request
    /// Log directories, segments, recovery, truncation, retention.
    case storage
    /// The log cleaner (compaction).
    case cleaner
    /// The ZooKeeper session, registration and the znodes the broker writes.
    case zookeeper
    /// Consumer groups and committed offsets.
    case groups
    /// The transaction coordinator: transactional ids, their states and markers.
    case transactions

    /// The logger name, as labels, properties keys and BROKER_LOGGER spell it.
    public var label: String { "tributary.\(rawValue)" }
}

extension Logger {
    /// A logger labelled with `subsystem`'s name, so that subsystem's level applies to it.
    public init(subsystem: LogSubsystem) {
        self.init(label: subsystem.label)
    }
}
