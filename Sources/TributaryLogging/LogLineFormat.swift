#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// How each log line is written (`tributary.log.format`).
public enum LogFormat: String, Sendable, CaseIterable {
    /// `2026-01-31T12:00:00.123Z info tributary.controller: epoch=3 [Controller] elected controller`: swift-log's
    /// stream layout (level, label, sorted `key=value` metadata, source module, message) with a UTC timestamp.
    case plain
    /// One JSON object per line: `timestamp`, `level` (Kafka's names; swift-log's NOTICE as is), `logger`,
    /// `message`, `metadata` (an object; nested lists and dictionaries kept), `source`.
    case json
}

/// Turns one log event into one line (ending in a newline). Pure, so the layout is tested without a handler.
public struct LogLineFormatter: Sendable {
    public let format: LogFormat

    public init(format: LogFormat) { self.format = format }

    public func line(timestamp: String, level: Logger.Level, label: String, message: String,
                     metadata: Logger.Metadata, source: String) -> String
    {
        switch format {
        case .plain:
            let fields = metadata.isEmpty
                ? "" : " " + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            return "\(timestamp) \(level) \(label):\(fields) [\(source)] \(message)\n"
        case .json:
            var out = "{\"timestamp\":"
            JSON.appendString(timestamp, to: &out)
            out += ",\"level\":"
            JSON.appendString(Self.levelName(level), to: &out)
            out += ",\"logger\":"
            JSON.appendString(label, to: &out)
            out += ",\"message\":"
            JSON.appendString(message, to: &out)
            out += ",\"metadata\":"
            JSON.appendObject(metadata, to: &out)
            out += ",\"source\":"
            JSON.appendString(source, to: &out)
            out += "}\n"
            return out
        }
    }

    /// Kafka's level names for swift-log's levels (NOTICE has no Kafka counterpart and keeps its own).
    static func levelName(_ level: Logger.Level) -> String {
        switch level {
        case .trace: "TRACE"
        case .debug: "DEBUG"
        case .info: "INFO"
        case .notice: "NOTICE"
        case .warning: "WARN"
        case .error: "ERROR"
        case .critical: "FATAL"
        }
    }

    /// Now, in UTC to the millisecond: `2026-01-31T12:00:00.123Z` (sortable, the same on every broker).
    public static func timestampNow() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))."
            + "\(pad(Int32(spec.tv_nsec / 1_000_000), 3))Z"
    }
}

/// The few JSON writers a log line needs (Foundation's encoder would sort nothing we need and allocate more).
enum JSON {
    static func appendString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    static func appendObject(_ metadata: Logger.Metadata, to out: inout String) {
        out += "{"
        for (index, (key, value)) in metadata.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { out += "," }
            appendString(key, to: &out)
            out += ":"
            appendValue(value, to: &out)
        }
        out += "}"
    }

    static func appendValue(_ value: Logger.MetadataValue, to out: inout String) {
        switch value {
        case .string(let text): appendString(text, to: &out)
        case .stringConvertible(let convertible): appendString(convertible.description, to: &out)
        case .dictionary(let dictionary): appendObject(dictionary, to: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                appendValue(item, to: &out)
            }
            out += "]"
        }
    }
}
