import NIOCore

// Kafka's classic (non-flexible) primitives as `__consumer_offsets` records use them: big-endian integers,
// strings with an int16 length (-1 = null), bytes with an int32 length.
extension ByteBuffer {
    /// Writes an int16-length string. Flexible request versions carry strings longer than an int16 length can
    /// describe; the coordinator refuses those it knows of (group ids, topic names, client ids), and anything
    /// that still gets here is cut at `Int16.max` bytes rather than trapping on `Int16(count)`.
    mutating func writeKafkaString(_ string: String) {
        let bytes = string.utf8.prefix(Int(Int16.max))
        writeInteger(Int16(bytes.count))
        writeBytes(bytes)
    }

    mutating func writeNullableKafkaString(_ string: String?) {
        guard let string else {
            writeInteger(Int16(-1))
            return
        }
        writeKafkaString(string)
    }

    mutating func writeKafkaBytes(_ bytes: ByteBuffer) {
        writeInteger(Int32(bytes.readableBytes))
        writeImmutableBuffer(bytes)
    }

    mutating func readKafkaInteger<T: FixedWidthInteger>(_ field: String, as: T.Type = T.self) throws -> T {
        guard let value = readInteger(as: T.self) else { throw OffsetsRecordError.truncated(field: field) }
        return value
    }

    mutating func readNullableKafkaString(_ field: String) throws -> String? {
        let length: Int16 = try readKafkaInteger(field)
        if length < 0 { return nil }
        guard let string = readString(length: Int(length)) else { throw OffsetsRecordError.truncated(field: field) }
        return string
    }

    mutating func readKafkaString(_ field: String) throws -> String {
        guard let string = try readNullableKafkaString(field) else {
            throw OffsetsRecordError.invalidLength(field: field, length: -1)
        }
        return string
    }

    /// Bytes with an int32 length; null reads as empty, as Kafka treats a null subscription or assignment.
    mutating func readKafkaBytes(_ field: String) throws -> ByteBuffer {
        let length: Int32 = try readKafkaInteger(field)
        if length < 0 { return ByteBuffer() }
        guard let bytes = readSlice(length: Int(length)) else { throw OffsetsRecordError.truncated(field: field) }
        return bytes
    }
}
