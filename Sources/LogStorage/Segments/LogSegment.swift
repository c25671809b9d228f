import Glibc
import KafkaModel
import KafkaRecords
import Logging
import NIOCore

/// One segment of a partition log: `<20-digit base offset>.log` with its `.index` and `.timeindex` (and
/// `.txnindex` once a transaction aborted in it, kept by `PartitionLog+Transactions.swift`).
///
/// The `.log` file holds magic-2 record batches back to back, byte for byte as they travel in a Produce
/// or Fetch (base offset and partition leader epoch already stamped), with no framing of our own — so a
/// range of it can be sent to a consumer as is. Its name is the offset of its first batch, zero-padded
/// to 20 digits. Only the last segment of a log (the active one) is written to; it keeps its file open
/// and its indexes in memory. Older segments open their file through `SegmentFileCache` and load their
/// indexes on first use.
///
/// Mutations (append, seal, truncate) come from the owning `PartitionLog`, one at a time; `lock` makes
/// the fields readable concurrently by fetches.
final class LogSegment: @unchecked Sendable {
    // Safe: every mutable field is guarded by `lock`; file I/O that needs no consistent view runs outside it.
    let baseOffset: Int64
    let logPath: String
    let indexPath: String
    let timeIndexPath: String
    /// The aborted-transaction index (`TransactionIndex`), present only once a transaction aborted here.
    let txnIndexPath: String
    private let cache: SegmentFileCache
    private let lock = BlockingLock()

    private var committedSize: Int64
    private var activeFile: SegmentFile?
    /// Set when the cleaner replaced the segment: its own file, held open, since its name now belongs to the
    /// cleaned segment (reads that still hold this segment keep reading the old bytes).
    private var retiredFile: SegmentFile?
    private var offsetIndex: OffsetIndex?
    private var timeIndex: TimeIndex?
    private var largestTimestamp: Int64 = -1
    private var offsetOfLargestTimestamp: Int64
    private var bytesSinceLastIndexEntry = 0
    private var rollTimestamp: Int64?
    /// `index.interval.bytes` of the owning log, used when indexes are rebuilt lazily.
    private var indexIntervalBytes: Int

    /// A batch about to be appended, as the log saw it.
    struct AppendedBatch {
        var baseOffset: Int64
        var lastOffset: Int64
        var maxTimestamp: Int64
        var size: Int
    }

    /// What a recovery scan found.
    struct ScanResult {
        var validBytes: Int64
        var nextOffset: Int64?
        var truncatedBytes: Int64 = 0
        var reason: String?
        /// Where each partition leader epoch first appears among the valid batches, in offset order.
        var epochStarts: [LeaderEpochCache.Entry] = []
    }

    static func fileName(baseOffset: Int64, suffix: String) -> String {
        let digits = String(baseOffset)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + suffix
    }

    private init(directory: String, baseOffset: Int64, cache: SegmentFileCache, size: Int64, indexIntervalBytes: Int) {
        self.indexIntervalBytes = indexIntervalBytes
        self.baseOffset = baseOffset
        self.logPath = directory + "/" + Self.fileName(baseOffset: baseOffset, suffix: ".log")
        self.indexPath = directory + "/" + Self.fileName(baseOffset: baseOffset, suffix: ".index")
        self.timeIndexPath = directory + "/" + Self.fileName(baseOffset: baseOffset, suffix: ".timeindex")
        self.txnIndexPath = directory + "/" + Self.fileName(baseOffset: baseOffset, suffix: ".txnindex")
        self.cache = cache
        self.committedSize = size
        self.offsetOfLargestTimestamp = baseOffset
    }

    /// A new, empty, active segment (any stale files of the same name are emptied).
    static func create(in directory: String, baseOffset: Int64, cache: SegmentFileCache, config: LogConfig) throws
        -> LogSegment
    {
        let segment = LogSegment(directory: directory, baseOffset: baseOffset, cache: cache, size: 0,
                                 indexIntervalBytes: config.indexIntervalBytes)
        let file = try SegmentFile.open(segment.logPath, writable: true)
        try FileIO.ftruncate(file.fileDescriptor, to: 0, path: segment.logPath)
        segment.activeFile = file
        segment.offsetIndex = OffsetIndex()
        segment.timeIndex = TimeIndex()
        try FileIO.remove(segment.indexPath)
        try FileIO.remove(segment.timeIndexPath)
        try FileIO.remove(segment.txnIndexPath)
        return segment
    }

    /// An existing segment, trusted as complete; its file and indexes are opened when first needed.
    static func existing(in directory: String, baseOffset: Int64, cache: SegmentFileCache, config: LogConfig) throws
        -> LogSegment
    {
        let segment = LogSegment(directory: directory, baseOffset: baseOffset, cache: cache, size: 0,
                                 indexIntervalBytes: config.indexIntervalBytes)
        segment.committedSize = try FileIO.size(of: segment.logPath) ?? 0
        return segment
    }

    // MARK: - Reading state

    /// Bytes of complete batches in the file.
    var size: Int64 { lock.withLock { committedSize } }

    var isActive: Bool { lock.withLock { activeFile != nil } }

    /// The open `.log` file: the active one, or one from the cache.
    func file() throws -> SegmentFile {
        if let file = lock.withLock({ activeFile ?? retiredFile }) { return file }
        return try cache.file(at: logPath)
    }

    /// Detaches the segment from its file names before the cleaner's swap reuses them: loads the indexes and
    /// holds the open file, so the segment stays readable (by reads that took it before the swap) after its
    /// files are deleted or replaced. Caller holds the owning log's `writeLock`.
    func retire() throws {
        let file = try self.file()
        try lock.withLock {
            try loadIndexesLocked()
            retiredFile = file
        }
        cache.forget(logPath)
    }

    /// The largest batch max-timestamp in the segment, -1 when none has a timestamp.
    func maxTimestamp() throws -> Int64 {
        try lock.withLock {
            try loadIndexesLocked()
            return largestTimestamp
        }
    }

    /// When the active segment becomes due for `segment.ms`: its first batch's timestamp, or its creation.
    var rollingTimestamp: Int64? { lock.withLock { rollTimestamp } }

    /// Whether another entry would overflow either index.
    func indexesFull(config: LogConfig) -> Bool {
        lock.withLock {
            (offsetIndex?.count ?? 0) >= config.maxOffsetIndexEntries
                || (timeIndex?.count ?? 0) >= config.maxTimeIndexEntries
        }
    }

    /// A byte position at or before the batch holding `offset` (offset index floor lookup).
    func position(atOrBefore offset: Int64) throws -> Int64 {
        try lock.withLock {
            try loadIndexesLocked()
            let relative = Int32(clamping: offset - baseOffset)
            return Int64(offsetIndex!.floor(relativeOffset: relative)?.position ?? 0)
        }
    }

    /// A byte position at or before the first batch whose max timestamp is ≥ `timestamp`.
    func position(beforeTimestamp timestamp: Int64) throws -> Int64 {
        try lock.withLock {
            try loadIndexesLocked()
            guard let entry = timeIndex!.lastEntry(before: timestamp) else { return 0 }
            return Int64(offsetIndex!.floor(relativeOffset: entry.relativeOffset)?.position ?? 0)
        }
    }

    // MARK: - Writing (called by the owning log, one mutation at a time)

    /// Writes `bytes` (whole batches described by `batches`) at the end of the active segment.
    func append(_ bytes: ByteBuffer, batches: [AppendedBatch], config: LogConfig, now: Int64) throws {
        let (file, start) = try lock.withLock { () throws -> (SegmentFile, Int64) in
            guard let file = activeFile else { throw LogStorageError.io(operation: "append", path: logPath, errno: EBADF) }
            return (file, committedSize)
        }
        try bytes.withUnsafeReadableBytes { raw in
            try FileIO.pwrite(file.fileDescriptor, from: raw.baseAddress!, count: raw.count, at: start, path: logPath)
        }
        lock.withLock {
            var position = start
            for batch in batches {
                if rollTimestamp == nil { rollTimestamp = batch.maxTimestamp >= 0 ? batch.maxTimestamp : now }
                index(batch, at: position, interval: config.indexIntervalBytes)
                position += Int64(batch.size)
            }
            committedSize = position
        }
    }

    /// Records a batch at `position` in the in-memory indexes. Caller holds `lock`.
    private func index(_ batch: AppendedBatch, at position: Int64, interval: Int) {
        if batch.maxTimestamp > largestTimestamp {
            largestTimestamp = batch.maxTimestamp
            offsetOfLargestTimestamp = batch.baseOffset
        }
        if bytesSinceLastIndexEntry > interval {
            offsetIndex!.append(relativeOffset: Int32(batch.baseOffset - baseOffset), position: Int32(position))
            timeIndex!.maybeAppend(timestamp: largestTimestamp,
                                   relativeOffset: Int32(offsetOfLargestTimestamp - baseOffset))
            bytesSinceLastIndexEntry = 0
        }
        bytesSinceLastIndexEntry += batch.size
    }

    /// Makes appended bytes and index entries durable.
    func flush() throws {
        try lock.withLock { try persistIndexesLocked(sync: true) }
        try FileIO.fsync(try file().fileDescriptor, path: logPath)
    }

    /// Makes a sealed segment's records durable: its `.log` file only (its indexes are rebuilt if a crash tore
    /// them). A segment deleted meanwhile (retention, truncation) has nothing left to make durable.
    func syncSealedFile() throws {
        let file: SegmentFile
        do {
            file = try self.file()
        } catch let LogStorageError.io(_, _, code) where code == ENOENT {
            return
        }
        try FileIO.fsync(file.fileDescriptor, path: logPath)
    }

    /// Ends the segment's active life: final time index entry, indexes written, the log file fsynced (unless
    /// the caller just flushed it), the file handed to the cache (or closed, when the log itself is closing).
    func seal(keepFileOpen: Bool = true, sync: Bool = true) throws {
        let file = try lock.withLock { () throws -> SegmentFile? in
            if largestTimestamp >= 0 {
                timeIndex?.maybeAppend(timestamp: largestTimestamp,
                                       relativeOffset: Int32(offsetOfLargestTimestamp - baseOffset))
            }
            // Indexes are not fsynced: after a crash a torn index fails validation on load and is rebuilt.
            try persistIndexesLocked(sync: false)
            defer { activeFile = nil }
            return activeFile
        }
        if let file {
            if sync { try FileIO.fsync(file.fileDescriptor, path: logPath) }
            if keepFileOpen { cache.adopt(file) }
        }
    }

    /// Makes a recovered last segment the active one again.
    func activate() throws {
        let file = try SegmentFile.open(logPath, writable: true)
        lock.withLock { activeFile = file }
    }

    /// Cuts the segment at `position` (a batch boundary) and rebuilds its indexes from what is left.
    func truncate(toPosition position: Int64, config: LogConfig) throws {
        if let file = lock.withLock({ activeFile }) {
            try FileIO.ftruncate(file.fileDescriptor, to: position, path: logPath)
        } else {
            try FileIO.truncate(logPath, to: position)
        }
        lock.withLock { committedSize = position }
        _ = try scan(checksumsFromOffset: .max, config: config, truncateInvalidTail: false)
    }

    /// Lets go of the segment's open file, leaving it on disk (its directory failed).
    func closeFile() {
        lock.withLock { activeFile = nil }
        cache.forget(logPath)
    }

    /// Removes the segment's files.
    func delete() throws {
        closeFile()
        try FileIO.remove(logPath)
        try FileIO.remove(indexPath)
        try FileIO.remove(timeIndexPath)
        try FileIO.remove(txnIndexPath)
    }

    // MARK: - Scanning

    /// Reads every batch header, rebuilding both indexes and the timestamp bookkeeping; checks the CRC of
    /// batches ending at or after `checksumsFromOffset`. With `truncateInvalidTail`, cuts the file at the
    /// first invalid batch (crash recovery); otherwise stops indexing there.
    func scan(checksumsFromOffset: Int64, config: LogConfig, truncateInvalidTail: Bool) throws -> ScanResult {
        let file = try self.file()
        let fileSize = try file.size()
        var reader = BatchReader(file: file, from: 0, end: fileSize, chunkSize: 1 << 20)
        var offsets = OffsetIndex(), times = TimeIndex()
        var largest: Int64 = -1, offsetOfLargest = baseOffset, sinceEntry = 0
        var firstTimestamp: Int64?
        var result = ScanResult(validBytes: 0, nextOffset: nil)
        scanning: while true {
            let step = try reader.next(validatingChecksum: false)
            switch step {
            case .end:
                break scanning
            case let .invalid(position, reason):
                result.reason = reason
                result.truncatedBytes = fileSize - position
                break scanning
            case let .batch(position, header):
                // Every value read from the file may be damaged: offsets that overflow, go backwards or do not
                // fit the 32-bit relative offsets and positions of the indexes end the valid part of the log.
                if !Self.fitsSegment(header, at: position, baseOffset: baseOffset, after: result.nextOffset) {
                    result.reason = "batch offsets \(header.baseOffset)+\(header.lastOffsetDelta) at byte \(position) out of order or range"
                    result.truncatedBytes = fileSize - position
                    break scanning
                }
                if header.lastOffset >= checksumsFromOffset,
                    let bytes = try reader.batchBytes(at: position, size: header.totalSize),
                    !header.hasValidChecksum(in: bytes, at: bytes.readerIndex)
                {
                    result.reason = "CRC mismatch in batch \(header.baseOffset)...\(header.lastOffset)"
                    result.truncatedBytes = fileSize - position
                    break scanning
                }
                if header.partitionLeaderEpoch >= 0,
                    result.epochStarts.last.map({ $0.epoch.rawValue < header.partitionLeaderEpoch }) ?? true
                {
                    result.epochStarts.append(LeaderEpochCache.Entry(epoch: LeaderEpoch(header.partitionLeaderEpoch),
                                                                     startOffset: Offset(header.baseOffset)))
                }
                if firstTimestamp == nil { firstTimestamp = header.maxTimestamp }
                if header.maxTimestamp > largest {
                    largest = header.maxTimestamp
                    offsetOfLargest = header.baseOffset
                }
                if sinceEntry > config.indexIntervalBytes {
                    offsets.append(relativeOffset: Int32(header.baseOffset - baseOffset), position: Int32(position))
                    times.maybeAppend(timestamp: largest, relativeOffset: Int32(offsetOfLargest - baseOffset))
                    sinceEntry = 0
                }
                sinceEntry += header.totalSize
                result.validBytes = position + Int64(header.totalSize)
                result.nextOffset = header.nextOffset
            }
        }
        if result.truncatedBytes > 0 && truncateInvalidTail {
            if lock.withLock({ activeFile != nil }) {
                try FileIO.ftruncate(file.fileDescriptor, to: result.validBytes, path: logPath)
            } else {
                try FileIO.truncate(logPath, to: result.validBytes)
            }
        }
        let isActive = lock.withLock { activeFile != nil }
        if !isActive, largest >= 0 { times.maybeAppend(timestamp: largest, relativeOffset: Int32(offsetOfLargest - baseOffset)) }
        offsets.markFileStale()
        times.markFileStale()
        lock.withLock {
            offsetIndex = offsets
            timeIndex = times
            largestTimestamp = largest
            offsetOfLargestTimestamp = offsetOfLargest
            bytesSinceLastIndexEntry = sinceEntry
            committedSize = result.validBytes
            if let firstTimestamp, firstTimestamp >= 0 { rollTimestamp = firstTimestamp }
        }
        return result
    }

    /// Whether a batch read from disk can be part of this segment: a valid offset range starting at or after
    /// `previousNext` (the previous batch's next offset, or the segment's base), relative offsets and the byte
    /// position within the indexes' 32 bits.
    static func fitsSegment(_ header: RecordBatchHeader, at position: Int64, baseOffset: Int64,
                            after previousNext: Int64?) -> Bool {
        guard header.hasValidOffsetRange, header.baseOffset >= (previousNext ?? baseOffset),
            position <= Int64(Int32.max)
        else { return false }
        return header.lastOffset - baseOffset <= Int64(Int32.max)
    }

    /// Sets the `segment.ms` reference of a segment without batches (or whose batches carry no timestamp).
    func setRollingTimestampIfUnset(_ now: Int64) {
        lock.withLock { if rollTimestamp == nil { rollTimestamp = now } }
    }

    /// Loads the indexes of an inactive segment, rebuilding them from the log when absent or inconsistent.
    /// Caller holds `lock`.
    private func loadIndexesLocked() throws {
        if offsetIndex != nil && timeIndex != nil { return }
        if let offsets = try OffsetIndex.load(from: indexPath, logSize: committedSize),
            let times = try TimeIndex.load(from: timeIndexPath)
        {
            offsetIndex = offsets
            timeIndex = times
            let (offsetOfLast, overflow) = baseOffset.addingReportingOverflow(Int64(times.last?.relativeOffset ?? 0))
            if !overflow {
                if let last = times.last {
                    largestTimestamp = last.timestamp
                    offsetOfLargestTimestamp = offsetOfLast
                }
                return
            }
        }
        try rebuildIndexesLocked()
    }

    /// Rebuilds an inactive segment's indexes by reading its headers. Caller holds `lock`.
    private func rebuildIndexesLocked() throws {
        let file = try cache.file(at: logPath)
        var reader = BatchReader(file: file, from: 0, end: committedSize, chunkSize: 1 << 20)
        var offsets = OffsetIndex(), times = TimeIndex()
        var sinceEntry = 0
        largestTimestamp = -1
        offsetOfLargestTimestamp = baseOffset
        var previousNext: Int64?
        while case let .batch(position, header) = try reader.next(validatingChecksum: false) {
            // A segment below the recovery point is trusted not to be torn, but not to hold sane values: stop
            // indexing at a batch whose offsets cannot be indexed (reads scan on from the last entry).
            guard Self.fitsSegment(header, at: position, baseOffset: baseOffset, after: previousNext) else { break }
            previousNext = header.nextOffset
            if header.maxTimestamp > largestTimestamp {
                largestTimestamp = header.maxTimestamp
                offsetOfLargestTimestamp = header.baseOffset
            }
            if sinceEntry > indexIntervalBytes {
                offsets.append(relativeOffset: Int32(header.baseOffset - baseOffset), position: Int32(position))
                times.maybeAppend(timestamp: largestTimestamp, relativeOffset: Int32(offsetOfLargestTimestamp - baseOffset))
                sinceEntry = 0
            }
            sinceEntry += header.totalSize
        }
        if largestTimestamp >= 0 {
            times.maybeAppend(timestamp: largestTimestamp, relativeOffset: Int32(offsetOfLargestTimestamp - baseOffset))
        }
        offsets.markFileStale()
        times.markFileStale()
        offsetIndex = offsets
        timeIndex = times
        try persistIndexesLocked(sync: false)
    }

    /// Writes both indexes' new entries. Caller holds `lock`.
    private func persistIndexesLocked(sync: Bool) throws {
        try offsetIndex?.persist(to: indexPath, sync: sync)
        try timeIndex?.persist(to: timeIndexPath, sync: sync)
    }
}
