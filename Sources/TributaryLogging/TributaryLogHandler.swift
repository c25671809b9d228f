import Logging

/// The broker's swift-log handler: its level comes from the registry (so BROKER_LOGGER changes reach loggers
/// already created), its line from `LogLineFormatter`, and it hands the line to the `LogWriter` without waiting.
public struct TributaryLogHandler: LogHandler {
    public let label: String
    private let cell: LevelCell
    private let formatter: LogLineFormatter
    private let writer: LogWriter
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    /// Set when code assigns `logger.logLevel` itself; that logger copy then keeps it.
    private var pinnedLevel: Logger.Level?

    public init(label: String, registry: LogLevelRegistry, formatter: LogLineFormatter, writer: LogWriter,
                metadataProvider: Logger.MetadataProvider? = nil)
    {
        self.label = label
        cell = registry.cell(for: label)
        self.formatter = formatter
        self.writer = writer
        self.metadataProvider = metadataProvider
    }

    public var logLevel: Logger.Level {
        get { pinnedLevel ?? cell.level.threshold }
        set { pinnedLevel = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        if let error = event.error, merged["error"] == nil { merged["error"] = "\(error)" }
        writer.write(formatter.line(timestamp: LogLineFormatter.timestampNow(), level: event.level, label: label,
                                    message: event.message.description, metadata: merged, source: event.source))
    }
}
