import KafkaRecords
import NIOCore
import Testing

@Suite struct ZigZagVarintTests {
    // Protobuf's sint encodings: 0→00, -1→01, 1→02, -2→03, 63→7e, -64→7f, 64→8001, 300→d804.
    @Test(arguments: [
        (Int64(0), "00"), (-1, "01"), (1, "02"), (-2, "03"), (63, "7e"), (-64, "7f"), (64, "8001"), (300, "d804"),
        (Int64(Int32.max), "feffffff0f"), (Int64(Int32.min), "ffffffff0f"),
    ])
    func encodesKnownVarints(value: Int64, hex: String) {
        var buffer = ByteBuffer()
        ZigZagVarint.write(Int32(value), to: &buffer)
        #expect(hexString(buffer) == hex)
        #expect(ZigZagVarint.encodedSize(of: value) == hex.count / 2)
        #expect(ZigZagVarint.readInt32(from: &buffer) == Int32(value))
        #expect(buffer.readableBytes == 0)
    }

    @Test func roundTripsVarlongExtremes() {
        for value in [Int64.min, Int64.max, 0, -1, 1 << 40, -(1 << 40), 1_700_000_000_000] {
            var buffer = ByteBuffer()
            ZigZagVarint.write(value, to: &buffer)
            #expect(buffer.readableBytes == ZigZagVarint.encodedSize(of: value))
            #expect(ZigZagVarint.readInt64(from: &buffer) == value)
        }
        var longest = ByteBuffer()
        ZigZagVarint.write(Int64.min, to: &longest)
        #expect(longest.readableBytes == 10)
    }

    @Test func rejectsTruncatedAndOverlongVarints() {
        var truncated = buffer(hex: "80")
        #expect(ZigZagVarint.readInt32(from: &truncated) == nil)
        #expect(truncated.readerIndex == 0)
        var sixBytes = buffer(hex: "808080808001")
        #expect(ZigZagVarint.readInt32(from: &sixBytes) == nil)
        var elevenBytes = buffer(hex: "8080808080808080808001")
        #expect(ZigZagVarint.readInt64(from: &elevenBytes) == nil)
    }
}
