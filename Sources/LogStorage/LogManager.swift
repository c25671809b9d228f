import KafkaModel
import Logging

/// Owns the log directories (`log.dirs`) of a broker and every partition log in them.
///
/// Layout of each directory: `meta.properties` (see `MetaProperties`), `recovery-point-offset-checkpoint` and
/// `log-start-offset-checkpoint` (see `LogDirectoryCheckpoint`), and one `<topic>-<partition>/` directory per
/// partition (see `PartitionLog`). The broker adds `replication-offset-checkpoint` (high watermarks). All logs share one bounded cache of open inactive
/// segment files, so descriptors stay at about one per partition (its active segment) plus the cache.
public final class LogManager: @unchecked Sendable {
    // Safe: `logs`, `topicIDs` and `isClosed` are guarded by `lock`; everything else is immutable after init (each
    // `LogDirectory` and checkpoint guards its own state).
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
    private let lock = BlockingLock()
    /// Every `log.dirs` entry and whether it works.
    private let directories: [String: LogDirectory]
    /// Per log directory, the queue its rolled segments are fsynced on.
    private let flushers: [String: SegmentFlusher]
    private let failures: DirectoryFailureNotifier
    /// Per directory that passed its start-up checks; immutable after init (each guards its own values).
    private let directoryCheckpoints: [String: LogDirectoryCheckpoint]
    private var logs: [TopicPartition: (log: PartitionLog, directory: String)] = [:]
    /// The topic id recorded beside each log (`partition.metadata`), read once at load.
    private var topicIDs: [TopicPartition: String] = [:]
    /// Set by `close`: requests still in flight during shutdown must not open or create logs again.
    private var isClosed = false

    /// Checks or writes each directory's `meta.properties`, then opens (and recovers) every partition log.
    ///
    /// A directory that cannot be created, read or written is offline from the start (as in Kafka) and the others
    /// are used; `setDirectoryFailureListener` reports it.
    /// - Parameters:
    ///   - logDirectories: `log.dirs`; created when missing.
    ///   - clusterID: the cluster id read from ZooKeeper, or nil when not known yet.
    ///   - defaultConfig: settings for logs without a topic override.
    ///   - topicConfig: per-topic settings used to open existing logs and to create new ones (asked under the
    ///     manager's lock, so a topic config change that updates `allLogs` after setting what this returns
    ///     reaches every log); nil means `defaultConfig`.
    ///   - maxOpenSegmentFiles: bound on inactive segment files kept open across all partitions.
    /// - Throws: `LogStorageError.inconsistentClusterID`, `.inconsistentBrokerID`, `.noLogDirectories`,
    ///   `.allLogDirectoriesOffline`, `.duplicateLog`, `.malformedFile`.
    public init(logDirectories: [String], brokerID: BrokerID, clusterID: String?,
                defaultConfig: LogConfig = .default,
                topicConfig: @escaping @Sendable (TopicName) -> LogConfig? = { _ in nil },
                maxOpenSegmentFiles: Int = 256, logger: Logger = Logger(label: "tributary.storage"),
                clock: @escaping WallClock = systemWallClock) throws {
        guard !logDirectories.isEmpty else { throw LogStorageError.noLogDirectories }
        self.logDirectories = logDirectories
        self.brokerID = brokerID
        self.defaultConfig = defaultConfig
        self.topicConfig = topicConfig
        self.fileCache = SegmentFileCache(limit: maxOpenSegmentFiles)
        self.logger = logger
        self.clock = clock
        let failures = DirectoryFailureNotifier()
        self.failures = failures
        var directories: [String: LogDirectory] = [:]
        var flushers: [String: SegmentFlusher] = [:]
        for path in logDirectories {
            directories[path] = LogDirectory(path: path, logger: logger, onOffline: failures.report)
            flushers[path] = SegmentFlusher(directory: path)
        }
        self.directories = directories
        self.flushers = flushers
        self.clusterID = try Self.checkMetaProperties(logDirectories.compactMap { directories[$0] },
                                                      brokerID: brokerID, clusterID: clusterID)
        var checkpoints: [String: LogDirectoryCheckpoint] = [:]
        for path in logDirectories where directories[path]?.isOffline == false {
            checkpoints[path] = LogDirectoryCheckpoint(directory: path, writesEveryChange: false, logger: logger)
        }
        self.directoryCheckpoints = checkpoints
        for path in logDirectories {
            guard let directory = directories[path], let checkpoint = checkpoints[path] else { continue }
            do {
                try loadLogs(in: directory, checkpoint, topicConfig: topicConfig)
            } catch let error as LogStorageError where directory.isOffline {
                // The logs loaded from it before the failure go with it.
                for (partition, entry) in logs where entry.directory == path {
                    entry.log.closeFiles()
                    logs[partition] = nil
                    topicIDs[partition] = nil
                }
                logger.error("Log directory failed while loading its logs", metadata: [
                    "directory": "\(path)", "error": "\(error)"])
            }
        }
        let offline = logDirectories.filter { directories[$0]?.isOffline ?? true }
        guard offline.count < logDirectories.count else { throw LogStorageError.allLogDirectoriesOffline(offline) }
        logger.info("Loaded \(logs.count) partition log(s) from \(logDirectories.count - offline.count) log dir(s)",
                    metadata: offline.isEmpty ? [:] : ["offline": "\(offline)"])
    }

    /// Opens every partition log of a directory, then writes its checkpoint files with what recovery found.
    private func loadLogs(in directory: LogDirectory, _ checkpoint: LogDirectoryCheckpoint,
                          topicConfig: (TopicName) -> LogConfig?) throws {
        let path = directory.path
        for name in try directory.perform(.write, { try FileIO.list(path) }) {
            let logPath = path + "/" + name
            guard FileIO.isDirectory(logPath), let partition = Self.topicPartition(fromDirectoryName: name) else {
                continue
            }
            if let existing = logs[partition] {
                throw LogStorageError.duplicateLog(partition, directories: [existing.directory, path])
            }
            let log = try PartitionLog(directory: logPath, topicPartition: partition,
                                       config: topicConfig(partition.topic) ?? defaultConfig,
                                       fileCache: fileCache, directoryCheckpoint: checkpoint, logDirectory: directory,
                                       flusher: flushers[path], logger: logger, clock: clock)
            logs[partition] = (log, path)
            topicIDs[partition] = PartitionMetadataFile.topicID(inDirectory: logPath)
        }
        try directory.perform(.write) { try adoptRecoveredOffsets(in: path, checkpoint) }
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
    /// cluster id in force. A directory whose files cannot be read or written goes offline and is skipped; one
    /// that names another broker or cluster stops the start-up (its data belongs elsewhere).
    private static func checkMetaProperties(_ directories: [LogDirectory], brokerID: BrokerID, clusterID: String?)
        throws -> String?
    {
        var expectedCluster = clusterID
        var existing: [String: MetaProperties] = [:]
        for directory in directories {
            let path = directory.path
            let meta: MetaProperties?
            do {
                meta = try directory.perform(.write) {
                    try FileIO.makeDirectories(path)
                    return try MetaProperties.read(fromDirectory: path)
                }
            } catch LogStorageError.io {
                continue  // the directory went offline
            }
            guard let meta else { continue }
            if meta.brokerID != brokerID {
                throw LogStorageError.inconsistentBrokerID(directory: path, found: meta.brokerID.rawValue,
                                                           expected: brokerID.rawValue)
            }
            if let found = meta.clusterID {
                if let expected = expectedCluster, expected != found {
                    throw LogStorageError.inconsistentClusterID(directory: path, found: found, expected: expected)
                }
                expectedCluster = found
            }
            existing[path] = meta
        }
        let wanted = MetaProperties(brokerID: brokerID, clusterID: expectedCluster)
        for directory in directories where !directory.isOffline && existing[directory.path] != wanted {
            // A failed write takes the directory offline; the others carry on.
            _ = try? directory.perform(.write) { try wanted.write(toDirectory: directory.path) }
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

    // MARK: - Directories

    /// The directories still in use, in `log.dirs` order.
    public var liveLogDirectories: [String] { logDirectories.filter { directories[$0]?.isOffline == false } }

    /// The directories that failed (at start-up or since), in `log.dirs` order.
    public var offlineLogDirectories: [String] { logDirectories.filter { directories[$0]?.isOffline != false } }

    /// Why a directory is offline; nil while it works (or for a path that is not a log directory).
    public func offlineReason(of directory: String) -> LogStorageError? {
        directories[directory]?.offlineReason
    }

    /// Installs what is told, once per directory, that a log directory went offline — at once for directories
    /// that failed before (at start-up). Called on the thread that met the error, possibly holding locks of the
    /// log or of this manager: it must only hand the news on (Kafka's handler thread takes it from a queue).
    public func setDirectoryFailureListener(_ listener: @escaping @Sendable (String, LogStorageError) -> Void) {
        failures.install(listener)
    }

    /// Takes a directory offline because an I/O operation of the caller's on it failed (the broker's
    /// `replication-offset-checkpoint`). Other errors, and paths that are not log directories, are ignored.
    public func reportFailure(in directory: String, _ error: Error) {
        guard let failure = error as? LogStorageError, LogDirectory.isDeviceFailure(failure, .write) else { return }
        directories[directory]?.markOffline(failure)
    }

    /// Stops using the logs of an offline directory (Kafka's `LogManager.handleLogDirFailure`): their files are
    /// let go without flushing, and they are no longer listed. They stay registered, so the partitions are not
    /// created afresh elsewhere while the broker runs. Returns them.
    public func closeLogs(inOfflineDirectory directory: String) -> [TopicPartition] {
        guard directories[directory]?.isOffline == true else { return [] }
        let affected = lock.withLock { logs.filter { $0.value.directory == directory } }
        for entry in affected.values { entry.log.closeFiles() }
        return affected.keys.sorted()
    }

    /// Returns once the segment flushes scheduled so far (by rolls) have run.
    public func waitForBackgroundFlushes() {
        for path in logDirectories { flushers[path]?.drain() }
    }

    // MARK: - Logs

    /// The log of a partition, if this broker has one in a working directory.
    public func log(for partition: TopicPartition) -> PartitionLog? {
        lock.withLock { logs[partition].flatMap { $0.log.isOffline ? nil : $0.log } }
    }

    /// Every partition log in a working directory.
    public var allLogs: [TopicPartition: PartitionLog] {
        lock.withLock { logs.filter { !$0.value.log.isOffline }.mapValues(\.log) }
    }

    /// The topic id recorded beside the partition's log (`partition.metadata`), if any.
    public func topicID(for partition: TopicPartition) -> String? {
        lock.withLock { topicIDs[partition] }
    }

    /// Records `topicID` beside an open log that has none, or checks it against the recorded one; does nothing
    /// for a partition without an open log.
    /// - Throws: `LogStorageError.inconsistentTopicID`, `.logDirectoryOffline`, `.io`.
    public func checkTopicID(_ topicID: String, for partition: TopicPartition) throws {
        try lock.withLock {
            guard let existing = logs[partition] else { return }
            try checkTopicIDLocked(topicID, for: partition, log: existing.log)
        }
    }

    /// Caller holds `lock`.
    private func checkTopicIDLocked(_ topicID: String, for partition: TopicPartition, log: PartitionLog) throws {
        switch topicIDs[partition] {
        case topicID: return
        case nil:
            try log.logDirectory.perform(.write) {
                try PartitionMetadataFile.write(topicID: topicID, toDirectory: log.directory)
            }
            topicIDs[partition] = topicID
        case let recorded?:
            throw LogStorageError.inconsistentTopicID(partition, recorded: recorded, requested: topicID)
        }
    }

    /// The partition's log, created in the working directory holding the fewest partitions when it does not exist.
    /// - Parameters:
    ///   - config: settings for a new log (an existing log keeps its own; use `updateConfig`); nil means the
    ///     topic's (`topicConfig`).
    ///   - topicID: the id of the topic the log is for: recorded beside a new log (or an existing one without
    ///     a record); an existing log recorded for another id is refused.
    ///   - isNew: the controller says the replica is new (LeaderAndIsr `is_new`). A replica that is not new and has
    ///     no log may have had it in an offline directory: it is refused rather than created empty (Kafka's rule).
    /// - Throws: `LogStorageError.inconsistentTopicID`, `.logDirectoryOffline`, `.allLogDirectoriesOffline`, `.io`.
    public func getOrCreateLog(for partition: TopicPartition, config: LogConfig? = nil, topicID: String? = nil,
                               isNew: Bool = true) throws -> PartitionLog
    {
        // The last line of defence for a name from the wire: it becomes a path, so it must stay one component.
        guard Self.isLegalDirectoryName(partition) else { throw LogStorageError.illegalDirectoryName(partition) }
        return try lock.withLock {
            if isClosed { throw LogStorageError.logClosed(partition) }
            if let existing = logs[partition] {
                if existing.log.isOffline { throw LogStorageError.logDirectoryOffline(existing.directory) }
                if let topicID { try checkTopicIDLocked(topicID, for: partition, log: existing.log) }
                return existing.log
            }
            let offline = offlineLogDirectories
            if !isNew, let failed = offline.first { throw LogStorageError.logDirectoryOffline(failed) }
            var counts: [String: Int] = [:]
            for entry in logs.values { counts[entry.directory, default: 0] += 1 }
            let live = liveLogDirectories
            guard let path = live.min(by: { counts[$0, default: 0] < counts[$1, default: 0] }),
                let directory = directories[path], let checkpoint = directoryCheckpoints[path]
            else { throw LogStorageError.allLogDirectoriesOffline(offline) }
            let log = try PartitionLog(directory: path + "/" + partition.description, topicPartition: partition,
                                       config: config ?? topicConfig(partition.topic) ?? defaultConfig,
                                       fileCache: fileCache,
                                       directoryCheckpoint: checkpoint, logDirectory: directory,
                                       flusher: flushers[path], logger: logger, clock: clock)
            if let topicID {
                try directory.perform(.write) { try PartitionMetadataFile.write(topicID: topicID, toDirectory: log.directory) }
                topicIDs[partition] = topicID
            }
            // No directory fsync here: the new log makes its directory durable with its first flush.
            logs[partition] = (log, path)
            logger.info("Created log for \(partition) in \(path)")
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
    /// - Throws: `LogStorageError.io`, `.logDirectoryOffline` (the log stays registered, offline).
    public func deleteLog(for partition: TopicPartition) throws {
        guard let entry = lock.withLock({ () -> (log: PartitionLog, directory: String)? in
            guard let entry = logs[partition], !entry.log.isOffline else { return nil }
            topicIDs[partition] = nil
            return logs.removeValue(forKey: partition)
        }) else { return }
        directoryCheckpoints[entry.directory]?.remove(partition)
        try entry.log.deleteFromDisk()
        FileIO.syncDirectory(entry.directory)
        logger.info("Deleted log for \(partition) from \(entry.directory)")
    }

    /// The working log directory that holds a partition.
    public func logDirectory(for partition: TopicPartition) -> String? {
        lock.withLock { logs[partition].flatMap { $0.log.isOffline ? nil : $0.directory } }
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
            } catch LogStorageError.logDirectoryOffline {
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
            do {
                try log.flushIfDue(now: now)
            } catch LogStorageError.logDirectoryOffline {
                continue
            } catch {
                logger.error("Flush failed for \(partition): \(error)")
            }
        }
    }

    /// Writes every working directory's `recovery-point-offset-checkpoint` and `log-start-offset-checkpoint`
    /// (every `log.flush.offset.checkpoint.interval.ms`). A directory that fails goes offline.
    public func checkpointLogOffsets() {
        _ = writeDirectoryCheckpoints()
    }

    /// Writes the checkpoint files of every working directory; returns the first error.
    private func writeDirectoryCheckpoints() -> Error? {
        var firstError: Error?
        for path in liveLogDirectories {
            guard let directory = directories[path], let checkpoint = directoryCheckpoints[path] else { continue }
            do {
                try directory.perform(.write) { try checkpoint.write() }
            } catch {
                logger.error("Writing the offset checkpoints failed", metadata: ["directory": "\(path)",
                                                                                 "error": "\(error)"])
                if firstError == nil { firstError = error }
            }
        }
        return firstError
    }

    /// Flushes and closes every log, then writes the directories' checkpoints (clean shutdown: the next start
    /// rescans nothing below the log ends). Logs of offline directories only let go of their files.
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
        if let error = writeDirectoryCheckpoints(), firstError == nil { firstError = error }
        waitForBackgroundFlushes()
        if let firstError { throw firstError }
    }
}
