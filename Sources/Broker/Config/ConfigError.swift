/// A configuration problem, naming where it is: the file and line for a file entry, `--override` for a
/// command-line override, and the key.
public struct ConfigError: Error, CustomStringConvertible, Equatable, Sendable {
    public let file: String?
    public let line: Int?
    public let key: String?
    public let message: String

    public init(file: String?, line: Int?, key: String?, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        var location = file ?? "configuration"
        if let line { location += ":\(line)" }
        if let key { return "\(location): \(key): \(message)" }
        return "\(location): \(message)"
    }
}
