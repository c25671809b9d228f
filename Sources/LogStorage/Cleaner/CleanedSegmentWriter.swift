import Glibc
import KafkaRecords
import NIOCore

/// Writes one cleaned segment: `<base>.log.cleaned` with its `.index.cleaned` and `.timeindex.cleaned`, built
/// the way `LogSegment` indexes appended batches (an entry after every `index.interval.bytes`, a last time
/// index entry for the largest timestamp). Output is buffered and written in chunks of the cleaner's I/O
/// buffer size; `finish` fsyncs the log file (the swap must never expose bytes a crash could lose) and gives
/// it the modification time of the last segment it replaces, as Kafka does, so tombstone retention (which
/// goes by modification times) is not reset by cleaning.
final class CleanedSegmentWriter {
    let files: CleanedSegmentFiles
    let baseOffset: Int64
    private let fd: Int32
    private let path: String
    private let indexIntervalBytes: Int
    private let maxIndexEntries: Int
    private let flushThreshold: Int
    private var pending = ByteBufferAllocator().buffer(capacity: 0)
    private var written: Int64 = 0
    private var offsetIndex = OffsetIndex()
    private var timeIndex = TimeIndex()
    private var bytesSinceLastIndexEntry = 0
    private var largestTimestamp: Int64 = -1
    private var offsetOfLargestTimestamp: Int64
    private var closed = false

    /// Bytes in the cleaned segment so far.
    var size: Int64 { written + Int64(pending.readableBytes) }

    init(files: CleanedSegmentFiles, baseOffset: Int64, config: LogConfig, ioBufferSize: Int) throws {
        self.files = files
        self.baseOffset = baseOffset
        self.path = files.logPath + CleanedSegmentFiles.cleaned
        self.indexIntervalBytes = config.indexIntervalBytes
        self.maxIndexEntries = min(config.maxOffsetIndexEntries, config.maxTimeIndexEntries)
        self.flushThreshold = max(ioBufferSize, 64 * 1024)
        self.offsetOfLargestTimestamp = baseOffset
        files.removeCleaned()
        fd = try FileIO.open(path, flags: O_WRONLY | O_CREAT | O_TRUNC)
    }

    deinit { close() }

    /// Appends whole batches (as `RecordBatch.writeFiltered` wrote them) and indexes them.
    /// - Throws: `LogStorageError.corruptRecords` when a batch cannot be indexed in this segment (offsets out of
    ///   order or beyond 2^31 of the base, or the segment past 2 GiB), `.io`.
    func append(_ batches: ByteBuffer) throws {
        var position = batches.readerIndex
        while let header = RecordBatchHeader(from: batches, at: position), header.totalSize > 0,
            position + header.totalSize <= batches.writerIndex
        {
            try index(header, at: size + Int64(position - batches.readerIndex))
            position += header.totalSize
        }
        var copy = batches
        pending.writeBuffer(&copy)
        if pending.readableBytes >= flushThreshold { try writePending() }
    }

    private func index(_ header: RecordBatchHeader, at position: Int64) throws {
        let (relative, overflow) = header.lastOffset.subtractingReportingOverflow(baseOffset)
        guard !overflow, header.baseOffset >= baseOffset, relative <= Int64(Int32.max),
            position + Int64(header.totalSize) <= Int64(Int32.max)
        else {
            throw LogStorageError.corruptRecords(
                reason: "batch \(header.baseOffset)...\(header.lastOffset) does not fit cleaned segment \(baseOffset)")
        }
        if header.maxTimestamp > largestTimestamp {
            largestTimestamp = header.maxTimestamp
            offsetOfLargestTimestamp = header.baseOffset
        }
        if bytesSinceLastIndexEntry > indexIntervalBytes, offsetIndex.count < maxIndexEntries {
            offsetIndex.append(relativeOffset: Int32(header.baseOffset - baseOffset), position: Int32(position))
            timeIndex.maybeAppend(timestamp: largestTimestamp, relativeOffset: Int32(offsetOfLargestTimestamp - baseOffset))
            bytesSinceLastIndexEntry = 0
        }
        bytesSinceLastIndexEntry += header.totalSize
    }

    private func writePending() throws {
        guard pending.readableBytes > 0 else { return }
        try pending.withUnsafeReadableBytes { raw in
            try FileIO.pwrite(fd, from: raw.baseAddress!, count: raw.count, at: written, path: path)
        }
        written += Int64(pending.readableBytes)
        pending.clear()
    }

    /// Writes what is buffered and the indexes, fsyncs the log file and sets its modification time.
    /// - Returns: the bytes written.
    func finish(modificationTimeMs: Int64?) throws -> Int64 {
        try writePending()
        if largestTimestamp >= 0 {
            timeIndex.maybeAppend(timestamp: largestTimestamp, relativeOffset: Int32(offsetOfLargestTimestamp - baseOffset))
        }
        try offsetIndex.persist(to: files.indexPath + CleanedSegmentFiles.cleaned, sync: false)
        try timeIndex.persist(to: files.timeIndexPath + CleanedSegmentFiles.cleaned, sync: false)
        try FileIO.fsync(fd, path: path)
        if let modificationTimeMs { FileIO.setModificationTime(fd, ms: modificationTimeMs) }
        close()
        return written
    }

    /// Closes the file (the caller removes the `.cleaned` files of an abandoned segment).
    func close() {
        guard !closed else { return }
        closed = true
        closeDescriptor(fd)
    }
}

extension FileIO {
    /// Sets a file's modification time (best effort: a file system that refuses only costs tombstones some
    /// extra `delete.retention.ms`).
    static func setModificationTime(_ fd: Int32, ms: Int64) {
        let omit = (1 << 30) - 2  // UTIME_OMIT: leave the access time alone
        var times = [timespec(tv_sec: 0, tv_nsec: omit),
                     timespec(tv_sec: Int(ms / 1000), tv_nsec: Int(ms % 1000) * 1_000_000)]
        _ = futimens(fd, &times)
    }

    /// A file's modification time in milliseconds, 0 when it cannot be read (as Java's `File.lastModified`).
    static func lastModifiedMs(_ path: String) -> Int64 { modificationTimeMs(of: path) ?? 0 }
}
