import KafkaModel

/// The log cleaner's two points of contact with a log: a view of its segments (read without any lock held), and
/// the swap of cleaned segments, the only step that takes the log's `writeLock`.
extension PartitionLog {
    /// The segments as they are now, oldest first (the last is active), with the log's start and end.
    func cleanerView() -> Snapshot { snapshot() }

    /// Replaces `old` — consecutive inactive segments, oldest first — by the cleaned segment the cleaner wrote at
    /// `<base of old[0]>.log.cleaned` (with `.index.cleaned` and `.timeindex.cleaned`), following Kafka's rename
    /// protocol so that a crash at any point loses nothing (see `SegmentSwapRecovery` for the start-up side):
    ///
    /// 1. the cleaned files (already fsynced) are renamed to `.swap`: from here on, start-up completes the swap;
    /// 2. the old segments' files are deleted, oldest first (readers that hold an old segment keep its file open);
    /// 3. the `.swap` files take their final names (the index files first, the log last), and the segment list
    ///    changes, all under `writeLock`.
    ///
    /// - Parameter sizes: each old segment's size when the cleaner read it.
    /// - Returns: false when the log changed meanwhile (a segment deleted by retention, truncated, or the log
    ///   closed): the cleaned files are deleted and nothing else changes.
    /// - Throws: `LogStorageError.io`; the swap then completes at the next start-up.
    func replaceSegments(_ old: [LogSegment], sizes: [Int64], withCleanedAt base: Int64) throws -> Bool {
        let names = CleanedSegmentFiles(directory: directory, baseOffset: base)
        return try writeLock.withLock {
            let current = stateLock.withLock { isClosed ? [] : segments }
            guard let first = old.first, first.baseOffset == base, old.count == sizes.count,
                let start = current.firstIndex(where: { $0 === first }), start + old.count < current.count,
                zip(current[start..<(start + old.count)], zip(old, sizes)).allSatisfy({ segment, expected in
                    segment === expected.0 && !segment.isActive && segment.size == expected.1
                })
            else {
                names.removeCleaned()
                return false
            }
            for segment in old { try segment.retire() }
            try names.rename(from: CleanedSegmentFiles.cleaned, to: CleanedSegmentFiles.swap)
            FileIO.syncDirectory(directory)
            for segment in old { try segment.delete() }
            try names.rename(from: CleanedSegmentFiles.swap, to: "")
            FileIO.syncDirectory(directory)
            let fresh = try LogSegment.existing(in: directory, baseOffset: base, cache: fileCache, config: config)
            stateLock.withLock { segments.replaceSubrange(start..<(start + old.count), with: [fresh]) }
            return true
        }
    }
}

/// The file names of one cleaned segment at each step of the swap: `<base>.log`, `.index` and `.timeindex`,
/// each with the suffix `.cleaned` (being written), `.swap` (complete, replacing the old segments) or none.
struct CleanedSegmentFiles {
    static let cleaned = ".cleaned"
    static let swap = ".swap"

    let logPath: String
    let indexPath: String
    let timeIndexPath: String

    init(directory: String, baseOffset: Int64) {
        logPath = directory + "/" + LogSegment.fileName(baseOffset: baseOffset, suffix: ".log")
        indexPath = directory + "/" + LogSegment.fileName(baseOffset: baseOffset, suffix: ".index")
        timeIndexPath = directory + "/" + LogSegment.fileName(baseOffset: baseOffset, suffix: ".timeindex")
    }

    /// Renames the three files from one suffix to another: the indexes first, the log last, so that a `.swap`
    /// log file (what start-up acts on) only appears once its indexes are in place (start-up rebuilds them anyway).
    func rename(from: String, to: String) throws {
        for path in [indexPath, timeIndexPath] where FileIO.exists(path + from) {
            try FileIO.rename(path + from, to: path + to)
        }
        try FileIO.rename(logPath + from, to: logPath + to)
    }

    /// Deletes whatever `.cleaned` files exist (an abandoned pass); errors are ignored, start-up deletes them too.
    func removeCleaned() {
        for path in [logPath, indexPath, timeIndexPath] { try? FileIO.remove(path + Self.cleaned) }
    }
}
