import KafkaProtocol
import NIOCore
import Testing

@Suite struct PrimitiveCodingTests {
    private func bytes(_ write: (inout ByteBuffer) -> Void) -> [UInt8] {
        var buffer = ByteBuffer()
        write(&buffer)
        return buffer.getBytes(at: 0, length: buffer.readableBytes)!
    }

    @Test func unsignedVarintsUseSevenBitGroupsLowFirst() throws {
        #expect(bytes { $0.writeUnsignedVarint(0) } == [0x00])
        #expect(bytes { $0.writeUnsignedVarint(127) } == [0x7F])
        #expect(bytes { $0.writeUnsignedVarint(300) } == [0xAC, 0x02])
        #expect(bytes { $0.writeUnsignedVarint(UInt32.max) } == [0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
        for value: UInt32 in [0, 1, 127, 128, 16_383, 16_384, 1 << 28, UInt32.max] {
            var buffer = ByteBuffer()
            buffer.writeUnsignedVarint(value)
            #expect(try buffer.readUnsignedVarint() == value)
        }
    }

    @Test func signedVarintsAreZigZagEncoded() throws {
        #expect(bytes { $0.writeVarint(0) } == [0x00])
        #expect(bytes { $0.writeVarint(-1) } == [0x01])
        #expect(bytes { $0.writeVarint(1) } == [0x02])
        #expect(bytes { $0.writeVarint(-64) } == [0x7F])
        #expect(bytes { $0.writeVarint(64) } == [0x80, 0x01])
        for value: Int32 in [0, -1, 1, Int32.min, Int32.max, -300, 300] {
            var buffer = ByteBuffer()
            buffer.writeVarint(value)
            #expect(try buffer.readVarint() == value)
        }
        for value: Int64 in [0, -1, Int64.min, Int64.max, 1 << 40] {
            var buffer = ByteBuffer()
            buffer.writeVarlong(value)
            #expect(try buffer.readVarlong() == value)
        }
    }

    @Test func overlongAndTruncatedVarintsThrow() {
        var tooLong = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        #expect(throws: KafkaProtocolError.malformedVarint) { try tooLong.readUnsignedVarint() }
        var tooLarge = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0x1F])
        #expect(throws: KafkaProtocolError.malformedVarint) { try tooLarge.readUnsignedVarint() }
        var truncated = ByteBuffer(bytes: [0x80, 0x80])
        #expect(throws: KafkaProtocolError.truncated(needed: 1, available: 0)) { try truncated.readUnsignedVarint() }
        var longTooLong = ByteBuffer(bytes: [UInt8](repeating: 0xFF, count: 10) + [0x01])
        #expect(throws: KafkaProtocolError.malformedVarint) { try longTooLong.readUnsignedVarlong() }
    }

    @Test func stringsClassicAndCompact() throws {
        #expect(bytes { $0.writeKafkaString("ab", compact: false) } == [0x00, 0x02, 0x61, 0x62])
        #expect(bytes { $0.writeKafkaString("ab", compact: true) } == [0x03, 0x61, 0x62])
        #expect(bytes { $0.writeKafkaNullableString(nil, compact: false) } == [0xFF, 0xFF])
        #expect(bytes { $0.writeKafkaNullableString(nil, compact: true) } == [0x00])
        var buffer = ByteBuffer(bytes: [0x00, 0x02, 0x61, 0x62, 0x03, 0x63, 0x64, 0x00, 0xFF, 0xFF])
        #expect(try buffer.readKafkaString(compact: false) == "ab")
        #expect(try buffer.readKafkaString(compact: true) == "cd")
        #expect(try buffer.readKafkaNullableString(compact: true) == nil)
        #expect(throws: KafkaProtocolError.unexpectedNull) { try buffer.readKafkaString(compact: false) }
    }

    @Test func lengthsBeyondTheBufferOrNegativeThrow() {
        var tooLong = ByteBuffer(bytes: [0x00, 0x05, 0x61])
        #expect(throws: KafkaProtocolError.invalidLength(5, available: 1)) { try tooLong.readKafkaString(compact: false) }
        var negative = ByteBuffer(bytes: [0xFF, 0xFE])
        #expect(throws: KafkaProtocolError.invalidLength(-2, available: 0)) { try negative.readKafkaString(compact: false) }
        var hugeBytes = ByteBuffer(bytes: [0x7F, 0xFF, 0xFF, 0xFF, 0x00])
        #expect(throws: KafkaProtocolError.invalidLength(Int64(Int32.max), available: 1)) {
            try hugeBytes.readKafkaBytes(compact: false)
        }
        var negativeArray = ByteBuffer(bytes: [0x80, 0x00, 0x00, 0x00])
        #expect(throws: KafkaProtocolError.invalidLength(Int64(Int32.min), available: 0)) {
            try negativeArray.readKafkaArray(compact: false) { try $0.readKafkaInteger(as: Int8.self) }
        }
    }

    @Test func bytesAndArrays() throws {
        let payload = ByteBuffer(bytes: [1, 2, 3])
        #expect(bytes { $0.writeKafkaBytes(payload, compact: false) } == [0, 0, 0, 3, 1, 2, 3])
        #expect(bytes { $0.writeKafkaBytes(payload, compact: true) } == [4, 1, 2, 3])
        #expect(bytes { $0.writeKafkaNullableBytes(nil, compact: false) } == [0xFF, 0xFF, 0xFF, 0xFF])
        let array: [Int16] = [7, 8]
        let classic = bytes { $0.writeKafkaArray(array, compact: false) { $1.writeKafkaInteger($0) } }
        #expect(classic == [0, 0, 0, 2, 0, 7, 0, 8])
        let compact = bytes { $0.writeKafkaNullableArray(array, compact: true) { $1.writeKafkaInteger($0) } }
        #expect(compact == [3, 0, 7, 0, 8])
        var reading = ByteBuffer(bytes: compact + [0])
        #expect(try reading.readKafkaArray(compact: true) { try $0.readKafkaInteger(as: Int16.self) } == array)
        #expect(try reading.readKafkaNullableArray(compact: true) { try $0.readKafkaInteger(as: Int16.self) } == nil)
    }

    @Test func fixedWidthValues() throws {
        let uuid = KafkaUUID(mostSignificantBits: 0x0011_2233_4455_6677, leastSignificantBits: 0x8899_AABB_CCDD_EEFF)
        var buffer = ByteBuffer()
        buffer.writeKafkaUUID(uuid)
        buffer.writeKafkaBool(true)
        buffer.writeKafkaFloat64(2.5)
        buffer.writeKafkaInteger(UInt32.max)
        #expect(buffer.readableBytes == 16 + 1 + 8 + 4)
        #expect(try buffer.readKafkaUUID() == uuid)
        #expect(try buffer.readKafkaBool())
        #expect(try buffer.readKafkaFloat64() == 2.5)
        #expect(try buffer.readKafkaInteger(as: UInt32.self) == UInt32.max)
        #expect(throws: KafkaProtocolError.truncated(needed: 8, available: 0)) { try buffer.readKafkaInteger(as: Int64.self) }
        #expect(uuid.description == "00112233-4455-6677-8899-aabbccddeeff")
    }

    @Test func taggedFieldSections() throws {
        var buffer = ByteBuffer()
        buffer.writeTaggedFields([
            TaggedField(tag: 0, data: ByteBuffer(bytes: [9])), TaggedField(tag: 300, data: ByteBuffer()),
        ])
        #expect(buffer.getBytes(at: 0, length: buffer.readableBytes) == [2, 0, 1, 9, 0xAC, 0x02, 0])
        let fields = try buffer.readTaggedFields()
        #expect(fields.map(\.tag) == [0, 300])
        var oversized = ByteBuffer(bytes: [1, 0, 5, 1])
        #expect(throws: KafkaProtocolError.invalidLength(5, available: 1)) { try oversized.readTaggedFields() }
    }

    @Test func errorCodesKnowKafkasNames() {
        #expect(KafkaErrorCode.notLeaderOrFollower.rawValue == 6)
        #expect(KafkaErrorCode.unknownServerError.rawValue == -1)
        #expect(KafkaErrorCode(rawValue: 82) == .fencedInstanceId)
        #expect(KafkaErrorCode.invalidUpdateVersion.name == "INVALID_UPDATE_VERSION")
        #expect(KafkaErrorCode(rawValue: 30_000).name == "UNKNOWN(30000)")
        let required: [Int16] = [-1, 0, 1, 2, 3, 5, 6, 7, 10, 11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 25, 27, 32, 35,
                                 36, 37, 38, 39, 40, 41, 42, 44, 45, 46, 47, 56, 59, 60, 69, 74, 75, 77, 79, 80, 81,
                                 82, 83, 84, 85, 87, 95]
        for code in required {
            #expect(KafkaErrorCode(rawValue: code).isKnown, "\(code)")
        }
    }
}

/// A response echoes request strings; one longer than an int16 length can carry must not trap the broker.
@Suite struct OversizedStringTests {
    @Test func aStringTooLongForAnInt16LengthIsCutAtAWholeCharacter() throws {
        // Invalid UTF-8 read from a request becomes U+FFFD (3 bytes each): 20,000 of them are 60,000 bytes.
        let echoed = String(repeating: "\u{FFFD}", count: 20_000)
        var buffer = ByteBuffer()
        buffer.writeKafkaString(echoed, compact: false)
        let read = try buffer.readKafkaNullableString(compact: false)
        #expect(read == String(repeating: "\u{FFFD}", count: 10_922), "32,766 bytes: the whole characters that fit")
        #expect(buffer.readableBytes == 0)

        var compact = ByteBuffer()
        compact.writeKafkaString(echoed, compact: true)
        #expect(try compact.readKafkaNullableString(compact: true) == echoed, "compact strings carry any length")
    }
}
