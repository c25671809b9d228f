import CRC32C
import KafkaModel
import NIOCore

/// The fixed 61-byte header of a record batch (magic 2), read in place from a `ByteBuffer`.
///
/// Layout (big-endian): baseOffset int64 @0 · batchLength int32 @8 (bytes after this field) ·
/// partitionLeaderEpoch int32 @12 · magic int8 @16 · crc uint32 @17 · attributes int16 @21 ·
/// lastOffsetDelta int32 @23 · baseTimestamp int64 @27 · maxTimestamp int64 @35 · producerId int64 @43 ·
/// producerEpoch int16 @51 · baseSequence int32 @53 · recordCount int32 @57 · records @61.
/// The CRC-32C covers everything from `attributes` to the end of the batch, so the leader can stamp
/// `baseOffset` and `partitionLeaderEpoch` without recomputing it.
public struct RecordBatchHeader: Hashable, Sendable {
    public static let size = 61
    /// Bytes before `batchLength`'s coverage starts: baseOffset + batchLength.
    public static let logOverhead = 12
    public static let magicOffset = 16
    public static let crcOffset = 17
    public static let attributesOffset = 21

    public var baseOffset: Int64
    public var batchLength: Int32
    public var partitionLeaderEpoch: Int32
    public var magic: Int8
    public var crc: UInt32
    public var attributes: Int16
    public var lastOffsetDelta: Int32
    public var baseTimestamp: Int64
    public var maxTimestamp: Int64
    public var producerID: Int64
    public var producerEpoch: Int16
    public var baseSequence: Int32
    public var recordCount: Int32

    /// Total bytes of the batch on the wire and on disk.
    public var totalSize: Int { Int(batchLength) + Self.logOverhead }
    /// The offset of the last record: `baseOffset + lastOffsetDelta`. Both come from the wire or the disk, so
    /// the sum saturates at `Int64.min`/`Int64.max` instead of trapping; `hasValidOffsetRange` tells whether it
    /// is real, and every path that takes batches in (produce, replication, recovery) refuses those where not.
    public var lastOffset: Int64 {
        let (sum, overflow) = baseOffset.addingReportingOverflow(Int64(lastOffsetDelta))
        return overflow ? (lastOffsetDelta > 0 ? .max : .min) : sum
    }
    /// The offset after the batch, which is what a log end offset or high watermark points at (saturating,
    /// like `lastOffset`).
    public var nextOffset: Int64 { lastOffset == .max ? .max : lastOffset + 1 }
    /// Whether the batch's offsets form a usable range: a non-negative base offset and `lastOffsetDelta`, and a
    /// next offset (`baseOffset + lastOffsetDelta + 1`) that fits in an Int64.
    public var hasValidOffsetRange: Bool {
        guard baseOffset >= 0, lastOffsetDelta >= 0 else { return false }
        return baseOffset <= Int64.max - Int64(lastOffsetDelta) - 1
    }
    public var compression: CompressionCodec? { CompressionCodec(rawValue: Int(attributes & 0x7)) }
    public var isLogAppendTime: Bool { attributes & 0x8 != 0 }
    public var isTransactional: Bool { attributes & 0x10 != 0 }
    public var isControl: Bool { attributes & 0x20 != 0 }
    public var hasProducerID: Bool { producerID >= 0 }

    /// Reads a header at `index` without moving the reader index.
    /// Returns nil when fewer than 61 bytes are readable there.
    public init?(from buffer: ByteBuffer, at index: Int) {
        guard index >= buffer.readerIndex, buffer.writerIndex - index >= Self.size,
            let baseOffset = buffer.getInteger(at: index, as: Int64.self),
            let batchLength = buffer.getInteger(at: index + 8, as: Int32.self),
            let leaderEpoch = buffer.getInteger(at: index + 12, as: Int32.self),
            let magic = buffer.getInteger(at: index + 16, as: Int8.self),
            let crc = buffer.getInteger(at: index + 17, as: UInt32.self),
            let attributes = buffer.getInteger(at: index + 21, as: Int16.self),
            let lastOffsetDelta = buffer.getInteger(at: index + 23, as: Int32.self),
            let baseTimestamp = buffer.getInteger(at: index + 27, as: Int64.self),
            let maxTimestamp = buffer.getInteger(at: index + 35, as: Int64.self),
            let producerID = buffer.getInteger(at: index + 43, as: Int64.self),
            let producerEpoch = buffer.getInteger(at: index + 51, as: Int16.self),
            let baseSequence = buffer.getInteger(at: index + 53, as: Int32.self),
            let recordCount = buffer.getInteger(at: index + 57, as: Int32.self)
        else { return nil }
        self.baseOffset = baseOffset
        self.batchLength = batchLength
        self.partitionLeaderEpoch = leaderEpoch
        self.magic = magic
        self.crc = crc
        self.attributes = attributes
        self.lastOffsetDelta = lastOffsetDelta
        self.baseTimestamp = baseTimestamp
        self.maxTimestamp = maxTimestamp
        self.producerID = producerID
        self.producerEpoch = producerEpoch
        self.baseSequence = baseSequence
        self.recordCount = recordCount
    }

    /// Checks the CRC-32C of the whole batch that starts at `index` (header included).
    /// False when the batch is not entirely readable or the checksum differs.
    public func hasValidChecksum(in buffer: ByteBuffer, at index: Int) -> Bool {
        let start = index + Self.attributesOffset
        let end = index + totalSize
        guard batchLength >= Int32(Self.size - Self.logOverhead), end <= buffer.writerIndex else { return false }
        let computed = buffer.withUnsafeReadableBytes { raw -> UInt32 in
            let base = raw.baseAddress! + (start - buffer.readerIndex)
            return tributary_crc32c_extend(0, base, end - start)
        }
        return computed == crc
    }
}

/// Bits 0–2 of a batch's attributes.
public enum CompressionCodec: Int, Sendable, CaseIterable, CustomStringConvertible {
    case none = 0, gzip = 1, snappy = 2, lz4 = 3, zstd = 4

    public var description: String {
        switch self {
        case .none: "none"
        case .gzip: "gzip"
        case .snappy: "snappy"
        case .lz4: "lz4"
        case .zstd: "zstd"
        }
    }
}

/// CRC-32C over arbitrary bytes (hardware instruction when available).
public enum CRC32CChecksum {
    public static func compute(_ bytes: UnsafeRawBufferPointer, extending crc: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress else { return crc }
        return tributary_crc32c_extend(crc, base, bytes.count)
    }

    public static func compute(_ buffer: ByteBuffer) -> UInt32 {
        buffer.withUnsafeReadableBytes { compute($0) }
    }

    /// The table-driven (slicing-by-8) computation, whatever the CPU offers; for tests and benchmarks.
    public static func computePortable(_ bytes: UnsafeRawBufferPointer, extending crc: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress else { return crc }
        return tributary_crc32c_extend_portable(crc, base, bytes.count)
    }

    /// True when the SSE4.2 `crc32` instruction is used.
    public static var usesHardware: Bool { tributary_crc32c_is_hardware() != 0 }
}
