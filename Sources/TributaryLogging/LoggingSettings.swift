/// The logging part of a broker's properties file:
///
/// | key | default | meaning |
/// | --- | --- | --- |
/// | `tributary.log.level` | `info` | the root logger's level: trace, debug, info, warn, error, fatal |
/// | `tributary.log.level.<name>` | (the parent's) | the level of logger `tributary.<name>` and its descendants |
/// | `tributary.log.format` | `plain` | `plain` or `json` (one object per line) |
/// | `tributary.log.file` | (none: standard error) | write to this file instead of standard error |
/// | `tributary.log.file.max.bytes` | 104857600 | rotate the file before it would pass this size (≥ 1024) |
/// | `tributary.log.file.max.backups` | 10 | rotated files kept (`FILE.1` newest … `FILE.N`), 0 to keep none |
public struct LoggingSettings: Sendable, Equatable {
    public var rootLevel: LogLevel = .info
    /// Logger name (`tributary.controller`) → its own level.
    public var levels: [String: LogLevel] = [:]
    public var format: LogFormat = .plain
    public var file: String?
    public var fileMaxBytes: Int64 = 104_857_600
    public var fileMaxBackups = 10

    public init() {}

    public static let levelKey = "tributary.log.level"
    static let levelPrefix = "tributary.log.level."
    static let formatKey = "tributary.log.format"
    static let fileKey = "tributary.log.file"
    static let maxBytesKey = "tributary.log.file.max.bytes"
    static let maxBackupsKey = "tributary.log.file.max.backups"

    /// True for every key this type reads (so the broker's loader does not call them unknown).
    public static func isLoggingKey(_ key: String) -> Bool {
        key == levelKey || key.hasPrefix(levelPrefix) || key == formatKey || key == fileKey || key == maxBytesKey
            || key == maxBackupsKey
    }

    /// Applies one `key=value`; the error says what the value should be.
    public mutating func apply(key: String, value: String) throws(LoggingSettingError) {
        switch key {
        case Self.levelKey:
            rootLevel = try Self.level(value)
        case Self.formatKey:
            guard let format = LogFormat(rawValue: value.lowercased()) else {
                throw LoggingSettingError("must be plain or json, not '\(value)'")
            }
            self.format = format
        case Self.fileKey:
            file = value.isEmpty ? nil : value
        case Self.maxBytesKey:
            guard let bytes = Int64(value), bytes >= 1024 else {
                throw LoggingSettingError("must be a number of bytes of at least 1024, not '\(value)'")
            }
            fileMaxBytes = bytes
        case Self.maxBackupsKey:
            guard let count = Int(value), (0...1000).contains(count) else {
                throw LoggingSettingError("must be a number of files from 0 to 1000, not '\(value)'")
            }
            fileMaxBackups = count
        default:
            let suffix = key.dropFirst(Self.levelPrefix.count)
            guard key.hasPrefix(Self.levelPrefix), !suffix.isEmpty, !suffix.hasPrefix("."), !suffix.hasSuffix(".")
            else { throw LoggingSettingError("is not a logging key") }
            levels["tributary.\(suffix)"] = try Self.level(value)
        }
    }

    private static func level(_ value: String) throws(LoggingSettingError) -> LogLevel {
        guard let level = LogLevel(configValue: value) else {
            throw LoggingSettingError("must be one of \(LogLevel.kafkaNames) (any case), not '\(value)'")
        }
        return level
    }

    /// Where the lines go.
    public var destination: LogWriter.Destination {
        guard let file else { return .standardError }
        return .file(path: file, maxBytes: fileMaxBytes, maxBackups: fileMaxBackups)
    }
}

/// A logging value that cannot be used; `message` completes "KEY …".
public struct LoggingSettingError: Error, Sendable {
    public let message: String
    init(_ message: String) { self.message = message }
}
