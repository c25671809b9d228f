/// `partition.metadata` in a partition's directory, Kafka's format (KIP-516):
/// ```
/// version: 0
/// topic_id: <22-character base64 topic id>
/// ```
/// The id of the topic the log was created for: a topic deleted and recreated under the same name while a
/// broker was down has a new id, so the broker can tell its old log is not the new topic's. Written without
/// fsync (a crash may lose it; the log then counts as one whose topic is unknown and is stamped again).
enum PartitionMetadataFile {
    static let fileName = "partition.metadata"

    /// The recorded topic id, nil when there is no file or it cannot be read.
    static func topicID(inDirectory directory: String) -> String? {
        guard let bytes = try? FileIO.readFile(directory + "/" + fileName) else { return nil }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        guard lines.first == "version: 0", lines.count >= 2, lines[1].hasPrefix("topic_id: ") else { return nil }
        let id = lines[1].dropFirst("topic_id: ".count)
        return id.isEmpty ? nil : String(id)
    }

    static func write(topicID: String, toDirectory directory: String) throws {
        try FileIO.replaceFile(directory + "/" + fileName, contents: Array("version: 0\ntopic_id: \(topicID)\n".utf8))
    }
}
