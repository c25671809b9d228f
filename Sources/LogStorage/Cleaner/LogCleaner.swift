import Glibc
import KafkaModel
import KafkaRecords
import Logging

/// Kafka's log cleaner for the logs of a `LogManager` whose `cleanup.policy` includes `compact`:
/// `log.cleaner.threads` threads of its own (never an event loop, never a task of the cooperative pool: a pass
/// reads and writes files for seconds), each repeatedly cleaning the filthiest log, or sleeping
/// `log.cleaner.backoff.ms` when none needs it. All threads share one throttle
/// (`log.cleaner.io.max.bytes.per.second`); each has its own offset map (`dedupe.buffer.size / threads`).
///
/// Choosing a log (Kafka's `LogCleanerManager.grabFilthiestCompactedLog`): its first dirty offset is the
/// `cleaner-offset-checkpoint` entry (the log start when missing, below the log start, past the log end, or
/// past a truncation); its first uncleanable offset the smallest of the active segment's base offset and the
/// base offset of the first dirty segment holding a record newer than `min.compaction.lag.ms`. Its dirty ratio is
/// cleanable bytes / (clean + cleanable bytes); it is eligible above `min.cleanable.dirty.ratio`, or, with any
/// cleanable bytes, when its oldest dirty segment's first batch is older than `max.compaction.lag.ms` (KIP-354).
/// A log is also eligible once a tombstone its last pass kept has reached its delete horizon (see `Cleaner`),
/// so tombstones go after `delete.retention.ms` even in a topic nobody writes to (this is not known again
/// after a restart until the log's next pass). The eligible log with the highest ratio is cleaned. A log whose
/// pass fails (damaged data, an I/O error) is
/// logged and not cleaned again until the broker restarts; the broker itself carries on.
public final class LogCleaner: @unchecked Sendable {
    // Safe: `inProgress`, `uncleanable`, `tombstoneHorizons`, `threads` and `directCleaner` are guarded by
    // `lock`; `signal` has its own lock; the rest is immutable.
    private let logManager: LogManager
    public let config: CleanerConfig
    private let logger: Logger
    private let clock: WallClock
    private let throttler: Throttler
    private let checkpoints: CleanerCheckpoints
    private let signal = CleanerSignal()
    private let lock = BlockingLock()
    private var inProgress: Set<TopicPartition> = []
    /// Logs whose pass failed, by partition and log object (a re-created log is cleaned again).
    private var uncleanable: [TopicPartition: ObjectIdentifier] = [:]
    /// For each log whose last pass kept tombstones, the earliest of their delete horizons.
    private var tombstoneHorizons: [TopicPartition: (log: ObjectIdentifier, horizonMs: Int64)] = [:]
    private var threads: [pthread_t] = []
    /// The cleaner `cleanFilthiestLog()` uses when called directly.
    private var directCleaner: Cleaner?

    /// - Parameter clock: wall clock in milliseconds, for the compaction lags.
    public init(logManager: LogManager, config: CleanerConfig, logger: Logger = Logger(label: "tributary.cleaner"),
                clock: @escaping WallClock = systemWallClock) {
        self.logManager = logManager
        self.config = config
        self.logger = logger
        self.clock = clock
        self.throttler = Throttler(bytesPerSecond: config.maxIoBytesPerSecond)
        self.checkpoints = CleanerCheckpoints(logger: logger)
    }

    /// Starts the `log.cleaner.threads` threads (none when `log.cleaner.enable` is false).
    public func start() {
        guard config.enabled, config.threads > 0 else { return }
        logger.info("Starting the log cleaner", metadata: ["threads": "\(config.threads)"])
        for id in 0..<config.threads {
            let cleaner = makeCleaner(id: id)
            let thread = CleanerSignal.spawn { [self] in
                while !signal.isStopping {
                    if cleanFilthiestLog(with: cleaner) == nil { signal.wait(milliseconds: config.backoffMs) }
                }
            }
            if let thread { lock.withLock { threads.append(thread) } }
        }
    }

    /// Stops the threads: a pass under way is abandoned (its temporary files removed), then they are joined.
    public func shutdown() {
        signal.stop()
        let running = lock.withLock { () -> [pthread_t] in
            defer { threads.removeAll() }
            return threads
        }
        for thread in running { pthread_join(thread, nil) }
        if !running.isEmpty { logger.info("Log cleaner stopped") }
    }

    /// Cleans the filthiest log now on the calling thread (tests, benchmarks); nil when no log needs cleaning.
    @discardableResult
    public func cleanFilthiestLog() -> CleanerStats? {
        let cleaner = lock.withLock { () -> Cleaner in
            if let directCleaner { return directCleaner }
            let made = makeCleaner(id: -1)
            directCleaner = made
            return made
        }
        return cleanFilthiestLog(with: cleaner)
    }

    /// The first dirty offset recorded for a partition (its `cleaner-offset-checkpoint` entry).
    public func checkpointedOffset(of partition: TopicPartition) -> Offset? {
        guard let directory = logManager.logDirectory(for: partition) else { return nil }
        return checkpoints.offset(of: partition, in: directory).map { Offset($0) }
    }

    private func makeCleaner(id: Int) -> Cleaner {
        Cleaner(id: id, config: config, throttler: throttler, logger: logger,
                stopping: { [signal] in signal.isStopping })
    }

    // MARK: - One pass

    private func cleanFilthiestLog(with cleaner: Cleaner) -> CleanerStats? {
        let now = clock()
        guard let chosen = grabFilthiestLog(now: now) else { return nil }
        defer {
            chosen.log.cleaning.end()
            _ = lock.withLock { inProgress.remove(chosen.partition) }
        }
        logger.info("Beginning cleaning of \(chosen.partition)", metadata: [
            "thread": "\(cleaner.id)", "dirtySection": "[\(chosen.firstDirty), \(chosen.firstUncleanable))",
            "ratio": "\(Self.rounded(chosen.ratio))"])
        do {
            let stats = try cleaner.clean(chosen.log, firstDirty: chosen.firstDirty,
                                          firstUncleanable: chosen.firstUncleanable, now: now)
            lock.withLock {
                tombstoneHorizons[chosen.partition] = stats.earliestTombstoneHorizonMs.map {
                    (ObjectIdentifier(chosen.log), $0)
                }
            }
            checkpoints.update(chosen.partition, to: stats.endOffset, in: chosen.directory,
                               live: livePartitions(in: chosen.directory))
            logger.info("Cleaned log \(chosen.partition)", metadata: [
                "thread": "\(cleaner.id)", "dirtySection": "[\(chosen.firstDirty), \(stats.endOffset))",
                "ratio": "\(Self.rounded(chosen.ratio))", "mapRead": "\(stats.mapBytesRead)",
                "copyRead": "\(stats.bytesRead)",
                "written": "\(stats.bytesWritten)", "seconds": "\(Self.rounded(stats.seconds))",
                "MBps": "\(Self.rounded(stats.megabytesPerSecond))", "records": "\(stats.recordsRead)",
                "kept": "\(stats.recordsWritten)", "segments": "\(stats.segmentsCleaned) → \(stats.segmentsWritten)",
                "mapUtilization": "\(Self.rounded(stats.mapUtilization))", "invalidRecords": "\(stats.invalidRecords)",
                "nextTombstoneHorizon": "\(stats.earliestTombstoneHorizonMs.map(String.init) ?? "none")",
            ])
            return stats
        } catch CleanerInterruption.aborted {
            logger.info("Cleaning of \(chosen.partition) stopped early; it will be taken up again")
            return CleanerStats()
        } catch LogStorageError.logClosed {
            return CleanerStats()
        } catch {
            lock.withLock { uncleanable[chosen.partition] = ObjectIdentifier(chosen.log) }
            logger.error("Cleaning of \(chosen.partition) failed; the log will not be cleaned until the broker restarts",
                         metadata: ["error": "\(error)"])
            return CleanerStats()
        }
    }

    private static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    private func livePartitions(in directory: String) -> Set<TopicPartition> {
        Set(logManager.allLogs.keys.filter { logManager.logDirectory(for: $0) == directory })
    }

    // MARK: - Choosing a log

    struct Candidate {
        let partition: TopicPartition
        let log: PartitionLog
        let directory: String
        let firstDirty: Int64
        let firstUncleanable: Int64
        let ratio: Double
    }

    /// Picks the log to clean and marks it in progress (Kafka's `grabFilthiestCompactedLog`).
    private func grabFilthiestLog(now: Int64) -> Candidate? {
        lock.withLock { () -> Candidate? in
            var best: Candidate?
            for (partition, log) in logManager.allLogs {
                let compaction = log.config.compaction
                guard compaction.policy.contains(.compact), !inProgress.contains(partition),
                    uncleanable[partition] != ObjectIdentifier(log), !log.cleaning.isPaused,
                    let directory = logManager.logDirectory(for: partition)
                else { continue }
                guard let candidate = evaluate(partition, log, directory: directory, now: now),
                    candidate.ratio > (best?.ratio ?? -1)
                else { continue }
                best = candidate
            }
            guard let best, best.log.cleaning.tryBegin() else { return nil }
            inProgress.insert(best.partition)
            return best
        }
    }

    /// The log's cleanable section and dirty ratio, or nil when it is not eligible.
    private func evaluate(_ partition: TopicPartition, _ log: PartitionLog, directory: String, now: Int64)
        -> Candidate?
    {
        let compaction = log.config.compaction
        let view = log.cleanerView()
        guard let active = view.segments.last else { return nil }
        var checkpoint = checkpoints.offset(of: partition, in: directory)
        var resetCheckpoint = false
        if let truncated = log.cleaning.takeTruncation(), let recorded = checkpoint, recorded > truncated {
            checkpoint = truncated
            resetCheckpoint = true
        }
        var firstDirty = checkpoint ?? view.logStart
        if firstDirty < view.logStart {
            if !compaction.policy.contains(.delete) {
                logger.warning("Resetting the first dirty offset of \(partition) to its log start offset \(view.logStart)",
                               metadata: ["checkpointed": "\(firstDirty)"])
            }
            firstDirty = view.logStart
            resetCheckpoint = true
        } else if firstDirty > view.logEnd {
            logger.warning("The cleaner checkpoint of \(partition) is past its log end; cleaning it from its start",
                           metadata: ["checkpointed": "\(firstDirty)", "logEndOffset": "\(view.logEnd)"])
            firstDirty = view.logStart
            resetCheckpoint = true
        }
        if resetCheckpoint {
            checkpoints.update(partition, to: firstDirty, in: directory, live: livePartitions(in: directory))
        }

        let inactive = Array(view.segments.dropLast())
        let dirtySegments = Cleaner.segments(in: inactive, overlapping: firstDirty, .max, end: active.baseOffset)
        var uncleanableOffset = active.baseOffset
        if compaction.minCompactionLagMs > 0 {
            let horizon = now &- compaction.minCompactionLagMs
            if let young = dirtySegments.first(where: { ((try? $0.maxTimestamp()) ?? .max) > horizon }) {
                uncleanableOffset = min(uncleanableOffset, young.baseOffset)
            }
        }
        uncleanableOffset = min(uncleanableOffset, log.stateLock.withLock { log.cleaningStableBound })
        uncleanableOffset = max(firstDirty, uncleanableOffset)
        // Kafka's calculateCleanableBytes: the section ends at the base of the segment holding that offset.
        let firstUncleanable = Cleaner.segments(in: inactive, overlapping: uncleanableOffset, .max,
                                                end: active.baseOffset)
            .first?.baseOffset ?? active.baseOffset
        let cleanBytes = Cleaner.segments(in: view.segments, overlapping: -1, firstDirty, end: view.logEnd)
            .reduce(0) { $0 + $1.size }
        let cleanableBytes = Cleaner.segments(in: view.segments, overlapping: min(firstDirty, firstUncleanable),
                                              firstUncleanable, end: view.logEnd).reduce(0) { $0 + $1.size }
        let total = cleanBytes + cleanableBytes
        guard total > 0 else { return nil }
        let ratio = Double(cleanableBytes) / Double(total)
        let overdue = compaction.maxCompactionLagMs < .max
            && Self.oldestFirstBatchTimestamp(dirtySegments).map { $0 < now &- compaction.maxCompactionLagMs } ?? false
        let tombstonesDue = tombstoneHorizons[partition].map { $0.log == ObjectIdentifier(log) && $0.horizonMs <= now }
            ?? false
        guard (overdue && cleanableBytes > 0) || ratio > compaction.minCleanableDirtyRatio
            || (tombstonesDue && cleanBytes > 0)
        else { return nil }
        return Candidate(partition: partition, log: log, directory: directory, firstDirty: firstDirty,
                         firstUncleanable: firstUncleanable, ratio: ratio)
    }

    /// The smallest positive max timestamp of the first batch of each segment (Kafka's
    /// `getFirstBatchTimestampForSegments`), nil when none has one.
    private static func oldestFirstBatchTimestamp(_ segments: [LogSegment]) -> Int64? {
        segments.compactMap { segment -> Int64? in
            guard let file = try? segment.file() else { return nil }
            var reader = BatchReader(file: file, from: 0, end: segment.size, chunkSize: RecordBatchHeader.size)
            guard case let .batch(_, header)? = try? reader.next(validatingChecksum: false),
                header.maxTimestamp > 0
            else { return nil }
            return header.maxTimestamp
        }.min()
    }
}

/// The cleaner threads' stop flag and back-off sleep (a pthread condition, so `stop` wakes a sleeping thread at
/// once), and how they are started.
final class CleanerSignal: @unchecked Sendable {
    // Safe: `stopping` is guarded by `lock`, broadcast by `stop`.
    private let lock = ConditionLock()
    private var stopping = false

    var isStopping: Bool { lock.withLock { stopping } }

    func stop() {
        lock.withLock {
            stopping = true
            lock.broadcast()
        }
    }

    /// Sleeps up to `milliseconds`, less if `stop` is called.
    func wait(milliseconds: Int64) {
        lock.withLock {
            if !stopping { lock.wait(milliseconds: milliseconds) }
        }
    }

    /// Starts a thread running `body`; nil when the system refuses one (logged by the caller's absence of work).
    static func spawn(_ body: @escaping @Sendable () -> Void) -> pthread_t? {
        final class Box {
            let body: @Sendable () -> Void
            init(body: @escaping @Sendable () -> Void) { self.body = body }
        }
        let box = Unmanaged.passRetained(Box(body: body))
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
            box.body()
            return nil
        }, box.toOpaque())
        guard result == 0 else {
            box.release()
            return nil
        }
        return thread
    }
}
