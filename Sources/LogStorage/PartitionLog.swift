import KafkaModel
import Logging
import NIOCore

/// The durable log of one partition: a directory `<topic>-<partition>/` of segments (see `LogSegment`),
/// and `leader-epoch-checkpoint` (see `LeaderEpochCache`). Its recovery point and log start offset live in
/// its log directory's checkpoint files (see `LogDirectoryCheckpoint`).
///
/// Thread-safe. Mutations (appends, rolls, truncation, deletion, flushes) are serialized by `writeLock`;
/// reads take only short locks to snapshot the segment list and look up indexes, then read files without
/// holding anything, so fetches run concurrently with each other and with appends. The fsync of a rolled segment
/// runs on the log directory's `SegmentFlusher`, never under `writeLock` (see `PartitionLog+Flush.swift`).
///
/// Every operation goes through its log directory (`LogDirectory`): once the directory is offline, operations fail
/// at once with `logDirectoryOffline`, and an I/O error of any of them takes the directory offline.
public final class PartitionLog: @unchecked Sendable {
    // Safe: fields marked "stateLock" are only touched under `stateLock`; mutations additionally hold
    // `writeLock`, so a writer may read them without `stateLock`. Everything else is immutable.
    public let topicPartition: TopicPartition
    /// The partition's directory.
    public let directory: String
    /// Leader epochs and their start offsets (`leader-epoch-checkpoint`).
    public let leaderEpochCache: LeaderEpochCache

    let logger: Logger
    let clock: WallClock
    let fileCache: SegmentFileCache
    /// The log directory's recovery-point and log-start-offset checkpoint, which this log keeps current.
    let directoryCheckpoint: LogDirectoryCheckpoint
    /// The `log.dirs` entry holding this log: its failures are the log's.
    let logDirectory: LogDirectory
    /// Runs the fsync of rolled segments; nil for a lone log, which flushes them inline.
    let flusher: SegmentFlusher?
    let writeLock = BlockingLock()
    let stateLock = BlockingLock()
    /// Keeps the log cleaner out while the log is truncated or deleted (see `CleaningGate`).
    let cleaning = CleaningGate()

    /// stateLock. Oldest first; the last one is active. Never empty while open.
    var segments: [LogSegment] = []
    /// stateLock. The offset the next appended record gets.
    var nextOffset: Int64 = 0
    /// stateLock.
    var startOffset: Int64 = 0
    /// stateLock. Offsets below were fsynced.
    var recoveryPointOffset: Int64 = 0
    /// stateLock.
    var currentConfig: LogConfig
    /// stateLock.
    var isClosed = false
    /// writeLock. When the oldest append not yet fsynced happened (for `flush.ms`).
    var firstUnflushedAppendTime: Int64?
    /// stateLock. A log created empty is not made durable at creation (a crash loses nothing but an empty log,
    /// which the controller's next LeaderAndIsr creates again): its directory entries are fsynced with its
    /// first flush. Creating 10,000 partitions otherwise costs three fsyncs each.
    var directoryNeedsSync = false
    /// stateLock, always (the background flusher sets it without `writeLock`). An fsync of this log failed:
    /// after a failed fsync Linux may report later ones as successful without the lost pages ever reaching the
    /// disk, so the recovery point never moves again (and the log directory is offline).
    var fsyncFailed = false
    /// stateLock. Segment files created (rolls, full truncations): a flush that moves the recovery point past a
    /// new segment makes its directory entry durable first.
    var segmentsCreated = 0
    /// stateLock. How many of `segmentsCreated` the last directory fsync covered.
    var segmentsCreatedWhenDirectorySynced = 0
    /// stateLock. The aborted transactions of every segment's `.txnindex`, in marker order.
    var abortedTransactionList: [AbortedTransaction] = []
    /// stateLock. The partition's last stable offset, which the cleaner does not pass (an open transaction's
    /// records must not supersede committed ones: it may still abort). Max for a log with no transactions' owner.
    var cleaningStableBound: Int64 = .max
    /// stateLock. Truncations so far: a background flush planned before one must not move the recovery point.
    var truncations = 0

    init(directory: String, topicPartition: TopicPartition, config: LogConfig, fileCache: SegmentFileCache,
         directoryCheckpoint: LogDirectoryCheckpoint, logDirectory: LogDirectory, flusher: SegmentFlusher?,
         logger: Logger, clock: @escaping WallClock) throws {
        self.directory = directory
        self.topicPartition = topicPartition
        self.currentConfig = config
        self.fileCache = fileCache
        self.directoryCheckpoint = directoryCheckpoint
        self.logDirectory = logDirectory
        self.flusher = flusher
        self.logger = logger
        self.clock = clock
        self.leaderEpochCache = LeaderEpochCache(directory: directory, logDirectory: logDirectory)
        try logDirectory.perform(.write) {
            try FileIO.makeDirectories(directory)
            try recover()
        }
    }

    /// Opens (creating if needed) the log in `directory`, recovering whatever an unclean shutdown left.
    /// - Parameters:
    ///   - directory: the partition's directory, conventionally `<log.dir>/<topic>-<partition>`.
    ///   - maxOpenSegmentFiles: how many inactive segment files may stay open at once.
    ///   - clock: wall clock in milliseconds, for `segment.ms`, `flush.ms` and LogAppendTime.
    /// - Throws: `LogStorageError`.
    public static func open(directory: String, topicPartition: TopicPartition, config: LogConfig = .default,
                            maxOpenSegmentFiles: Int = 64, logger: Logger = Logger(label: "tributary.storage"),
                            clock: @escaping WallClock = systemWallClock) throws -> PartitionLog {
        // Alone, the log writes its directory's checkpoint files on every change (no manager writes them). Two
        // lone logs in one directory overwrite each other's entries: each then only recovers more at its next open.
        // It flushes rolled segments inline: a lone log has no background queue to outlive it.
        let parent = FileIO.parentDirectory(of: directory)
        let checkpoint = LogDirectoryCheckpoint(directory: parent, writesEveryChange: true, logger: logger)
        return try PartitionLog(directory: directory, topicPartition: topicPartition, config: config,
                                fileCache: SegmentFileCache(limit: maxOpenSegmentFiles),
                                directoryCheckpoint: checkpoint, logDirectory: LogDirectory(path: parent, logger: logger),
                                flusher: nil, logger: logger, clock: clock)
    }

    // MARK: - State

    /// The first offset still in the log.
    public var logStartOffset: Offset { Offset(stateLock.withLock { startOffset }) }
    /// The offset the next appended record will get.
    public var logEndOffset: Offset { Offset(stateLock.withLock { nextOffset }) }
    /// Offsets below this were fsynced; recovery rescans from here.
    public var recoveryPoint: Offset { Offset(stateLock.withLock { recoveryPointOffset }) }
    /// The settings in force.
    public var config: LogConfig { stateLock.withLock { currentConfig } }
    /// Total bytes of all segments.
    public var sizeInBytes: Int64 { snapshot().segments.reduce(0) { $0 + $1.size } }
    /// The `log.dirs` entry holding this log.
    public var logDirectoryPath: String { logDirectory.path }
    /// Whether the log's directory failed: every operation on the log is refused.
    public var isOffline: Bool { logDirectory.isOffline }
    /// The base offset of the active segment (a roll changes it).
    public var activeSegmentBaseOffset: Offset { Offset(stateLock.withLock { segments.last?.baseOffset ?? 0 }) }
    /// Base offsets of the segments, oldest first.
    public var segmentBaseOffsets: [Offset] { snapshot().segments.map { Offset($0.baseOffset) } }

    /// Tells the log its partition's last stable offset: the log cleaner leaves everything from there on alone.
    public func updateLastStableOffset(_ offset: Offset) {
        stateLock.withLock { cleaningStableBound = offset.rawValue }
    }

    /// Replaces the settings (a topic config change); takes effect from the next append or check.
    public func updateConfig(_ config: LogConfig) {
        stateLock.withLock { currentConfig = config }
    }

    struct Snapshot {
        var segments: [LogSegment]
        var logStart: Int64
        var logEnd: Int64
    }

    func snapshot() -> Snapshot {
        stateLock.withLock { Snapshot(segments: segments, logStart: startOffset, logEnd: nextOffset) }
    }

    /// Throws when the log was closed. Caller holds `writeLock`.
    func ensureOpen() throws {
        if stateLock.withLock({ isClosed }) { throw LogStorageError.logClosed(topicPartition) }
    }

    /// Runs a change of an open log under `writeLock`, through its directory: refused at once while the directory
    /// is offline, and an I/O failure takes it offline.
    func mutate<T>(_ body: () throws -> T) throws -> T {
        try logDirectory.perform(.write) {
            try writeLock.withLock {
                try ensureOpen()
                return try body()
            }
        }
    }

    /// Hands the recovery point and log start offset to the directory's checkpoint; `persistNow` writes its
    /// files at once (a lowered recovery point or a raised log start). Caller holds `writeLock`.
    func writeCheckpoint(persistNow: Bool = false) throws {
        let entry = stateLock.withLock {
            LogDirectoryCheckpoint.Entry(recoveryPoint: recoveryPointOffset, logStartOffset: startOffset)
        }
        try directoryCheckpoint.update(topicPartition, entry, persistNow: persistNow)
    }

    // MARK: - Durability and lifecycle

    /// Fsyncs everything appended so far and moves the recovery point to the log end.
    /// - Throws: `LogStorageError`.
    public func flush() throws {
        try mutate { try flushLocked() }
    }

    /// Flushes when `flush.ms` has passed since the oldest unflushed append. Called periodically.
    public func flushIfDue(now: Int64) throws {
        try logDirectory.perform(.write) {
            try writeLock.withLock {
                guard !stateLock.withLock({ isClosed }), let since = firstUnflushedAppendTime else { return }
                if now - since >= config.flushMs { try flushLocked() }
            }
        }
    }

    /// Flushes and closes the log; later calls throw `logClosed`. Closing twice is harmless. A log whose
    /// directory is offline only lets go of its files.
    public func close() throws {
        if logDirectory.isOffline { return closeFiles() }
        try logDirectory.perform(.write) {
            try writeLock.withLock {
                if stateLock.withLock({ isClosed }) { return }
                try flushLocked()
                let active = stateLock.withLock { () -> LogSegment in
                    isClosed = true
                    return segments.last!
                }
                // flushLocked left everything up to the log end fsynced: closing 10,000 logs costs no more fsyncs.
                try active.seal(keepFileOpen: false, sync: false)
            }
        }
    }

    /// Closes the log without writing anything (its directory failed): the descriptors go, the files stay.
    func closeFiles() {
        writeLock.withLock {
            let all = stateLock.withLock { () -> [LogSegment] in
                isClosed = true
                return segments
            }
            for segment in all { segment.closeFile() }
        }
    }

    /// Closes the log without flushing and removes its directory.
    public func deleteFromDisk() throws {
        cleaning.abortAndPause()  // for good: the log is gone
        try logDirectory.perform(.write) {
            try writeLock.withLock {
                let all = stateLock.withLock { () -> [LogSegment] in
                    isClosed = true
                    return segments
                }
                for segment in all { fileCache.forget(segment.logPath) }
                try FileIO.removeRecursively(directory)
            }
        }
    }
}
