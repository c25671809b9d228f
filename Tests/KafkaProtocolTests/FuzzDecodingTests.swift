import KafkaProtocol
import NIOCore
import Testing

/// Hostile input must make decoders throw, never trap.
@Suite struct FuzzDecodingTests {
    /// A small deterministic generator, so a failure reproduces.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func everyStrictPrefixOfAValidMessageThrows() {
        for type in MessageSamples.all {
            checkPrefixes(type)
        }
    }

    private func checkPrefixes<Message: SampledMessage>(_ type: Message.Type) {
        for version in Message.versions {
            let bytes = Message.sample(version: version).encoded(version: version)
            // Decoding reads every byte written, so any shorter prefix lacks something it needs.
            let step = max(1, bytes.readableBytes / 64)
            for length in stride(from: 0, to: bytes.readableBytes, by: step) {
                let prefix = bytes.getSlice(at: bytes.readerIndex, length: length)!
                #expect(throws: KafkaProtocolError.self, "\(Message.self) v\(version) prefix \(length)") {
                    try Message(decoding: prefix, version: version)
                }
            }
        }
    }

    @Test func mutatedAndRandomBytesNeverCrash() {
        var random = SplitMix(state: 42)
        var decodedCount = 0
        for type in MessageSamples.all {
            decodedCount += mutate(type, random: &random)
        }
        // Some mutations only touch values, so a fair share still decodes; most of them must be exercised.
        #expect(decodedCount > 0)
    }

    private func mutate<Message: SampledMessage>(_ type: Message.Type, random: inout SplitMix) -> Int {
        var decoded = 0
        for version in Message.versions {
            let original = Message.sample(version: version).encoded(version: version)
            for round in 0..<40 {
                var bytes: [UInt8]
                if round < 30 {
                    bytes = original.getBytes(at: original.readerIndex, length: original.readableBytes)!
                    for _ in 0..<Int.random(in: 1...4, using: &random) where !bytes.isEmpty {
                        let index = Int.random(in: 0..<bytes.count, using: &random)
                        // Favour length-like values: 0xFF bytes make huge or negative lengths.
                        bytes[index] = Bool.random(using: &random) ? 0xFF : UInt8.random(in: 0...255, using: &random)
                    }
                } else {
                    bytes = (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                }
                if let message = try? Message(decoding: ByteBuffer(bytes: bytes), version: version) {
                    decoded += 1
                    _ = message.encoded(version: version)
                }
            }
        }
        return decoded
    }

    @Test func absurdArrayCountIsRejectedBeforeAllocating() {
        // MetadataRequest v1: topics array with count 0x7FFFFFFF and nothing after it.
        let bytes = ByteBuffer(bytes: [0x7F, 0xFF, 0xFF, 0xFF])
        #expect(throws: KafkaProtocolError.invalidLength(0x7FFF_FFFF, available: 0)) {
            try MetadataRequest(decoding: bytes, version: 1)
        }
    }

    @Test func nullWhereTheVersionForbidsItIsRejected() throws {
        // MetadataRequest topics became nullable in v1; at v0 a -1 count is malformed.
        let bytes = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(throws: KafkaProtocolError.unexpectedNull) { try MetadataRequest(decoding: bytes, version: 0) }
        #expect(try MetadataRequest(decoding: bytes, version: 1).topics == nil)
    }

    /// 4 KiB in memory, however few bytes it would take on the wire.
    struct LargeElement {
        typealias Words8 = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
        typealias Words64 = (Words8, Words8, Words8, Words8, Words8, Words8, Words8, Words8)
        var words: (Words64, Words64, Words64, Words64, Words64, Words64, Words64, Words64)
    }
    struct StopReading: Error {}

    @Test func arrayCountDoesNotReserveFarMoreMemoryThanTheBytesLeft() throws {
        // A count of 64 Mi with 64 MiB behind it passes the bytes-left check, but reserving 64 Mi elements of
        // 4 KiB asked for 256 GiB up front: "failed to allocate 274877906976 bytes", a trap (under the kernel's
        // default overcommit heuristic). Generated structs are smaller, but a frame of up to
        // socket.request.max.bytes (100 MiB) still reserved gigabytes before decoding one element. Seen while
        // writing the fuzzer, whose small inputs cannot cross its malloc limit this way.
        let count = 64 << 20
        var bytes = ByteBuffer()
        bytes.writeInteger(Int32(count))
        bytes.writeRepeatingByte(0, count: count)
        #expect(throws: StopReading.self) {
            _ = try bytes.readKafkaArray(compact: false) { (_: inout ByteBuffer) throws -> LargeElement in
                throw StopReading()
            }
        }
    }
}
