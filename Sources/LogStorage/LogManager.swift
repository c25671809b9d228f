import KafkaModel
import Logging

/// Owns the log directories (`log.dirs`) of a broker and every partition log in them.
///
/// Layout of each directory: `meta.properties` (see `MetaProperties`), `recovery-point-offset-checkpoint` and
/// `log-start-offset-checkpoint` (see `LogDirectoryCheckpoint`), and one `<topic>-<partition>/` directory per
/// partition (see `PartitionLog`). The broker adds `replication-offset-checkpoint` (high watermarks). All logs share one bounded cache of open inactive
/// segment files, so descriptors stay at about one per partition (its active segment) plus the cache.
public final class LogManager: @unchecked Sendable {
    // Safe: `logs` is guarded by `lock`; everything else is immutable after init.
    public let logDirectories: [String]
    public let brokerID: BrokerID
    /// The cluster the directories belong to (from the caller or from `meta.properties`).
    public let clusterID: String?

    private let defaultConfig: LogConfig
    /// Per-topic settings: used to open existing logs and to create new ones.
    private let topicConfig: @Sendable (TopicName) -> LogConfig?
    private let fileCache: SegmentFileCache
    private let logger: Logger
    private let clock: WallClock
    private let lock = Lock()
    /// Per log directory; immutable after init (each guards its own values).
    private let directoryCheckpoints: [String: LogDirectoryCheckpoint]
    private var logs: [TopicPartition: (log: PartitionLog, directory: String)] = [:]
    /// The topic id recorded beside each log (`partition.metadata`), read once at load.
    private var topicIDs: [TopicPartition: String] = [:]
    /// Set by `close`: requests still in flight during shutdown must not open or create logs again.
    private var isClosed = false

    /// Checks or writes each directory's `meta.properties`, then opens (and recovers) every partition log.
    /// - Parameters:
    ///   - logDirectories: `log.dirs`; created when missing.
    ///   - clusterID: the cluster id read from ZooKeeper, or nil when not known yet.
    ///   - defaultConfig: settings for logs without a topic override.
    ///   - topicConfig: per-topic settings used to open existing logs and to create new ones (asked under the
    ///     manager's lock, so a topic config change that updates `allLogs` after setting what this returns
    ///     reaches every log); nil means `defaultConfig`.
    ///   - maxOpenSegmentFiles: bound on inactive segment files kept open across all partitions.
    /// - Throws: `LogStorageError.inconsistentClusterID`, `.inconsistentBrokerID`, `.noLogDirectories`,
    ///   `.duplicateLog`, `.io`, `.malformedFile`.
    public init(logDirectories: [String], brokerID: BrokerID, clusterID: String?,
                defaultConfig: LogConfig = .default,
                topicConfig: @escaping @Sendable (TopicName) -> LogConfig? = { _ in nil },
                maxOpenSegmentFiles: Int = 256, logger: Logger = Logger(label: "tributary.log"),
                clock: @escaping WallClock = systemWallClock) throws {
        guard !logDirectories.isEmpty else { throw LogStorageError.noLogDirectories }
        self.logDirectories = logDirectories
        self.brokerID = brokerID
        self.defaultConfig = defaultConfig
        self.topicConfig = topicConfig
        self.fileCache = SegmentFileCache(limit: maxOpenSegmentFiles)
        self.logger = logger
        self.clock = clock
        self.clusterID = try Self.checkMetaProperties(logDirectories, brokerID: brokerID, clusterID: clusterID)
        var checkpoints: [String: LogDirectoryCheckpoint] = [:]
        for directory in logDirectories {
            checkpoints[directory] = LogDirectoryCheckpoint(directory: directory, writesEveryChange: false, logger: logger)
        }
        self.directoryCheckpoints = checkpoints
        for directory in logDirectories {
            guard let checkpoint = checkpoints[directory] else { continue }
            for name in try FileIO.list(directory) {
                let path = directory + "/" + name
                guard FileIO.isDirectory(path), let partition = Self.topicPartition(fromDirectoryName: name) else { continue }
                if let existing = logs[partition] {
                    throw LogStorageError.duplicateLog(partition, directories: [existing.directory, directory])
                }
                let log = try PartitionLog(directory: path, topicPartition: partition,
                                           config: topicConfig(partition.topic) ?? defaultConfig,
                                           fileCache: fileCache, directoryCheckpoint: checkpoint,
                                           logger: logger, clock: clock)
                logs[partition] = (log, directory)
                topicIDs[partition] = PartitionMetadataFile.topicID(inDirectory: path)
            }
            try adoptRecoveredOffsets(in: directory, checkpoint)
        }
        logger.info("Loaded \(logs.count) partition log(s) from \(logDirectories.count) log dir(s)")
    }

    /// After loading a directory: drops checkpoint entries without a log, writes the directory's files with
    /// what recovery found, then deletes the per-partition files of earlier versions, which they supersede.
    private func adoptRecoveredOffsets(in directory: String, _ checkpoint: LogDirectoryCheckpoint) throws {
        let local = logs.filter { $0.value.directory == directory }
        let unknown = checkpoint.retainOnly(Set(local.keys))
        if !unknown.isEmpty {
            logger.warning("Ignoring checkpoint entries of partitions without a log", metadata: [
                "directory": "\(directory)", "count": "\(unknown.count)",
                "first": "\(unknown.prefix(5).map(\.description))"])
        }
        try checkpoint.write()
        for entry in local.values { try FileIO.remove(entry.log.directory + "/" + PartitionCheckpoint.fileName) }
    }

    /// Verifies every directory's identity, writing `meta.properties` where it is missing. Returns the
    /// cluster id in force.
    private static func checkMetaProperties(_ directories: [String], brokerID: BrokerID, clusterID: String?) throws
        -> String?
    {
        var expectedCluster = clusterID
        var existing: [String: MetaProperties] = [:]
        for directory in directories {
            try FileIO.makeDirectories(directory)
            guard let meta = try MetaProperties.read(fromDirectory: directory) else { continue }
            if meta.brokerID != brokerID {
                throw LogStorageError.inconsistentBrokerID(directory: directory, found: meta.brokerID.rawValue,
                                                           expected: brokerID.rawValue)
            }
            if let found = meta.clusterID {
                if let expected = expectedCluster, expected != found {
                    throw LogStorageError.inconsistentClusterID(directory: directory, found: found, expected: expected)
                }
                expectedCluster = found
            }
            existing[directory] = meta
        }
        let wanted = MetaProperties(brokerID: brokerID, clusterID: expectedCluster)
        for directory in directories where existing[directory] != wanted {
            try wanted.write(toDirectory: directory)
        }
        return expectedCluster
    }

    /// Parses `<topic>-<partition>`; topics may contain dashes, so the partition follows the last one.
    static func topicPartition(fromDirectoryName name: String) -> TopicPartition? {
        guard let dash = name.lastIndex(of: "-"), dash != name.startIndex,
            let partition = Int32(name[name.index(after: dash)...]), partition >= 0
        else { return nil }
        return TopicPartition(TopicName(String(name[..<dash])), PartitionIndex(partition))
    }

    // MARK: - Logs

    /// The log of a partition, if this broker has one.
    public func log(for partition: TopicPartition) -> PartitionLog? {
        lock.withLock { logs[partition]?.log }
    }

    /// Every partition log.
    public var allLogs: [TopicPartition: PartitionLog] {
        lock.withLock { logs.mapValues(\.log) }
    }

    /// The topic id recorded beside the partition's log (`partition.metadata`), if any.
    public func topicID(for partition: TopicPartition) -> String? {
        lock.withLock { topicIDs[partition] }
    }

    /// Records `topicID` beside an open log that has none, or checks it against the recorded one; does nothing
    /// for a partition without an open log.
    /// - Throws: `LogStorageError.inconsistentTopicID`, `.io`.
    public func checkTopicID(_ topicID: String, for partition: TopicPartition) throws {
        try lock.withLock {
            guard let existing = logs[partition] else { return }
            try checkTopicIDLocked(topicID, for: partition, directory: existing.log.directory)
        }
    }

    /// Caller holds `lock`.
    private func checkTopicIDLocked(_ topicID: String, for partition: TopicPartition, directory: String) throws {
        switch topicIDs[partition] {
        case topicID: return
        case nil:
            try PartitionMetadataFile.write(topicID: topicID, toDirectory: directory)
            topicIDs[partition] = topicID
        case let recorded?:
            throw LogStorageError.inconsistentTopicID(partition, recorded: recorded, requested: topicID)
        }
    }

    /// The partition's log, created in the directory holding the fewest partitions when it does not exist.
    /// - Parameters:
    ///   - config: settings for a new log (an existing log keeps its own; use `updateConfig`); nil means the
    ///     topic's (`topicConfig`).
    ///   - topicID: the id of the topic the log is for: recorded beside a new log (or an existing one without
    ///     a record); an existing log recorded for another id is refused.
    /// - Throws: `LogStorageError.inconsistentTopicID`, `.io`.
    public func getOrCreateLog(for partition: TopicPartition, config: LogConfig? = nil, topicID: String? = nil) throws
        -> PartitionLog
    {
        // The last line of defence for a name from the wire: it becomes a path, so it must stay one component.
        guard Self.isLegalDirectoryName(partition) else { throw LogStorageError.illegalDirectoryName(partition) }
        return try lock.withLock {
            if isClosed { throw LogStorageError.logClosed(partition) }
            if let existing = logs[partition] {
                if let topicID { try checkTopicIDLocked(topicID, for: partition, directory: existing.log.directory) }
                return existing.log
            }
            var counts = Dictionary(uniqueKeysWithValues: logDirectories.map { ($0, 0) })
            for entry in logs.values { counts[entry.directory, default: 0] += 1 }
            guard let directory = logDirectories.min(by: { counts[$0, default: 0] < counts[$1, default: 0] }),
                let checkpoint = directoryCheckpoints[directory]
            else { throw LogStorageError.noLogDirectories }
            let log = try PartitionLog(directory: directory + "/" + partition.description, topicPartition: partition,
                                       config: config ?? topicConfig(partition.topic) ?? defaultConfig, fileCache: fileCache,
                                       directoryCheckpoint: checkpoint, logger: logger, clock: clock)
            if let topicID {
                try PartitionMetadataFile.write(topicID: topicID, toDirectory: log.directory)
                topicIDs[partition] = topicID
            }
            // No directory fsync here: the new log makes its directory durable with its first flush.
            logs[partition] = (log, directory)
            logger.info("Created log for \(partition) in \(directory)")
            return log
        }
    }

    /// Whether `<topic>-<partition>` is a safe single directory name: Kafka's topic name characters
    /// (ASCII letters, digits, '.', '_', '-'), 1–249 of them, not "." or "..", and a partition index ≥ 0.
    static func isLegalDirectoryName(_ partition: TopicPartition) -> Bool {
        let name = partition.topic.rawValue.utf8
        guard (1...249).contains(name.count), partition.topic.rawValue != ".", partition.topic.rawValue != "..",
            partition.partition.rawValue >= 0
        else { return false }
        return name.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2E || byte == 0x5F || byte == 0x2D
        }
    }

    /// Closes a partition's log and removes its directory. Unknown partitions are ignored.
    /// - Throws: `LogStorageError.io`.
    public func deleteLog(for partition: TopicPartition) throws {
        guard let entry = lock.withLock({ () -> (log: PartitionLog, directory: String)? in
            topicIDs[partition] = nil
            return logs.removeValue(forKey: partition)
        }) else { return }
        directoryCheckpoints[entry.directory]?.remove(partition)
        try entry.log.deleteFromDisk()
        FileIO.syncDirectory(entry.directory)
        logger.info("Deleted log for \(partition) from \(entry.directory)")
    }

    /// The log directory that holds a partition.
    public func logDirectory(for partition: TopicPartition) -> String? {
        lock.withLock { logs[partition]?.directory }
    }

    /// Inactive segment files currently held open by the shared cache.
    public var openSegmentFileCount: Int { fileCache.openCount }

    // MARK: - Background work

    /// Runs retention on every log; a failing log is logged and skipped.
    /// - Parameter upperBound: per partition, the offset retention must not pass (its high watermark).
    @discardableResult
    public func enforceRetention(now: Int64, upperBound: (TopicPartition) -> Offset? = { _ in nil })
        -> [TopicPartition: RetentionResult]
    {
        var results: [TopicPartition: RetentionResult] = [:]
        for (partition, log) in allLogs {
            do {
                let result = try log.enforceRetention(now: now, upperBound: upperBound(partition))
                if result.deletedSegments > 0 { results[partition] = result }
            } catch LogStorageError.logClosed {
                continue
            } catch {
                logger.error("Retention failed for \(partition): \(error)")
            }
        }
        return results
    }

    /// Flushes every log whose `flush.ms` is due.
    public func flushDueLogs(now: Int64) {
        for (partition, log) in allLogs {
            do { try log.flushIfDue(now: now) } catch { logger.error("Flush failed for \(partition): \(error)") }
        }
    }

    /// Writes every directory's `recovery-point-offset-checkpoint` and `log-start-offset-checkpoint`
    /// (every `log.flush.offset.checkpoint.interval.ms`). A directory that fails is logged and keeps its old files.
    public func checkpointLogOffsets() {
        for directory in logDirectories {
            do { try directoryCheckpoints[directory]?.write() } catch {
                logger.error("Writing the offset checkpoints failed", metadata: ["directory": "\(directory)",
                                                                                 "error": "\(error)"])
            }
        }
    }

    /// Flushes and closes every log, then writes the directories' checkpoints (clean shutdown: the next start
    /// rescans nothing below the log ends).
    /// - Throws: the first error met; every log and directory is still attempted.
    public func close() throws {
        let all = lock.withLock { () -> [PartitionLog] in
            isClosed = true
            defer { logs.removeAll() }
            return logs.values.map(\.log)
        }
        var firstError: Error?
        for log in all {
            do { try log.close() } catch {
                logger.error("Closing \(log.topicPartition) failed: \(error)")
                if firstError == nil { firstError = error }
            }
        }
        for directory in logDirectories {
            do { try directoryCheckpoints[directory]?.write() } catch {
                logger.error("Writing the offset checkpoints failed", metadata: ["directory": "\(directory)",
                                                                                 "error": "\(error)"])
                if firstError == nil { firstError = error }
            }
        }
        if let firstError { throw firstError }
    }
}
