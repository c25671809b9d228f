/// A broker's host and port, as written in `bootstrap.servers` (`host:port`, `[v6addr]:port`).
public struct BrokerAddress: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses one `host:port`.
    /// - Throws: `KafkaClientError.invalidArgument` when the port is missing or not a valid number.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingSpaces
        guard let colon = trimmed.lastIndex(of: ":"),
            let port = Int(trimmed[trimmed.index(after: colon)...]), (1...65535).contains(port)
        else { throw KafkaClientError.invalidArgument("broker address '\(text)' is not host:port") }
        var host = String(trimmed[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw KafkaClientError.invalidArgument("broker address '\(text)' has no host") }
        self.host = host
        self.port = port
    }

    /// Parses a comma-separated list, `host:port[,host:port...]`.
    /// - Throws: `KafkaClientError.invalidArgument` for an empty list or a malformed entry.
    public static func parseList(_ text: String) throws -> [BrokerAddress] {
        let entries = text.split(separator: ",").map(String.init).filter { !$0.trimmingSpaces.isEmpty }
        guard !entries.isEmpty else { throw KafkaClientError.invalidArgument("no bootstrap server given") }
        return try entries.map(BrokerAddress.init(parsing:))
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice = slice.dropFirst() }
        while slice.last?.isWhitespace == true { slice = slice.dropLast() }
        return String(slice)
    }
}
