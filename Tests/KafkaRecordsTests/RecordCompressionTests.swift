import KafkaRecords
import NIOCore
import Testing

@Suite struct RecordCompressionTests {
    private let payload = ByteBuffer(bytes: (0..<200_000).map { UInt8(truncatingIfNeeded: ($0 * 7) % 97) })

    @Test(arguments: CompressionCodec.allCases)
    func roundTripsLargeAndEmptyPayloads(codec: CompressionCodec) throws {
        for input in [payload, ByteBuffer(), ByteBuffer(string: "x")] {
            let compressed = try RecordCompression.compress(input, codec: codec)
            #expect(try RecordCompression.decompress(compressed, codec: codec) == input)
        }
    }

    @Test func writesTheFramingsJavaReads() throws {
        let snappy = try RecordCompression.compress(payload, codec: .snappy)
        // snappy-java header: 0x82 "SNAPPY" 0, version 1, compatible 1.
        #expect(hexString(snappy.getSlice(at: 0, length: 16)!) == "82534e415050590000000001" + "00000001")
        // 200,000 bytes in 32 KiB blocks: 7 blocks.
        var position = 16
        var blocks = 0
        while position < snappy.writerIndex {
            position += 4 + Int(snappy.getInteger(at: position, as: Int32.self)!)
            blocks += 1
        }
        #expect(blocks == 7 && position == snappy.writerIndex)

        let gzip = try RecordCompression.compress(payload, codec: .gzip)
        #expect(hexString(gzip.getSlice(at: 0, length: 3)!) == "1f8b08")
        let lz4 = try RecordCompression.compress(payload, codec: .lz4)
        #expect(hexString(lz4.getSlice(at: 0, length: 4)!) == "04224d18")
        // FLG: version 01, block independence set; BD: 64 KiB blocks.
        #expect(lz4.getInteger(at: 4, as: UInt8.self)! & 0xe0 == 0x60)
        #expect(lz4.getInteger(at: 5, as: UInt8.self) == 0x40)
        let zstd = try RecordCompression.compress(payload, codec: .zstd)
        #expect(hexString(zstd.getSlice(at: 0, length: 4)!) == "28b52ffd")
    }

    @Test func readsConcatenatedGzipMembersAndXerialStreams() throws {
        let half = payload.getSlice(at: 0, length: 100_000)!
        let rest = payload.getSlice(at: 100_000, length: 100_000)!
        for codec in [CompressionCodec.gzip, .snappy, .zstd, .lz4] {
            var joined = try RecordCompression.compress(half, codec: codec)
            var second = try RecordCompression.compress(rest, codec: codec)
            joined.writeBuffer(&second)
            #expect(try RecordCompression.decompress(joined, codec: codec) == payload, "\(codec)")
        }
    }

    @Test(arguments: [CompressionCodec.gzip, .snappy, .lz4, .zstd])
    func truncatedPayloadFails(codec: CompressionCodec) throws {
        let compressed = try RecordCompression.compress(payload, codec: codec)
        for length in [0, 5, compressed.readableBytes / 2, compressed.readableBytes - 1] {
            let cut = compressed.getSlice(at: 0, length: length)!
            // Raw snappy has no framing to cut: an empty input is a valid empty payload there.
            if codec == .snappy && length == 0 { continue }
            #expect(throws: RecordBatchError.self, "\(codec) cut to \(length)") {
                try RecordCompression.decompress(cut, codec: codec)
            }
        }
    }

    @Test func limitIsExactNotApproximate() throws {
        for codec in CompressionCodec.allCases {
            let compressed = try RecordCompression.compress(payload, codec: codec)
            #expect(try RecordCompression.decompress(compressed, codec: codec, limit: 200_000).readableBytes == 200_000)
            #expect(throws: RecordBatchError.decompressedSizeExceedsLimit(codec, limit: 199_999)) {
                try RecordCompression.decompress(compressed, codec: codec, limit: 199_999)
            }
        }
    }
}
