/// One entry of `listeners` / `advertised.listeners`: `NAME://host:port`. An empty host means "all interfaces"
/// when binding; Kafka refuses it (and 0.0.0.0) in advertised listeners.
public struct Listener: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var host: String
    public var port: Int

    public init(name: String, host: String, port: Int) {
        self.name = name
        self.host = host
        self.port = port
    }

    /// Parses `PLAINTEXT://host:port`, `PLAINTEXT://:9092` or `PLAINTEXT://[::1]:9092`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "://", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let name = String(parts[0])
        let rest = parts[1]
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
            let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]),
            (0...65535).contains(port)
        else { return nil }
        var host = String(rest[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.init(name: name, host: host, port: port)
    }

    /// Parses a comma-separated list; nil when any entry is malformed or a name repeats.
    public static func parseList(_ text: String) -> [Listener]? {
        var listeners: [Listener] = []
        for part in text.split(separator: ",") {
            guard let listener = Listener(parsing: part.trimmingWhitespace()) else { return nil }
            guard !listeners.contains(where: { $0.name == listener.name }) else { return nil }
            listeners.append(listener)
        }
        return listeners.isEmpty ? nil : listeners
    }

    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(name)://\(shownHost):\(port)"
    }
}
