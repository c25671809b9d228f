import KafkaModel
import LogStorage
import Logging
import NIOConcurrencyHelpers

/// The high watermarks of this broker's partitions, kept as Kafka keeps them: `replication-offset-checkpoint`
/// in each log directory (format in `OffsetCheckpointFile`), one line per partition whose log lives there.
/// Written every `replica.high.watermark.checkpoint.interval.ms` and on clean shutdown; read at start-up so a
/// restarted partition starts from its committed offset rather than 0 (a restarted leader would otherwise
/// serve consumers nothing until its followers fetched again).
///
/// A malformed file is logged and ignored (those partitions start at 0); an entry for a partition without a log
/// in that directory is ignored.
public final class HighWatermarkCheckpoints: Sendable {
    private let logManager: LogManager
    private let logger: Logger
    /// Read at start-up, for partitions not hosted yet: kept in the files until they are, dropped when their
    /// log is deleted.
    private let restored: NIOLockedValueBox<[TopicPartition: Offset]>
    /// Serializes writers (the periodic task and shutdown), which share each directory's `.tmp` file.
    private let fileLock = NIOLock()
    /// Set by the shutdown write: the logs close next, and a late periodic write would find none of them.
    private let closed = NIOLockedValueBox(false)

    public init(logManager: LogManager, logger: Logger) {
        self.logManager = logManager
        self.logger = logger
        var restored: [TopicPartition: Offset] = [:]
        for directory in logManager.liveLogDirectories {
            let path = directory + "/" + OffsetCheckpointFile.highWatermarks
            let entries: [TopicPartition: Offset]
            do {
                entries = try OffsetCheckpointFile.read(path) ?? [:]
            } catch {
                logger.warning("ignoring unreadable high watermark checkpoint",
                               metadata: ["path": "\(path)", "error": "\(error)"])
                continue
            }
            var unknown: [TopicPartition] = []
            for (partition, offset) in entries {
                if logManager.logDirectory(for: partition) == directory {
                    restored[partition] = offset
                } else {
                    unknown.append(partition)
                }
            }
            if !unknown.isEmpty {
                logger.warning("ignoring high watermarks of partitions without a log in their directory", metadata: [
                    "path": "\(path)", "count": "\(unknown.count)",
                    "first": "\(unknown.sorted().prefix(5).map(\.description))"])
            }
        }
        self.restored = NIOLockedValueBox(restored)
    }

    /// The high watermark a newly hosted partition starts with: the checkpointed one kept within the log's
    /// start and end offsets (a log may have lost its unflushed tail in a crash), or 0 without a checkpoint.
    public func startingHighWatermark(for partition: TopicPartition, log: PartitionLog) -> Offset {
        guard let checkpointed = restored.withLockedValue({ $0[partition] }) else { return Offset(0) }
        return min(max(checkpointed, log.logStartOffset), log.logEndOffset)
    }

    /// The partition is hosted (its live value is written from now on) or its log was deleted.
    public func forget(_ partition: TopicPartition) {
        restored.withLockedValue { _ = $0.removeValue(forKey: partition) }
    }

    /// Writes every log directory's file from the hosted partitions' high watermarks (`current`) and the
    /// restored values of partitions not hosted yet.
    /// - Parameter final: the shutdown write; later calls do nothing.
    /// - Throws: the first `LogStorageError` met; every directory is still attempted.
    public func write(current: [TopicPartition: Offset], final: Bool = false) throws {
        try fileLock.withLock {
            guard !closed.withLockedValue({ $0 }) else { return }
            if final { closed.withLockedValue { $0 = true } }
            var byDirectory: [String: [TopicPartition: Offset]] = [:]
            for directory in logManager.liveLogDirectories { byDirectory[directory] = [:] }
            let pending = restored.withLockedValue { $0 }
            for (partition, offset) in pending.merging(current, uniquingKeysWith: { _, live in live }) {
                guard let directory = logManager.logDirectory(for: partition) else { continue }
                byDirectory[directory, default: [:]][partition] = offset
            }
            var firstError: Error?
            for (directory, entries) in byDirectory {
                do {
                    try OffsetCheckpointFile.write(entries, to: directory + "/" + OffsetCheckpointFile.highWatermarks)
                } catch {
                    logManager.reportFailure(in: directory, error)  // a failed checkpoint write takes it offline
                    firstError = firstError ?? error
                }
            }
            if let firstError { throw firstError }
        }
    }
}
