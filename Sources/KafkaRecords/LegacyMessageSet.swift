import CCodecs
import NIOCore

/// Kafka's message formats before record batches: magic 0 (Kafka 0.8–0.9) and magic 1 (0.10, adds a timestamp).
/// Produce v0–v2 may carry them and Fetch v0–v3 must answer in them; the log itself only ever holds magic 2.
///
/// A message set is entries back to back, each:
/// offset int64 · messageSize int32 · crc uint32 · magic int8 · attributes int8 · timestamp int64 (magic 1 only) ·
/// keyLength int32 (-1 = null) · key · valueLength int32 (-1 = null) · value.
/// `messageSize` counts the bytes from crc to the end; the CRC-32 (IEEE, as zlib computes it) covers magic…end.
/// Attributes bits 0–2 name the codec (0 none, 1 gzip, 2 snappy, 3 lz4), bit 3 (magic 1) LogAppendTime.
/// A compressed message is a wrapper: its value is the compressed bytes of a message set of uncompressed messages
/// of the same magic (one level only). Inner offsets are absolute in magic 0; in magic 1 they are relative (0, 1, …)
/// and the wrapper's offset is the absolute offset of its last inner message.
public enum LegacyMessageSet {
    /// offset + messageSize, before each message.
    public static let logOverhead = 12

    /// Bytes from crc to the value's length field, inclusive: the smallest message of that magic.
    public static func messageOverhead(magic: Int8) -> Int { magic == 0 ? 14 : 22 }

    /// One message as a producer sent it or a consumer reads it.
    public struct Message: Hashable, Sendable {
        public var offset: Int64
        /// -1 (no timestamp) in magic 0.
        public var timestamp: Int64
        public var key: ByteBuffer?
        public var value: ByteBuffer?

        public init(offset: Int64, timestamp: Int64, key: ByteBuffer?, value: ByteBuffer?) {
            self.offset = offset
            self.timestamp = timestamp
            self.key = key
            self.value = value
        }
    }

    /// The messages of a produced message set, wrappers expanded.
    public struct Decoded: Hashable, Sendable {
        public var magic: Int8
        /// The codec of the set's wrappers (the producer's compression), `.none` when no message was compressed.
        public var codec: CompressionCodec
        public var messages: [Message]
    }

    /// The magic of the first entry of `buffer`'s readable bytes, where both formats keep it (byte 16), or nil
    /// when the bytes are too short to say.
    public static func magic(of buffer: ByteBuffer) -> Int8? {
        buffer.getInteger(at: buffer.readerIndex + RecordBatchHeader.magicOffset, as: Int8.self)
    }

    /// Decodes a produced message set: every message's size and CRC checked, wrappers decompressed (together at
    /// most `decompressionLimit` bytes) and their inner messages checked the same way. Offsets are returned as sent,
    /// made absolute for the relative ones of magic 1 wrappers.
    /// - Throws: `.truncated` / `.batchLengthTooSmall` for sizes that do not fit, `.checksumMismatch`,
    ///   `.unsupportedMagic` for a magic other than 0 or 1 or a set mixing both, `.unsupportedCompression`,
    ///   the decompression errors, and `.malformedRecord` for a compressed message inside a wrapper, an inner magic
    ///   differing from its wrapper's, a null wrapper value or an empty set.
    public static func decode(
        _ buffer: ByteBuffer, decompressionLimit: Int = RecordCompression.defaultDecompressionLimit
    ) throws(RecordBatchError) -> Decoded {
        var messages: [Message] = []
        let shape = try forEachMessage(buffer, decompressionLimit: decompressionLimit) { messages.append($0) }
        return Decoded(magic: shape.magic, codec: shape.codec, messages: messages)
    }

    /// Converts a produced message set to one record batch (magic 2) with offsets 0, 1, …, compressed with the
    /// producer's codec, as Kafka's `LogValidator` does before appending: offsets are the broker's to assign,
    /// and magic 0 messages get no timestamp (-1). Messages go straight into the batch, never into an array: a
    /// small wrapper can hold millions of tiny messages.
    /// - Throws: what `decode` throws, and `.compressionFailed`.
    public static func convertToBatch(
        _ buffer: ByteBuffer, decompressionLimit: Int = RecordCompression.defaultDecompressionLimit
    ) throws(RecordBatchError) -> ByteBuffer {
        var builder = RecordBatchBuilder()
        let shape = try forEachMessage(buffer, decompressionLimit: decompressionLimit) { message in
            builder.append(key: message.key, value: message.value, timestamp: message.timestamp)
        }
        builder.compression = shape.codec
        return try builder.build()
    }

    /// Checks a produced message set and hands `body` each message in order, wrappers expanded (see `decode`).
    /// - Returns: the set's magic and the codec of its wrappers (`.none` when no message was compressed).
    /// - Throws: what `decode` throws; `body` may have seen some messages by then.
    static func forEachMessage(
        _ buffer: ByteBuffer, decompressionLimit: Int, _ body: (Message) -> Void
    ) throws(RecordBatchError) -> (magic: Int8, codec: CompressionCodec) {
        var setMagic: Int8?
        var codec = CompressionCodec.none
        var decompressed = 0
        var count = 0
        var outer = LegacyEntryReader(buffer)
        while let entry = try outer.next() {
            if setMagic == nil { setMagic = entry.magic }
            guard entry.magic == setMagic else { throw .unsupportedMagic(entry.magic) }
            guard entry.codec != .none else {
                body(entry.message)
                count += 1
                continue
            }
            codec = entry.codec
            guard let compressed = entry.message.value else {
                throw .malformedRecord(index: count, reason: "compressed wrapper message with a null value")
            }
            let payload = entry.magic == 0 && entry.codec == .lz4 ? repairingLZ4HeaderChecksum(compressed) : compressed
            let inner = try RecordCompression.decompress(
                payload, codec: entry.codec, limit: max(0, decompressionLimit - decompressed))
            decompressed += inner.readableBytes
            // First the whole wrapper is checked (and its last offset found), then its messages are handed on.
            var checking = LegacyEntryReader(inner)
            var lastInner: Int64?
            while let message = try checking.next() {
                guard message.codec == .none else {
                    throw .malformedRecord(index: count, reason: "compressed message nested in a wrapper")
                }
                guard message.magic == entry.magic else {
                    throw .malformedRecord(index: count,
                                           reason: "inner magic \(message.magic) in a magic \(entry.magic) wrapper")
                }
                lastInner = message.message.offset
            }
            guard let lastInner else {
                throw .malformedRecord(index: count, reason: "compressed wrapper without messages")
            }
            var reading = LegacyEntryReader(inner, verifyingChecksums: false)
            while let message = try reading.next() {
                var absolute = message.message
                if entry.magic >= 1 {
                    // Relative offsets: the wrapper's offset is the last one's. Wrapping arithmetic: a producer's
                    // offsets are replaced anyway, they only need not trap.
                    absolute.offset = entry.message.offset &- (lastInner &- absolute.offset)
                }
                body(absolute)
                count += 1
            }
        }
        guard let magic = setMagic, count > 0 else { throw .malformedRecord(index: 0, reason: "empty message set") }
        return (magic, codec)
    }

    /// Writes `messages` (offsets ascending) as a message set of `magic` 0 or 1. Uncompressed, each message is an
    /// entry of its own; compressed, they go into one wrapper whose timestamp is the largest one (or the append
    /// time). With LogAppendTime, magic 1 messages carry that time and the attribute bit.
    /// - Throws: `.compressionFailed`, `.unsupportedCompression` for zstd (no legacy format has it),
    ///   `.inconsistentOffsets` when a compressed magic 1 set's relative offsets do not fit.
    public static func write(
        _ messages: [Message], magic: Int8, codec: CompressionCodec, logAppendTime: Int64? = nil,
        into output: inout ByteBuffer
    ) throws(RecordBatchError) {
        guard codec != .zstd else { throw .unsupportedCompression(codec.rawValue) }
        guard let first = messages.first, let last = messages.last else { return }
        let timestampBit: Int8 = magic >= 1 && logAppendTime != nil ? 0x08 : 0
        if codec == .none {
            for message in messages {
                try writeMessage(offset: message.offset, magic: magic, attributes: timestampBit,
                                 timestamp: logAppendTime ?? message.timestamp, key: message.key,
                                 value: message.value, into: &output)
            }
            return
        }
        var inner = ByteBufferAllocator().buffer(capacity: 256)
        var maxTimestamp = Int64(-1)
        for message in messages {
            maxTimestamp = max(maxTimestamp, message.timestamp)
            // Magic 1 wrappers number their messages from 0; magic 0 ones keep absolute offsets.
            let (relative, overflow) = message.offset.subtractingReportingOverflow(first.offset)
            guard !overflow else { throw .inconsistentOffsets("offset \(message.offset) after \(first.offset)") }
            try writeMessage(offset: magic >= 1 ? relative : message.offset, magic: magic, attributes: timestampBit,
                             timestamp: logAppendTime ?? message.timestamp, key: message.key, value: message.value,
                             into: &inner)
        }
        let compressed = try RecordCompression.compress(inner, codec: codec)
        try writeMessage(offset: last.offset, magic: magic, attributes: timestampBit | Int8(codec.rawValue),
                         timestamp: logAppendTime ?? maxTimestamp, key: nil, value: compressed, into: &output)
    }

    /// Writes one entry: offset, size, CRC-32 over magic…end.
    /// - Throws: `.batchLengthTooSmall` (never in practice) when the message is larger than an int32 can say.
    static func writeMessage(
        offset: Int64, magic: Int8, attributes: Int8, timestamp: Int64, key: ByteBuffer?, value: ByteBuffer?,
        into output: inout ByteBuffer
    ) throws(RecordBatchError) {
        let start = output.writerIndex
        output.writeInteger(offset)
        output.writeInteger(Int32(0))  // messageSize, set below
        output.writeInteger(UInt32(0))  // crc, set below
        output.writeInteger(magic)
        output.writeInteger(attributes)
        if magic >= 1 { output.writeInteger(timestamp) }
        for bytes in [key, value] {
            if var bytes {
                output.writeInteger(Int32(truncatingIfNeeded: bytes.readableBytes))
                output.writeBuffer(&bytes)
            } else {
                output.writeInteger(Int32(-1))
            }
        }
        let size = output.writerIndex - start - logOverhead
        guard let wireSize = Int32(exactly: size) else {
            output.moveWriterIndex(to: start)
            throw .batchLengthTooSmall(-1)
        }
        output.setInteger(wireSize, at: start + 8)
        let crc = output.withUnsafeReadableBytes { bytes in
            checksum(UnsafeRawBufferPointer(rebasing: bytes[(start - output.readerIndex + 16)...]))
        }
        output.setInteger(crc, at: start + 12)
    }

    /// The CRC-32 (IEEE 802.3, zlib's) a legacy message carries over magic…end.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = crc32(0, nil, 0)
        var rest = bytes
        // zlib takes a 32-bit length; a message is never that large, but stay correct if one were.
        while !rest.isEmpty, let base = rest.baseAddress {
            let chunk = min(rest.count, Int(UInt32.max))
            crc = crc32(crc, base.assumingMemoryBound(to: Bytef.self), uInt(chunk))
            rest = UnsafeRawBufferPointer(rebasing: rest[chunk...])
        }
        return UInt32(truncatingIfNeeded: crc)
    }
}

/// Reads checked entries of one message set level, without copying key or value.
struct LegacyEntryReader {
    struct Entry {
        var magic: Int8
        var codec: CompressionCodec
        var message: LegacyMessageSet.Message
    }

    private let buffer: ByteBuffer
    private let verifyingChecksums: Bool
    private var index: Int

    /// - Parameter verifyingChecksums: false skips the CRC-32 (for bytes this reader already checked once).
    init(_ buffer: ByteBuffer, verifyingChecksums: Bool = true) {
        self.buffer = buffer
        self.verifyingChecksums = verifyingChecksums
        self.index = buffer.readerIndex
    }

    /// The next entry, or nil at the end of the bytes.
    /// - Throws: the size, CRC, magic and codec errors `LegacyMessageSet.decode` lists.
    mutating func next() throws(RecordBatchError) -> Entry? {
        let available = buffer.writerIndex - index
        guard available > 0 else { return nil }
        guard available >= LegacyMessageSet.logOverhead,
            let offset = buffer.getInteger(at: index, as: Int64.self),
            let size = buffer.getInteger(at: index + 8, as: Int32.self)
        else { throw .truncated(needed: LegacyMessageSet.logOverhead, available: available) }
        let start = index + LegacyMessageSet.logOverhead
        guard size >= 0, Int(size) <= available - LegacyMessageSet.logOverhead else {
            throw .truncated(needed: LegacyMessageSet.logOverhead + Int(max(size, 0)), available: available)
        }
        let end = start + Int(size)
        guard size >= 6, let storedCRC = buffer.getInteger(at: start, as: UInt32.self),
            let magic = buffer.getInteger(at: start + 4, as: Int8.self),
            let attributes = buffer.getInteger(at: start + 5, as: Int8.self)
        else { throw .batchLengthTooSmall(size) }
        guard magic == 0 || magic == 1 else { throw .unsupportedMagic(magic) }
        guard Int(size) >= LegacyMessageSet.messageOverhead(magic: magic) else { throw .batchLengthTooSmall(size) }
        if verifyingChecksums {
            let computed = buffer.withUnsafeReadableBytes { bytes in
                LegacyMessageSet.checksum(UnsafeRawBufferPointer(
                    rebasing: bytes[(start + 4 - buffer.readerIndex)..<(end - buffer.readerIndex)]))
            }
            guard computed == storedCRC else { throw .checksumMismatch(stored: storedCRC, computed: computed) }
        }
        let codecID = Int(attributes & 0x07)
        guard let codec = CompressionCodec(rawValue: codecID), codec != .zstd else {
            throw .unsupportedCompression(codecID)
        }
        var position = start + 6
        var timestamp = Int64(-1)
        if magic == 1 {
            timestamp = buffer.getInteger(at: position, as: Int64.self) ?? -1
            position += 8
        }
        let key = try lengthPrefixed(at: &position, end: end)
        let value = try lengthPrefixed(at: &position, end: end)
        guard position == end else {
            throw .malformedRecord(index: 0, reason: "message size \(size) does not match its key and value")
        }
        index = end
        return Entry(magic: magic, codec: codec,
                     message: .init(offset: offset, timestamp: timestamp, key: key, value: value))
    }

    /// An int32-length-prefixed byte field ending at or before `end`; -1 is null.
    private func lengthPrefixed(at position: inout Int, end: Int) throws(RecordBatchError) -> ByteBuffer? {
        guard end - position >= 4, let length = buffer.getInteger(at: position, as: Int32.self) else {
            throw .truncated(needed: 4, available: max(0, end - position))
        }
        position += 4
        if length == -1 { return nil }
        guard length >= 0, Int(length) <= end - position else {
            throw .truncated(needed: Int(length), available: end - position)
        }
        defer { position += Int(length) }
        return buffer.getSlice(at: position, length: Int(length))
    }
}
