/// Kafka's `uuid` wire type (topic ids and similar): 16 bytes, most significant half first.
public struct KafkaUUID: Hashable, Sendable, CustomStringConvertible {
    public var mostSignificantBits: UInt64
    public var leastSignificantBits: UInt64

    public init(mostSignificantBits: UInt64, leastSignificantBits: UInt64) {
        self.mostSignificantBits = mostSignificantBits
        self.leastSignificantBits = leastSignificantBits
    }

    /// The all-zero id, which Kafka uses for "no id".
    public static let zero = KafkaUUID(mostSignificantBits: 0, leastSignificantBits: 0)

    /// A random version-4 UUID.
    public static func random() -> KafkaUUID {
        var generator = SystemRandomNumberGenerator()
        let high = (generator.next() & ~0xF000) | 0x4000
        let low = (generator.next() & ~(0xC000 << 48)) | (0x8000 << 48)
        return KafkaUUID(mostSignificantBits: high, leastSignificantBits: low)
    }

    /// The standard 8-4-4-4-12 hexadecimal form.
    public var description: String {
        func hex(_ value: UInt64, digits: Int) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: digits - text.count) + text
        }
        let high = mostSignificantBits, low = leastSignificantBits
        return hex(high >> 32, digits: 8) + "-" + hex((high >> 16) & 0xFFFF, digits: 4) + "-"
            + hex(high & 0xFFFF, digits: 4) + "-" + hex(low >> 48, digits: 4) + "-"
            + hex(low & 0xFFFF_FFFF_FFFF, digits: 12)
    }

    /// Kafka's text form of an id (`Uuid.toString`): the 16 bytes in URL-safe base64 without padding.
    public var base64: String {
        let bytes = (0..<8).map { UInt8(truncatingIfNeeded: mostSignificantBits >> (56 - 8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: leastSignificantBits >> (56 - 8 * $0)) }
        var text = ""
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value = 0
            for byte in chunk { value = value << 8 | Int(byte) }
            value <<= 8 * (3 - chunk.count)
            for position in 0...chunk.count {
                text.append(Self.alphabet[(value >> (18 - 6 * position)) & 0x3F])
            }
            index += 3
        }
        return text
    }

    /// Parses Kafka's text form; nil unless it is 22 URL-safe base64 characters for 16 bytes.
    public init?(base64 text: String) {
        guard text.utf8.count == 22 else { return nil }
        var bits = 0, count = 0
        var bytes: [UInt8] = []
        for character in text {
            guard let value = Self.alphabet.firstIndex(of: character) else { return nil }
            bits = bits << 6 | value
            count += 6
            if count >= 8 {
                count -= 8
                bytes.append(UInt8(truncatingIfNeeded: bits >> count))
                bits &= (1 << count) - 1
            }
        }
        guard bytes.count == 16, bits == 0 else { return nil }
        self.init(mostSignificantBits: bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) },
                  leastSignificantBits: bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) })
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
}
