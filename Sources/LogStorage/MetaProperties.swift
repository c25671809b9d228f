import KafkaModel

/// The identity of a log directory, file `meta.properties` at its root, in Kafka's Java-properties form
/// (ZooKeeper-mode version 0):
/// ```
/// #Written by Tributary
/// version=0
/// broker.id=1
/// cluster.id=Hx3kS0yVR1uJm7ZtWmQbXg
/// ```
/// A directory that names another broker or another cluster must not be used: its data belongs elsewhere.
public struct MetaProperties: Hashable, Sendable {
    public static let fileName = "meta.properties"

    public var version: Int
    public var brokerID: BrokerID
    public var clusterID: String?

    public init(version: Int = 0, brokerID: BrokerID, clusterID: String?) {
        self.version = version
        self.brokerID = brokerID
        self.clusterID = clusterID
    }

    /// Reads `meta.properties` of a directory; nil when absent.
    /// - Throws: `LogStorageError.malformedFile` when required keys are missing or invalid.
    public static func read(fromDirectory directory: String) throws -> MetaProperties? {
        let path = directory + "/" + fileName
        guard let bytes = try FileIO.readFile(path) else { return nil }
        var values: [String: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("!") { continue }
            guard let equals = trimmed.firstIndex(of: "=") else { continue }
            values[String(trimmed[..<equals]).trimmingSpaces] = String(trimmed[trimmed.index(after: equals)...]).trimmingSpaces
        }
        guard let version = values["version"].flatMap({ Int($0) }) else {
            throw LogStorageError.malformedFile(path: path, reason: "missing version")
        }
        guard let brokerID = values["broker.id"].flatMap({ Int32($0) }) else {
            throw LogStorageError.malformedFile(path: path, reason: "missing broker.id")
        }
        return MetaProperties(version: version, brokerID: BrokerID(brokerID), clusterID: values["cluster.id"])
    }

    /// Writes `meta.properties` atomically.
    /// - Throws: `LogStorageError.io`.
    public func write(toDirectory directory: String) throws {
        var text = "#Written by Tributary\nversion=\(version)\nbroker.id=\(brokerID.rawValue)\n"
        if let clusterID { text += "cluster.id=\(clusterID)\n" }
        try FileIO.writeFileAtomically(directory + "/" + Self.fileName, contents: Array(text.utf8))
    }
}

extension String {
    var trimmingSpaces: String {
        var slice = Substring(self)
        while slice.first == " " || slice.first == "\t" { slice.removeFirst() }
        while slice.last == " " || slice.last == "\t" || slice.last == "\r" { slice.removeLast() }
        return String(slice)
    }
}
