import Glibc
import KafkaModel
import KafkaRecords
import NIOCore

/// Whole record batches found by `PartitionLog.read`, as file ranges.
public struct LogReadResult: Sendable {
    /// File ranges in log order, at most one per segment; each holds whole batches.
    public var slices: [FileSlice]
    /// Sum of the slices' lengths.
    public var byteCount: Int
    /// Base offset of the first batch returned (it may be below the requested offset: the batch holding
    /// the requested offset is returned whole), nil when nothing was returned.
    public var firstOffset: Offset?
    /// The offset after the last batch returned, nil when nothing was returned.
    public var nextOffset: Offset?
    public var logStartOffset: Offset
    public var logEndOffset: Offset

    /// Reads all slices into one buffer.
    /// - Throws: `LogStorageError` when a file cannot be read or shrank meanwhile.
    public func readBytes(allocator: ByteBufferAllocator = ByteBufferAllocator()) throws -> ByteBuffer {
        var buffer = allocator.buffer(capacity: byteCount)
        for slice in slices { try slice.read(into: &buffer) }
        return buffer
    }
}

/// A record found by timestamp.
public struct TimestampOffset: Hashable, Sendable {
    public var offset: Offset
    public var timestamp: Int64
    public init(offset: Offset, timestamp: Int64) {
        self.offset = offset
        self.timestamp = timestamp
    }
}

extension PartitionLog {
    /// Finds whole batches starting with the one that holds `offset`, for a fetch.
    /// - Parameters:
    ///   - offset: the first offset wanted, in `[logStartOffset, logEndOffset]`.
    ///   - maxBytes: stop before a batch that would make the result larger…
    ///   - upperBound: …or before the batch holding this offset (exclusive; the high watermark for
    ///     consumers); defaults to the log end offset.
    ///   - minOneBatch: return the first batch even when it alone exceeds `maxBytes`, so that a consumer
    ///     with a small limit still makes progress.
    /// - Throws: `LogStorageError.offsetOutOfRange`, `.io`.
    public func read(from offset: Offset, maxBytes: Int, upperBound: Offset? = nil, minOneBatch: Bool = true) throws
        -> LogReadResult
    {
        try logDirectory.perform(.read) {
            try readSlices(from: offset, maxBytes: maxBytes, upperBound: upperBound, minOneBatch: minOneBatch)
        }
    }

    private func readSlices(from offset: Offset, maxBytes: Int, upperBound: Offset?, minOneBatch: Bool) throws
        -> LogReadResult
    {
        let view = snapshot()
        guard offset.rawValue >= view.logStart, offset.rawValue <= view.logEnd else {
            throw LogStorageError.offsetOutOfRange(requested: offset, logStartOffset: Offset(view.logStart),
                                                   logEndOffset: Offset(view.logEnd))
        }
        var result = LogReadResult(slices: [], byteCount: 0, firstOffset: nil, nextOffset: nil,
                                   logStartOffset: Offset(view.logStart), logEndOffset: Offset(view.logEnd))
        let bound = min(upperBound?.rawValue ?? view.logEnd, view.logEnd)
        guard offset.rawValue < bound else { return result }
        var segmentIndex = Self.segmentIndex(holding: offset.rawValue, in: view.segments)
        var isFirstSegment = true
        reading: while segmentIndex < view.segments.count {
            let segment = view.segments[segmentIndex]
            let end = segment.size
            let file: SegmentFile
            do {
                file = try segment.file()
            } catch let LogStorageError.io(_, _, code) where code == ENOENT {
                // Retention or DeleteRecords removed the segment after our snapshot.
                let now = snapshot()
                throw LogStorageError.offsetOutOfRange(requested: offset, logStartOffset: Offset(now.logStart),
                                                       logEndOffset: Offset(now.logEnd))
            }
            let start = isFirstSegment ? try segment.position(atOrBefore: offset.rawValue) : 0
            var reader = BatchReader(file: file, from: start, end: end, chunkSize: 16 * 1024)
            var sliceStart: Int64?
            var sliceEnd: Int64 = start
            defer {
                if let sliceStart, sliceEnd > sliceStart {
                    result.slices.append(FileSlice(file: file, position: sliceStart, length: Int(sliceEnd - sliceStart)))
                }
            }
            scanning: while true {
                guard case let .batch(position, header) = try reader.next(validatingChecksum: false) else { break scanning }
                if header.lastOffset < offset.rawValue { continue }
                if header.nextOffset > bound { break reading }
                let size = header.totalSize
                if result.byteCount + size > maxBytes && !(result.byteCount == 0 && minOneBatch) { break reading }
                if sliceStart == nil { sliceStart = position }
                if result.firstOffset == nil { result.firstOffset = Offset(header.baseOffset) }
                result.nextOffset = Offset(header.nextOffset)
                result.byteCount += size
                sliceEnd = position + Int64(size)
            }
            isFirstSegment = false
            segmentIndex += 1
        }
        return result
    }

    /// The first record whose timestamp is at least `timestamp`, or nil when every record is older.
    ///
    /// Finds the first batch whose max timestamp is ≥ `timestamp` (time index, then a header scan). In an
    /// uncompressed CreateTime batch it then walks the records and returns the exact record; in a
    /// compressed or LogAppendTime batch it returns the batch's first offset (not below the log start
    /// offset) and its max timestamp, and the consumer skips what it does not want.
    /// - Throws: `LogStorageError.io`.
    public func offset(forTimestamp timestamp: Int64) throws -> TimestampOffset? {
        try logDirectory.perform(.read) { try findOffset(forTimestamp: timestamp) }
    }

    private func findOffset(forTimestamp timestamp: Int64) throws -> TimestampOffset? {
        let view = snapshot()
        for (index, segment) in view.segments.enumerated() {
            let segmentEnd = index + 1 < view.segments.count ? view.segments[index + 1].baseOffset : view.logEnd
            guard segmentEnd > view.logStart, try segment.maxTimestamp() >= timestamp else { continue }
            let file = try segment.file()
            let start = try segment.position(beforeTimestamp: timestamp)
            var reader = BatchReader(file: file, from: start, end: segment.size, chunkSize: 16 * 1024)
            while case let .batch(position, header) = try reader.next(validatingChecksum: false) {
                guard header.nextOffset > view.logStart, header.maxTimestamp >= timestamp else { continue }
                if header.compression == CompressionCodec.none, !header.isLogAppendTime,
                    let bytes = try reader.batchBytes(at: position, size: header.totalSize),
                    let found = Self.firstRecord(in: bytes, header: header, atOrAfter: timestamp,
                                                 minimumOffset: view.logStart)
                {
                    return found
                }
                return TimestampOffset(offset: Offset(max(header.baseOffset, view.logStart)),
                                       timestamp: header.maxTimestamp)
            }
        }
        return nil
    }

    /// The first record carrying the largest timestamp in the log (ListOffsets with timestamp -3), or nil
    /// when no batch has a timestamp.
    /// - Throws: `LogStorageError.io`.
    public func offsetOfMaxTimestamp() throws -> TimestampOffset? {
        try logDirectory.perform(.read) {
            let largest = try snapshot().segments.map { try $0.maxTimestamp() }.max() ?? -1
            return largest < 0 ? nil : try findOffset(forTimestamp: largest)
        }
    }

    /// Index of the last segment whose base offset is ≤ `offset` (0 when all are above).
    static func segmentIndex(holding offset: Int64, in segments: [LogSegment]) -> Int {
        var low = 0, high = segments.count - 1, found = 0
        while low <= high {
            let mid = (low + high) / 2
            if segments[mid].baseOffset <= offset {
                found = mid
                low = mid + 1
            } else {
                high = mid - 1
            }
        }
        return found
    }

    /// Walks the records of an uncompressed batch: each is `length varint · attributes int8 ·
    /// timestampDelta varlong · offsetDelta varint · …`, all varints zigzag-encoded.
    static func firstRecord(in batch: ByteBuffer, header: RecordBatchHeader, atOrAfter timestamp: Int64,
                            minimumOffset: Int64) -> TimestampOffset? {
        var records = batch
        records.moveReaderIndex(forwardBy: RecordBatchHeader.size)
        for _ in 0..<max(0, Int(header.recordCount)) {
            guard let length = readVarint(&records), length >= 0, records.readableBytes >= Int(length) else { return nil }
            var record = records.readSlice(length: Int(length))!
            guard record.readInteger(as: Int8.self) != nil,
                let timestampDelta = readVarint(&record),
                let offsetDelta = readVarint(&record)
            else { return nil }
            // Batches written before produce validation refused overflowing timestamps may hold any values:
            // a record whose timestamp or offset does not fit is skipped (the caller then answers with the
            // batch's own first offset and max timestamp), never trapped on.
            let (recordTimestamp, timestampOverflow) = header.baseTimestamp.addingReportingOverflow(timestampDelta)
            let (recordOffset, offsetOverflow) = header.baseOffset.addingReportingOverflow(offsetDelta)
            if timestampOverflow || offsetOverflow { continue }
            if recordTimestamp >= timestamp && recordOffset >= minimumOffset {
                return TimestampOffset(offset: Offset(recordOffset), timestamp: recordTimestamp)
            }
        }
        return nil
    }

    /// A zigzag varint (up to 64 bits).
    static func readVarint(_ buffer: inout ByteBuffer) -> Int64? {
        var raw: UInt64 = 0
        var shift: UInt64 = 0
        while shift < 64 {
            guard let byte = buffer.readInteger(as: UInt8.self) else { return nil }
            raw |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1) }
            shift += 7
        }
        return nil
    }
}
