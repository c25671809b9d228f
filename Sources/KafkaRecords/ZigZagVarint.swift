import NIOCore

/// Zig-zag variable-length integers as record batches (magic 2) use them, like protobuf's sint32/sint64:
/// the value is mapped to unsigned by `(n << 1) ^ (n >> 63)` so small negative numbers stay short, then written
/// 7 bits at a time, least significant group first, with the high bit of each byte meaning "more follows".
/// A varint takes at most 5 bytes, a varlong at most 10.
public enum ZigZagVarint {
    /// Bytes `value` takes as a zig-zag varlong (the same as a varint for values that fit in 32 bits).
    @inlinable
    public static func encodedSize(of value: Int64) -> Int {
        var unsigned = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        var size = 1
        while unsigned >= 0x80 {
            unsigned >>= 7
            size += 1
        }
        return size
    }

    /// Appends `value` as a zig-zag varint.
    @inlinable
    public static func write(_ value: Int32, to buffer: inout ByteBuffer) {
        writeUnsigned(UInt64(UInt32(bitPattern: (value << 1) ^ (value >> 31))), to: &buffer)
    }

    /// Appends `value` as a zig-zag varlong.
    @inlinable
    public static func write(_ value: Int64, to buffer: inout ByteBuffer) {
        writeUnsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63)), to: &buffer)
    }

    @inlinable
    static func writeUnsigned(_ value: UInt64, to buffer: inout ByteBuffer) {
        var remaining = value
        while remaining >= 0x80 {
            buffer.writeInteger(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        buffer.writeInteger(UInt8(remaining))
    }

    /// Reads a zig-zag varint and moves the reader index past it.
    /// - Returns: nil (reader index unchanged) when the bytes end early or the varint is longer than 5 bytes.
    public static func readInt32(from buffer: inout ByteBuffer) -> Int32? {
        guard let (unsigned, length) = peekUnsigned(buffer, maxBytes: 5), unsigned <= UInt64(UInt32.max) else {
            return nil
        }
        buffer.moveReaderIndex(forwardBy: length)
        let raw = UInt32(unsigned)
        return Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// Reads a zig-zag varlong and moves the reader index past it.
    /// - Returns: nil (reader index unchanged) when the bytes end early or the varlong is longer than 10 bytes.
    public static func readInt64(from buffer: inout ByteBuffer) -> Int64? {
        guard let (unsigned, length) = peekUnsigned(buffer, maxBytes: 10) else { return nil }
        buffer.moveReaderIndex(forwardBy: length)
        return Int64(bitPattern: (unsigned >> 1) ^ (0 &- (unsigned & 1)))
    }

    private static func peekUnsigned(_ buffer: ByteBuffer, maxBytes: Int) -> (UInt64, Int)? {
        buffer.withUnsafeReadableBytes { bytes in
            var reader = RawReader(bytes)
            guard let value = try? reader.unsigned(maxBytes: maxBytes) else { return nil }
            return (value, reader.position)
        }
    }
}

/// A cursor over raw bytes for the record parsing hot path: no bounds are trusted, every read is checked.
struct RawReader {
    let bytes: UnsafeRawBufferPointer
    var position: Int

    init(_ bytes: UnsafeRawBufferPointer, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var remaining: Int { bytes.count - position }

    struct Failure: Error {
        let reason: String
    }

    @inline(__always)
    mutating func byte() throws(Failure) -> UInt8 {
        guard position < bytes.count else { throw Failure(reason: "unexpected end of record data") }
        let value = bytes[position]
        position += 1
        return value
    }

    @inline(__always)
    mutating func unsigned(maxBytes: Int) throws(Failure) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        for _ in 0..<maxBytes {
            let next = try byte()
            result |= UInt64(next & 0x7f) << shift
            if next < 0x80 { return result }
            shift += 7
        }
        throw Failure(reason: "varint longer than \(maxBytes) bytes")
    }

    @inline(__always)
    mutating func varint() throws(Failure) -> Int32 {
        let unsigned = try unsigned(maxBytes: 5)
        guard unsigned <= UInt64(UInt32.max) else { throw Failure(reason: "varint overflows 32 bits") }
        let raw = UInt32(truncatingIfNeeded: unsigned)
        return Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    @inline(__always)
    mutating func varlong() throws(Failure) -> Int64 {
        let unsigned = try unsigned(maxBytes: 10)
        return Int64(bitPattern: (unsigned >> 1) ^ (0 &- (unsigned & 1)))
    }

    /// Reads a varint length (-1 = null) and skips that many bytes.
    /// - Returns: the range of the bytes, nil for a null.
    @inline(__always)
    mutating func lengthPrefixed() throws(Failure) -> Range<Int>? {
        let length = try varint()
        if length == -1 { return nil }
        guard length >= 0 else { throw Failure(reason: "negative length \(length)") }
        guard Int(length) <= remaining else {
            throw Failure(reason: "length \(length) runs past the end of the record")
        }
        let start = position
        position += Int(length)
        return start..<position
    }
}
