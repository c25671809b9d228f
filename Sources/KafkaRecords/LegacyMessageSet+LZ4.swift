import NIOCore

extension LegacyMessageSet {
    /// An lz4 payload of a magic 0 wrapper with its frame header checksum made right. Kafka 0.8–0.9 computed that
    /// checksum (one byte of XXH32 over the frame descriptor) over the frame's magic number too (KAFKA-3160), and
    /// clients writing magic 0 still do so for those brokers; Kafka reads magic 0 ignoring it. Rewriting it lets the
    /// strict lz4 frame decoder read both spellings. Bytes that are not an lz4 frame header are returned unchanged
    /// (the decoder then refuses them).
    static func repairingLZ4HeaderChecksum(_ payload: ByteBuffer) -> ByteBuffer {
        let start = payload.readerIndex
        guard payload.getInteger(at: start, endianness: .little, as: UInt32.self) == 0x184D_2204,
            let flags = payload.getInteger(at: start + 4, as: UInt8.self)
        else { return payload }
        // FLG, BD, then the content size (FLG bit 3) and the dictionary id (FLG bit 0) when present.
        let descriptorLength = 2 + (flags & 0x08 != 0 ? 8 : 0) + (flags & 0x01 != 0 ? 4 : 0)
        guard let descriptor = payload.getBytes(at: start + 4, length: descriptorLength),
            payload.readableBytes > 4 + descriptorLength
        else { return payload }
        var repaired = payload
        repaired.setInteger(UInt8(truncatingIfNeeded: xxh32(descriptor) >> 8), at: start + 4 + descriptorLength)
        return repaired
    }

    /// XXH32 with seed 0 of fewer than 16 bytes (a frame descriptor is at most 14), the only lengths needed here.
    public static func xxh32(_ bytes: [UInt8]) -> UInt32 {
        let prime1: UInt32 = 2_654_435_761, prime2: UInt32 = 2_246_822_519, prime3: UInt32 = 3_266_489_917
        let prime4: UInt32 = 668_265_263, prime5: UInt32 = 374_761_393
        func rotateLeft(_ value: UInt32, _ count: UInt32) -> UInt32 { value << count | value >> (32 - count) }
        var hash = prime5 &+ UInt32(truncatingIfNeeded: bytes.count)
        var index = 0
        while bytes.count - index >= 4 {
            let word = UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16
                | UInt32(bytes[index + 3]) << 24
            hash = rotateLeft(hash &+ word &* prime3, 17) &* prime4
            index += 4
        }
        while index < bytes.count {
            hash = rotateLeft(hash &+ UInt32(bytes[index]) &* prime5, 11) &* prime1
            index += 1
        }
        hash ^= hash >> 15
        hash = hash &* prime2
        hash ^= hash >> 13
        hash = hash &* prime3
        hash ^= hash >> 16
        return hash
    }
}
