import KafkaRecords
import NIOCore

/// Read-only access to segment files for inspection tools (`tributary dump-log`): the batches of a `.log` file
/// and the raw entries of its `.index` and `.timeindex` (formats on `LogSegment`, `OffsetIndex`, `TimeIndex`).
/// Files are read as they are, damaged or not; nothing here changes them.
public enum SegmentDump {
    /// One batch of a `.log` file.
    public struct Batch: Sendable {
        /// Byte position in the file.
        public var position: Int64
        public var header: RecordBatchHeader
        /// The whole batch (header included).
        public var bytes: ByteBuffer
        /// Whether its CRC-32C matches.
        public var isValid: Bool
    }

    /// Calls `body` with each batch of the `.log` file at `path`, in file order, until the first bytes that are
    /// not a whole batch.
    /// - Returns: the number of bytes after the last whole batch (0 for an intact file).
    /// - Throws: `LogStorageError.io`.
    @discardableResult
    public static func forEachBatch(inLogFile path: String, _ body: (Batch) throws -> Void) throws -> Int64 {
        let file = try SegmentFile.open(path, writable: false)
        let size = try file.size()
        var reader = BatchReader(file: file, from: 0, end: size, chunkSize: 1 << 20)
        var valid: Int64 = 0
        while case let .batch(position, header) = try reader.next(validatingChecksum: false) {
            guard let bytes = try reader.batchBytes(at: position, size: header.totalSize) else { break }
            try body(Batch(position: position, header: header, bytes: bytes,
                           isValid: header.hasValidChecksum(in: bytes, at: bytes.readerIndex)))
            valid = position + Int64(header.totalSize)
        }
        return size - valid
    }

    /// The entries of an offset index file: each batch's offset relative to the segment's base, and its byte
    /// position in the `.log`. A trailing partial entry is ignored.
    /// - Throws: `LogStorageError.io`; a missing file reads as empty.
    public static func offsetIndexEntries(at path: String) throws -> [(relativeOffset: Int32, position: Int32)] {
        let bytes = try FileIO.readFile(path) ?? []
        return stride(from: 0, to: bytes.count - OffsetIndex.entrySize + 1, by: OffsetIndex.entrySize).map { at in
            (Int32(bitPattern: IndexBytes.uint32(bytes, at)), Int32(bitPattern: IndexBytes.uint32(bytes, at + 4)))
        }
    }

    /// The entries of a time index file: a timestamp and the relative offset of the batch that reached it.
    /// - Throws: `LogStorageError.io`; a missing file reads as empty.
    public static func timeIndexEntries(at path: String) throws -> [(timestamp: Int64, relativeOffset: Int32)] {
        let bytes = try FileIO.readFile(path) ?? []
        return stride(from: 0, to: bytes.count - TimeIndex.entrySize + 1, by: TimeIndex.entrySize).map { at in
            (Int64(bitPattern: IndexBytes.uint64(bytes, at)), Int32(bitPattern: IndexBytes.uint32(bytes, at + 8)))
        }
    }

    /// The base offset in a segment file's name (`<20 digits>.log`, `.index`, `.timeindex`), nil otherwise.
    public static func baseOffset(ofFileNamed name: String) -> Int64? {
        for suffix in [".log", ".index", ".timeindex"] {
            if let base = PartitionLog.baseOffset(fromFileName: name, suffix: suffix) { return base }
        }
        return nil
    }
}
