import KafkaModel

/// A Java-style `.properties` file, the format Kafka's `server.properties` uses: `key=value` or `key: value`
/// per line, `#` and `!` start comments, blank lines are ignored, a trailing backslash continues a value on the
/// next line. Each entry remembers its line so errors can name it.
public struct PropertiesFile: Sendable {
    public struct Entry: Sendable, Equatable {
        public let key: String
        public let value: String
        public let line: Int
    }

    public let path: String
    public private(set) var entries: [Entry] = []

    /// Parses properties text. Throws `ConfigError` naming the line for a line that is neither a comment nor
    /// `key=value`, and for a key given twice.
    public init(path: String, text: String) throws {
        self.path = path
        var seen: [String: Int] = [:]
        var pending: (key: String, value: String, line: Int)?
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            var line = rawLine.trimmingWhitespace()
            if var continued = pending {
                let ends = line.hasSuffix("\\")
                if ends { line.removeLast() }
                continued.value += line
                if ends { pending = continued } else { pending = nil; try add(continued) }
                continue
            }
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("!") { continue }
            guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw ConfigError(file: path, line: lineNumber, key: nil,
                                  message: "expected 'key=value', found '\(line)'")
            }
            let key = line[..<separator].trimmingWhitespace()
            var value = line[line.index(after: separator)...].trimmingWhitespace()
            guard !key.isEmpty, !key.contains(where: { $0 == " " || $0 == "\t" }) else {
                throw ConfigError(file: path, line: lineNumber, key: key.isEmpty ? nil : key,
                                  message: "malformed key in '\(line)'")
            }
            if value.hasSuffix("\\") {
                value.removeLast()
                pending = (key, value, lineNumber)
            } else {
                try add((key, value, lineNumber))
            }
        }
        if let unfinished = pending { try add(unfinished) }

        func add(_ entry: (key: String, value: String, line: Int)) throws {
            if let first = seen[entry.key] {
                throw ConfigError(file: path, line: entry.line, key: entry.key,
                                  message: "duplicate key (first set on line \(first))")
            }
            seen[entry.key] = entry.line
            entries.append(Entry(key: entry.key, value: entry.value, line: entry.line))
        }
    }
}
