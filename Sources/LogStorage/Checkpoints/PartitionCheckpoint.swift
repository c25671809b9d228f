/// The per-partition offsets file earlier Tributary versions kept, `offsets-checkpoint` in the partition's
/// directory; superseded by Kafka's per-directory files (`LogDirectoryCheckpoint`). Read only at start-up for
/// a log the directory's files do not mention, then deleted once those files hold the log.
///
/// Text:
/// ```
/// 0                       ← format version
/// recovery-point <offset> ← everything below was fsynced; recovery rescans from the segment holding it
/// log-start-offset <offset>
/// ```
struct PartitionCheckpoint: Hashable, Sendable {
    static let fileName = "offsets-checkpoint"

    var recoveryPoint: Int64
    var logStartOffset: Int64

    /// Reads the checkpoint; nil when there is none.
    /// - Throws: `LogStorageError.malformedFile` when it cannot be parsed.
    static func read(from directory: String) throws -> PartitionCheckpoint? {
        let path = directory + "/" + fileName
        guard let bytes = try FileIO.readFile(path) else { return nil }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        guard lines.first == "0" else { throw LogStorageError.malformedFile(path: path, reason: "unknown version") }
        var values: [Substring: Int64] = [:]
        for line in lines.dropFirst() {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let value = Int64(parts[1]) else {
                throw LogStorageError.malformedFile(path: path, reason: "bad line \"\(line)\"")
            }
            values[parts[0]] = value
        }
        guard let recovery = values["recovery-point"], let start = values["log-start-offset"] else {
            throw LogStorageError.malformedFile(path: path, reason: "missing field")
        }
        // Offsets are never negative; a negative one is damage (recovery then rescans every segment).
        guard recovery >= 0, start >= 0 else {
            throw LogStorageError.malformedFile(path: path, reason: "negative offset")
        }
        return PartitionCheckpoint(recoveryPoint: recovery, logStartOffset: start)
    }
}
