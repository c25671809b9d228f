import Logging

/// Start-up repair of a cleaning pass a crash interrupted (Kafka's `Log.removeTempFilesAndCollectSwapFiles` and
/// `completeSwapOperations`), run on a partition directory before its segments are loaded:
///
/// 1. every `.cleaned` file is deleted (a cleaned segment not yet complete; the old segments are all there);
/// 2. index `.swap` files are deleted (indexes are rebuilt from the log when missing);
/// 3. a log `.swap` file at or above the smallest `.cleaned` base offset belongs to an unfinished pass and is
///    deleted; any other completes its swap: the old segments it replaces — every `.log` whose base offset lies
///    in `[swap base, swap's next offset)` — are deleted, their indexes with them, and the `.swap` file takes the
///    `.log` name. Old segments past the swap's next offset held only records the cleaner dropped (superseded
///    by later records of the same keys, or tombstones kept in later segments), so keeping them loses nothing
///    and the next pass removes them.
///
/// A `.swap` file was fsynced before it got that name, so it is whole; its batches are still read as hostile
/// input: the scan stops at the first invalid one, and recovery later treats the file like any other segment.
enum SegmentSwapRecovery {
    /// - Throws: `LogStorageError.io`.
    static func run(in directory: String, logger: Logger) throws {
        let names = try FileIO.list(directory)
        var smallestCleaned = Int64.max
        var swaps: [Int64] = []
        for name in names {
            if name.hasSuffix(CleanedSegmentFiles.cleaned) {
                let base = Self.baseOffset(of: name, suffix: CleanedSegmentFiles.cleaned)
                smallestCleaned = min(smallestCleaned, base ?? Int64.max)
                try FileIO.remove(directory + "/" + name)
            } else if name.hasSuffix(".log" + CleanedSegmentFiles.swap),
                let base = Self.baseOffset(of: name, suffix: CleanedSegmentFiles.swap)
            {
                swaps.append(base)
            } else if name.hasSuffix(CleanedSegmentFiles.swap) {
                try FileIO.remove(directory + "/" + name)
            }
        }
        for base in swaps.sorted() {
            let files = CleanedSegmentFiles(directory: directory, baseOffset: base)
            let swapPath = files.logPath + CleanedSegmentFiles.swap
            if base >= smallestCleaned {
                logger.warning("Deleting the swap file of an unfinished cleaning pass", metadata: ["file": "\(swapPath)"])
                try FileIO.remove(swapPath)
                continue
            }
            let next = try nextOffset(ofSegmentAt: swapPath, baseOffset: base)
            var replaced: [Int64] = []
            for name in try FileIO.list(directory) {
                guard let old = PartitionLog.baseOffset(fromFileName: name, suffix: ".log"),
                    old >= base, old < max(next, base + 1)
                else { continue }
                let oldFiles = CleanedSegmentFiles(directory: directory, baseOffset: old)
                for path in [oldFiles.logPath, oldFiles.indexPath, oldFiles.timeIndexPath] { try FileIO.remove(path) }
                replaced.append(old)
            }
            try FileIO.remove(files.indexPath)
            try FileIO.remove(files.timeIndexPath)
            try FileIO.rename(swapPath, to: files.logPath)
            logger.warning("Completed the swap of a cleaned segment interrupted by a crash", metadata: [
                "segment": "\(files.logPath)", "replaced": "\(replaced.sorted())"])
        }
        if smallestCleaned != Int64.max || !swaps.isEmpty { FileIO.syncDirectory(directory) }
    }

    /// The offset after the last valid batch of the segment file at `path` (its base offset when it has none).
    static func nextOffset(ofSegmentAt path: String, baseOffset: Int64) throws -> Int64 {
        let file = try SegmentFile.open(path, writable: false)
        var reader = BatchReader(file: file, from: 0, end: try file.size(), chunkSize: 1 << 20)
        var next = baseOffset
        while case let .batch(_, header) = try reader.next(validatingChecksum: true) {
            guard header.hasValidOffsetRange, header.baseOffset >= next else { break }
            next = header.nextOffset
        }
        return next
    }

    /// `<20 digits><kind><suffix>` → the base offset, for any kind (`.log`, `.index`, `.timeindex`).
    private static func baseOffset(of name: String, suffix: String) -> Int64? {
        let stem = name.dropLast(suffix.count)
        for kind in [".log", ".index", ".timeindex"] where stem.hasSuffix(kind) {
            return PartitionLog.baseOffset(fromFileName: String(stem), suffix: kind)
        }
        return nil
    }
}
