import NIOCore

// Kafka's primitive wire types, big-endian throughout:
//   int8/16/32/64, uint32   fixed width, two's complement
//   unsigned varint         7 bits per byte, low group first, high bit = "more" (at most 5 bytes for 32 bits)
//   varint / varlong        zig-zag encoded, then as unsigned varint (at most 5 / 10 bytes)
//   bool                    one byte, non-zero = true
//   float64                 IEEE 754 bits as int64
//   uuid                    16 bytes
//   string                  int16 length + UTF-8; nullable: length -1 = null
//   compact string          unsigned varint (length + 1) + UTF-8; 0 = null
//   bytes                   int32 length + data; nullable: -1 = null; compact: unsigned varint (length + 1)
//   array                   int32 count (-1 = null), or compact: unsigned varint (count + 1), 0 = null
// Every reader throws `KafkaProtocolError` on truncated or absurd input and never traps.

extension ByteBuffer {
    // MARK: Fixed-width integers

    /// Reads a big-endian integer.
    /// - Throws: `KafkaProtocolError.truncated` when fewer than its size in bytes remain.
    @inlinable
    public mutating func readKafkaInteger<T: FixedWidthInteger>(as: T.Type = T.self) throws -> T {
        guard let value = readInteger(endianness: .big, as: T.self) else {
            throw KafkaProtocolError.truncated(needed: MemoryLayout<T>.size, available: readableBytes)
        }
        return value
    }

    /// Writes a big-endian integer.
    @inlinable
    public mutating func writeKafkaInteger<T: FixedWidthInteger>(_ value: T) {
        writeInteger(value, endianness: .big, as: T.self)
    }

    /// Reads a bool (one byte, non-zero is true).
    public mutating func readKafkaBool() throws -> Bool {
        try readKafkaInteger(as: UInt8.self) != 0
    }

    /// Writes a bool as one byte, 0 or 1.
    public mutating func writeKafkaBool(_ value: Bool) {
        writeInteger(value ? 1 : 0, as: UInt8.self)
    }

    /// Reads a float64 (IEEE 754 bits, big-endian).
    public mutating func readKafkaFloat64() throws -> Double {
        Double(bitPattern: try readKafkaInteger(as: UInt64.self))
    }

    /// Writes a float64.
    public mutating func writeKafkaFloat64(_ value: Double) {
        writeKafkaInteger(value.bitPattern)
    }

    /// Reads a 16-byte UUID.
    public mutating func readKafkaUUID() throws -> KafkaUUID {
        let high = try readKafkaInteger(as: UInt64.self)
        let low = try readKafkaInteger(as: UInt64.self)
        return KafkaUUID(mostSignificantBits: high, leastSignificantBits: low)
    }

    /// Writes a 16-byte UUID.
    public mutating func writeKafkaUUID(_ value: KafkaUUID) {
        writeKafkaInteger(value.mostSignificantBits)
        writeKafkaInteger(value.leastSignificantBits)
    }

    // MARK: Variable-length integers

    /// Reads an unsigned varint of at most 64 bits (10 bytes).
    public mutating func readUnsignedVarlong() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readKafkaInteger(as: UInt8.self)
            if shift == 63 && byte > 1 { throw KafkaProtocolError.malformedVarint }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw KafkaProtocolError.malformedVarint }
        }
    }

    /// Reads an unsigned varint of at most 32 bits (5 bytes).
    public mutating func readUnsignedVarint() throws -> UInt32 {
        var result: UInt32 = 0
        var shift: UInt32 = 0
        while true {
            let byte = try readKafkaInteger(as: UInt8.self)
            if shift == 28 && byte > 0x0F { throw KafkaProtocolError.malformedVarint }
            result |= UInt32(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 28 { throw KafkaProtocolError.malformedVarint }
        }
    }

    /// Writes an unsigned varint.
    public mutating func writeUnsignedVarlong(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            writeInteger(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        writeInteger(UInt8(remaining))
    }

    /// Writes an unsigned varint.
    public mutating func writeUnsignedVarint(_ value: UInt32) {
        writeUnsignedVarlong(UInt64(value))
    }

    /// Reads a zig-zag encoded 32-bit varint.
    public mutating func readVarint() throws -> Int32 {
        let raw = try readUnsignedVarint()
        return Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// Writes a zig-zag encoded 32-bit varint.
    public mutating func writeVarint(_ value: Int32) {
        writeUnsignedVarint(UInt32(bitPattern: (value << 1) ^ (value >> 31)))
    }

    /// Reads a zig-zag encoded 64-bit varlong.
    public mutating func readVarlong() throws -> Int64 {
        let raw = try readUnsignedVarlong()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// Writes a zig-zag encoded 64-bit varlong.
    public mutating func writeVarlong(_ value: Int64) {
        writeUnsignedVarlong(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// The size in bytes of `value` written as an unsigned varint.
    public static func unsignedVarintSize(_ value: UInt64) -> Int {
        var size = 1
        var remaining = value >> 7
        while remaining != 0 {
            size += 1
            remaining >>= 7
        }
        return size
    }

    // MARK: Lengths

    /// Reads a length prefix: int16 (`string`), int32 (`bytes`, arrays) or, when `compact`, an unsigned varint
    /// holding length + 1. Returns nil for the null marker.
    /// - Throws: `KafkaProtocolError.invalidLength` for negative lengths other than -1, and for lengths that
    ///   exceed the bytes left (each element takes at least one byte, so a count can never exceed them either).
    @usableFromInline
    mutating func readKafkaLength(compact: Bool, wide: Bool) throws -> Int? {
        let length: Int64
        if compact {
            length = Int64(try readUnsignedVarint()) - 1
        } else if wide {
            length = Int64(try readKafkaInteger(as: Int32.self))
        } else {
            length = Int64(try readKafkaInteger(as: Int16.self))
        }
        if length == -1 { return nil }
        guard length >= 0, length <= Int64(readableBytes) else {
            throw KafkaProtocolError.invalidLength(length, available: readableBytes)
        }
        return Int(length)
    }

    @usableFromInline
    mutating func writeKafkaLength(_ length: Int?, compact: Bool, wide: Bool) {
        if compact {
            writeUnsignedVarint(length.map { UInt32($0 + 1) } ?? 0)
        } else if wide {
            writeKafkaInteger(Int32(length ?? -1))
        } else {
            writeKafkaInteger(Int16(length ?? -1))
        }
    }

    // MARK: Strings

    /// Reads a nullable `string` (int16 length) or, when `compact`, a compact string.
    /// - Parameter allowNull: whether the field is nullable at this version.
    /// - Throws: `KafkaProtocolError.unexpectedNull` when null is read but not allowed.
    public mutating func readKafkaNullableString(compact: Bool, allowNull: Bool = true) throws -> String? {
        guard let length = try readKafkaLength(compact: compact, wide: false) else {
            if allowNull { return nil }
            throw KafkaProtocolError.unexpectedNull
        }
        return readString(length: length)!  // length <= readableBytes was checked
    }

    /// Reads a non-null `string` or compact string.
    public mutating func readKafkaString(compact: Bool) throws -> String {
        try readKafkaNullableString(compact: compact, allowNull: false)!
    }

    /// Writes a nullable `string` (int16 length) or compact string; nil becomes the null marker.
    public mutating func writeKafkaNullableString(_ value: String?, compact: Bool) {
        guard let value else {
            writeKafkaLength(nil, compact: compact, wide: false)
            return
        }
        let utf8 = value.utf8
        guard compact || utf8.count <= Int(Int16.max) else {
            // Only an echo of hostile input grows this long (invalid UTF-8 read from a request comes back as
            // 3-byte replacement characters): cut at the last whole character that fits the int16 length.
            var fitting = 0
            let scalars = value.unicodeScalars
            var end = scalars.startIndex
            while end < scalars.endIndex, fitting + UTF8.width(scalars[end]) <= Int(Int16.max) {
                fitting += UTF8.width(scalars[end])
                end = scalars.index(after: end)
            }
            let prefix = String(scalars[..<end])
            writeKafkaLength(prefix.utf8.count, compact: false, wide: false)
            writeString(prefix)
            return
        }
        writeKafkaLength(utf8.count, compact: compact, wide: false)
        writeString(value)
    }

    /// Writes a `string` or compact string.
    public mutating func writeKafkaString(_ value: String, compact: Bool) {
        writeKafkaNullableString(value, compact: compact)
    }

    // MARK: Bytes

    /// Reads nullable `bytes` (int32 length) or compact bytes, as a slice of this buffer (no copy).
    public mutating func readKafkaNullableBytes(compact: Bool, allowNull: Bool = true) throws -> ByteBuffer? {
        guard let length = try readKafkaLength(compact: compact, wide: true) else {
            if allowNull { return nil }
            throw KafkaProtocolError.unexpectedNull
        }
        return readSlice(length: length)!  // length <= readableBytes was checked
    }

    /// Reads non-null `bytes` or compact bytes.
    public mutating func readKafkaBytes(compact: Bool) throws -> ByteBuffer {
        try readKafkaNullableBytes(compact: compact, allowNull: false)!
    }

    /// Writes nullable `bytes` or compact bytes; nil becomes the null marker.
    public mutating func writeKafkaNullableBytes(_ value: ByteBuffer?, compact: Bool) {
        guard let value else {
            writeKafkaLength(nil, compact: compact, wide: true)
            return
        }
        writeKafkaLength(value.readableBytes, compact: compact, wide: true)
        writeImmutableBuffer(value)
    }

    /// Writes `bytes` or compact bytes.
    public mutating func writeKafkaBytes(_ value: ByteBuffer, compact: Bool) {
        writeKafkaNullableBytes(value, compact: compact)
    }

    // MARK: Arrays

    /// Reads a nullable array (int32 count, or compact count + 1), each element with `readElement`.
    public mutating func readKafkaNullableArray<Element>(
        compact: Bool, allowNull: Bool = true, _ readElement: (inout ByteBuffer) throws -> Element
    ) throws -> [Element]? {
        guard let count = try readKafkaLength(compact: compact, wide: true) else {
            if allowNull { return nil }
            throw KafkaProtocolError.unexpectedNull
        }
        var elements: [Element] = []
        // `count` is bounded by the bytes left, but an element in memory can be far larger than its smallest
        // encoding (a struct of strings and arrays against a byte or two), so reserving `count` elements up front
        // could ask for gigabytes from one 100 MiB frame. Reserve at most about as many bytes as remain; a longer
        // array grows as its elements actually decode.
        elements.reserveCapacity(Swift.min(count, Swift.max(16, readableBytes / MemoryLayout<Element>.stride)))
        for _ in 0..<count {
            elements.append(try readElement(&self))
        }
        return elements
    }

    /// Reads a non-null array.
    public mutating func readKafkaArray<Element>(
        compact: Bool, _ readElement: (inout ByteBuffer) throws -> Element
    ) throws -> [Element] {
        try readKafkaNullableArray(compact: compact, allowNull: false, readElement)!
    }

    /// Writes a nullable array; nil becomes the null marker.
    public mutating func writeKafkaNullableArray<Element>(
        _ elements: [Element]?, compact: Bool, _ writeElement: (Element, inout ByteBuffer) -> Void
    ) {
        guard let elements else {
            writeKafkaLength(nil, compact: compact, wide: true)
            return
        }
        writeKafkaLength(elements.count, compact: compact, wide: true)
        for element in elements {
            writeElement(element, &self)
        }
    }

    /// Writes a non-null array.
    public mutating func writeKafkaArray<Element>(
        _ elements: [Element], compact: Bool, _ writeElement: (Element, inout ByteBuffer) -> Void
    ) {
        writeKafkaNullableArray(elements, compact: compact, writeElement)
    }
}
