import KafkaModel
import Logging

/// The recovery points and log start offsets of the logs in one log directory, as Kafka keeps them:
/// `recovery-point-offset-checkpoint` and `log-start-offset-checkpoint` in the directory itself (format in
/// `OffsetCheckpointFile`), one line per log.
///
/// Logs push every change here (a cheap in-memory update). The files are written by the log manager every
/// `log.flush.offset.checkpoint.interval.ms` and on close, and at once when a value moves the unsafe way for a
/// crash: a recovery point lowered by truncation (a stale higher one would trust a tail that was never
/// fsynced) or a log start raised by DeleteRecords (records below it must not come back). A recovery point only
/// ever rises after an fsync succeeded, so a stale file is merely conservative: recovery rescans more.
final class LogDirectoryCheckpoint: @unchecked Sendable {
    // Safe: `entries` is guarded by `lock`; `fileLock` serializes writes (taken before `lock`), so a
    // snapshot taken earlier never overwrites a later one. Everything else is immutable.
    struct Entry: Hashable, Sendable {
        var recoveryPoint: Int64
        var logStartOffset: Int64
    }

    let directory: String
    /// A log opened on its own (`PartitionLog.open`) has no manager to write periodically: every change is written.
    let writesEveryChange: Bool
    private let logger: Logger
    private let lock = BlockingLock()
    private let fileLock = BlockingLock()
    private var recoveryPoints: [TopicPartition: Int64]
    private var logStartOffsets: [TopicPartition: Int64]

    /// Reads both files of `directory`; a missing or malformed one is logged and counts as empty (full
    /// recovery, log start offsets from the first segments).
    init(directory: String, writesEveryChange: Bool, logger: Logger) {
        self.directory = directory
        self.writesEveryChange = writesEveryChange
        self.logger = logger
        recoveryPoints = Self.load(directory + "/" + OffsetCheckpointFile.recoveryPoints, logger: logger)
        logStartOffsets = Self.load(directory + "/" + OffsetCheckpointFile.logStartOffsets, logger: logger)
    }

    private static func load(_ path: String, logger: Logger) -> [TopicPartition: Int64] {
        do {
            return (try OffsetCheckpointFile.read(path) ?? [:]).mapValues(\.rawValue)
        } catch {
            logger.warning("Ignoring unreadable checkpoint file", metadata: ["path": "\(path)", "error": "\(error)"])
            return [:]
        }
    }

    /// What the files said for a log (each nil when absent).
    func restored(for partition: TopicPartition) -> (recoveryPoint: Int64?, logStartOffset: Int64?) {
        lock.withLock { (recoveryPoints[partition], logStartOffsets[partition]) }
    }

    /// Records a log's current values; writes the files now when `persistNow` (or for a lone log).
    /// - Throws: `LogStorageError.io` from the write.
    func update(_ partition: TopicPartition, _ entry: Entry, persistNow: Bool) throws {
        lock.withLock {
            recoveryPoints[partition] = entry.recoveryPoint
            logStartOffsets[partition] = entry.logStartOffset
        }
        if persistNow || writesEveryChange { try write() }
    }

    /// Forgets a log (deleted). Not written at once: an entry without a log is ignored at load.
    func remove(_ partition: TopicPartition) {
        lock.withLock {
            recoveryPoints[partition] = nil
            logStartOffsets[partition] = nil
        }
    }

    /// Keeps only the entries of `partitions` (the logs found at load); returns the others, for a warning.
    func retainOnly(_ partitions: Set<TopicPartition>) -> [TopicPartition] {
        lock.withLock {
            let unknown = Set(recoveryPoints.keys).union(logStartOffsets.keys).subtracting(partitions)
            for partition in unknown {
                recoveryPoints[partition] = nil
                logStartOffsets[partition] = nil
            }
            return unknown.sorted()
        }
    }

    /// Writes both files from the current values.
    /// - Throws: `LogStorageError.io`; a file that failed keeps its previous content.
    func write() throws {
        try fileLock.withLock {
            let (points, starts) = lock.withLock { (recoveryPoints, logStartOffsets) }
            try OffsetCheckpointFile.write(points.mapValues(Offset.init(rawValue:)),
                                           to: directory + "/" + OffsetCheckpointFile.recoveryPoints)
            try OffsetCheckpointFile.write(starts.mapValues(Offset.init(rawValue:)),
                                           to: directory + "/" + OffsetCheckpointFile.logStartOffsets)
        }
    }
}
