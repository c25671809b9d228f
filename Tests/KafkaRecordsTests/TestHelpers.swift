import KafkaRecords
import NIOCore

/// Bytes from a hex string (whitespace ignored).
func bytes(hex: String) -> [UInt8] {
    let digits = hex.filter { !$0.isWhitespace }.utf8.map { character -> UInt8 in
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        default: character - UInt8(ascii: "A") + 10
        }
    }
    return stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
}

func buffer(hex: String) -> ByteBuffer { ByteBuffer(bytes: bytes(hex: hex)) }

func hexString(_ buffer: ByteBuffer) -> String {
    buffer.readableBytesView.map { byte in
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }.joined()
}

/// A deterministic pseudo-random generator (xorshift), so failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}

extension ByteBuffer {
    init(_ string: String) { self.init(string: string) }
}

/// A few records with the shapes that matter: keys, a null key, a null value, an empty value, headers
/// (one with a null value), timestamps out of order, a value larger than one compression block.
func sampleRecords(baseOffset: Int64 = 0, baseTimestamp: Int64 = 1_700_000_000_000) -> [Record] {
    [
        Record(offset: baseOffset, timestamp: baseTimestamp, key: ByteBuffer("k0"), value: ByteBuffer("hello")),
        Record(offset: baseOffset + 1, timestamp: baseTimestamp + 5, key: nil, value: ByteBuffer("no key")),
        Record(
            offset: baseOffset + 2, timestamp: baseTimestamp - 3, key: ByteBuffer("tombstone"), value: nil,
            headers: [RecordHeader(key: "h1", value: ByteBuffer("v1")), RecordHeader(key: "ünï", value: nil)]),
        Record(offset: baseOffset + 3, timestamp: baseTimestamp + 100, key: ByteBuffer(""), value: ByteBuffer("")),
        Record(
            offset: baseOffset + 4, timestamp: baseTimestamp + 7, key: ByteBuffer("big"),
            value: ByteBuffer(bytes: (0..<70_000).map { UInt8(truncatingIfNeeded: $0 % 251) }),
            headers: [RecordHeader(key: "", value: ByteBuffer(""))]),
    ]
}

func makeBatch(
    _ records: [Record], baseOffset: Int64 = 0, compression: CompressionCodec = .none,
    configure: (inout RecordBatchBuilder) -> Void = { _ in }
) throws -> ByteBuffer {
    var builder = RecordBatchBuilder(baseOffset: baseOffset, compression: compression)
    configure(&builder)
    for record in records { try builder.append(record) }
    return try builder.build()
}
