import NIOCore

// A tagged-field section ends every structure in a flexible message version:
//   unsigned varint count, then per field: unsigned varint tag, unsigned varint size, `size` bytes of data.
// Tags appear in ascending order. Readers skip tags they do not know; writers emit only fields whose value
// differs from the default.

/// One field of a tagged-field section, its data as a slice of the message.
public struct TaggedField: Hashable, Sendable {
    public var tag: UInt32
    public var data: ByteBuffer

    public init(tag: UInt32, data: ByteBuffer) {
        self.tag = tag
        self.data = data
    }
}

extension ByteBuffer {
    /// Reads a whole tagged-field section.
    /// - Throws: `KafkaProtocolError` when the section is truncated or a size exceeds the bytes left.
    public mutating func readTaggedFields() throws -> [TaggedField] {
        let count = try readUnsignedVarint()
        guard count <= readableBytes else {
            throw KafkaProtocolError.invalidLength(Int64(count), available: readableBytes)
        }
        var fields: [TaggedField] = []
        for _ in 0..<count {
            let tag = try readUnsignedVarint()
            let size = try readUnsignedVarint()
            guard size <= readableBytes else {
                throw KafkaProtocolError.invalidLength(Int64(size), available: readableBytes)
            }
            fields.append(TaggedField(tag: tag, data: readSlice(length: Int(size))!))
        }
        return fields
    }

    /// Writes a tagged-field section holding `fields` (which must be in ascending tag order).
    public mutating func writeTaggedFields(_ fields: [TaggedField]) {
        writeUnsignedVarint(UInt32(fields.count))
        for field in fields {
            writeUnsignedVarint(field.tag)
            writeUnsignedVarint(UInt32(field.data.readableBytes))
            writeImmutableBuffer(field.data)
        }
    }

    /// Writes an empty tagged-field section.
    public mutating func writeEmptyTaggedFields() {
        writeInteger(0, as: UInt8.self)
    }
}
