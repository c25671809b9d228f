import KafkaModel

/// Kafka's per-log-directory offset checkpoint (`CheckpointFile` / `OffsetCheckpointFile`), the format of
/// `replication-offset-checkpoint` (high watermarks), `recovery-point-offset-checkpoint` and
/// `log-start-offset-checkpoint`:
/// ```
/// 0                 ← format version
/// 2                 ← number of entries
/// orders 0 1523     ← "<topic> <partition> <offset>", single spaces (topic names hold none)
/// orders 1 1400
/// ```
/// An empty file means no entries. Written atomically: `<file>.tmp` written and fsynced, renamed over the
/// file, the directory fsynced, so a crash leaves the old or the new content, never a mix.
///
/// Read as hostile input (a torn disk, a hand edit): an unknown version, a count that does not match the
/// lines, a non-numeric or negative field, a duplicate entry, or a name that is not a legal topic name makes
/// the whole file malformed, and callers then act as if there were no checkpoint.
public enum OffsetCheckpointFile {
    /// High watermarks of the partitions in a log directory.
    public static let highWatermarks = "replication-offset-checkpoint"
    /// Offsets below which each log was fsynced: recovery rescans from there.
    public static let recoveryPoints = "recovery-point-offset-checkpoint"
    /// Log start offsets (moved by DeleteRecords and retention).
    public static let logStartOffsets = "log-start-offset-checkpoint"

    /// Replaces the file at `path` with `entries`, durably.
    /// - Throws: `LogStorageError.io`; the previous file is then left as it was.
    public static func write(_ entries: [TopicPartition: Offset], to path: String) throws {
        try FileIO.writeFileAtomically(path, contents: encode(entries))
    }

    /// Reads the file at `path`; nil when it does not exist.
    /// - Throws: `LogStorageError.malformedFile` for anything but a well-formed file, `.io` when unreadable.
    public static func read(_ path: String) throws -> [TopicPartition: Offset]? {
        guard let bytes = try FileIO.readFile(path) else { return nil }
        return try decode(bytes, path: path)
    }

    static func encode(_ entries: [TopicPartition: Offset]) -> [UInt8] {
        var text = "0\n\(entries.count)\n"
        for (partition, offset) in entries.sorted(by: { $0.key < $1.key }) {
            text += "\(partition.topic.rawValue) \(partition.partition.rawValue) \(offset.rawValue)\n"
        }
        return Array(text.utf8)
    }

    static func decode(_ bytes: [UInt8], path: String) throws -> [TopicPartition: Offset] {
        func malformed(_ reason: String) -> LogStorageError { .malformedFile(path: path, reason: reason) }
        guard !bytes.isEmpty else { return [:] }
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        // Every line ends with a newline, so the last split piece is empty; anything else is a torn write.
        guard lines.last?.isEmpty == true else { throw malformed("no newline at the end") }
        lines.removeLast()
        guard lines.count >= 2, String(decoding: lines[0], as: UTF8.self) == "0" else {
            throw malformed("unknown version")
        }
        guard let count = Int(String(decoding: lines[1], as: UTF8.self)), count == lines.count - 2 else {
            throw malformed("entry count does not match the \(lines.count - 2) entry line(s)")
        }
        var entries: [TopicPartition: Offset] = [:]
        for line in lines.dropFirst(2) {
            let fields = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self) }
            let shown = String(decoding: line.prefix(300), as: UTF8.self)
            guard fields.count == 3, let partition = Int32(fields[1]), partition >= 0,
                let offset = Int64(fields[2]), offset >= 0
            else { throw malformed("bad entry \"\(shown)\"") }
            let key = TopicPartition(TopicName(fields[0]), PartitionIndex(partition))
            guard LogManager.isLegalDirectoryName(key) else { throw malformed("illegal topic name in \"\(shown)\"") }
            guard entries.updateValue(Offset(offset), forKey: key) == nil else {
                throw malformed("duplicate entry for \(key)")
            }
        }
        return entries
    }
}
