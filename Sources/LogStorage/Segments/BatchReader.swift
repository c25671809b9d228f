import KafkaRecords
import NIOCore

/// Walks the record batches of a segment file from a byte position, reading through a window so that a
/// scan costs few system calls. Checks what can be checked without decompressing: magic, lengths, offset
/// deltas and, on request, the CRC-32C.
struct BatchReader {
    enum Step {
        case batch(position: Int64, header: RecordBatchHeader)
        /// Clean end of the scanned range.
        case end
        /// Bytes at `position` are not a complete valid batch.
        case invalid(position: Int64, reason: String)
    }

    let file: SegmentFile
    private(set) var position: Int64
    let end: Int64
    private let chunkSize: Int
    private var window: ByteBuffer
    private var windowStart: Int64 = 0

    init(file: SegmentFile, from position: Int64, end: Int64, chunkSize: Int = 64 * 1024) {
        self.file = file
        self.position = position
        self.end = end
        self.chunkSize = chunkSize
        self.window = ByteBufferAllocator().buffer(capacity: 0)
    }

    mutating func next(validatingChecksum: Bool) throws -> Step {
        if position >= end { return .end }
        let at = position
        guard try ensure(at, count: RecordBatchHeader.size),
            let header = RecordBatchHeader(from: window, at: Int(at - windowStart))
        else {
            return .invalid(position: at, reason: "incomplete batch header (\(end - at) bytes left)")
        }
        if header.magic != 2 { return .invalid(position: at, reason: "magic \(header.magic)") }
        if header.batchLength < Int32(RecordBatchHeader.size - RecordBatchHeader.logOverhead) {
            return .invalid(position: at, reason: "batch length \(header.batchLength)")
        }
        if header.lastOffsetDelta < 0 || header.baseOffset < 0 {
            return .invalid(position: at, reason: "offsets \(header.baseOffset)+\(header.lastOffsetDelta)")
        }
        let total = header.totalSize
        if at + Int64(total) > end {
            return .invalid(position: at, reason: "incomplete batch: \(total) bytes announced, \(end - at) left")
        }
        if validatingChecksum {
            guard try ensure(at, count: total),
                header.hasValidChecksum(in: window, at: Int(at - windowStart))
            else {
                return .invalid(position: at, reason: "CRC mismatch in batch at offset \(header.baseOffset)")
            }
        }
        position = at + Int64(total)
        return .batch(position: at, header: header)
    }

    /// The whole batch of `size` bytes at `position`, read through the window.
    mutating func batchBytes(at position: Int64, size: Int) throws -> ByteBuffer? {
        guard try ensure(position, count: size) else { return nil }
        return window.getSlice(at: Int(position - windowStart), length: size)
    }

    /// Makes the window hold `[at, at + count)`; false when the file ends earlier.
    private mutating func ensure(_ at: Int64, count: Int) throws -> Bool {
        if at + Int64(count) > end { return false }
        if at >= windowStart && at + Int64(count) <= windowStart + Int64(window.writerIndex) { return true }
        window.clear()
        windowStart = at
        let wanted = Int(min(Int64(max(count, chunkSize)), end - at))
        return try file.read(into: &window, at: at, length: wanted) >= count
    }
}
