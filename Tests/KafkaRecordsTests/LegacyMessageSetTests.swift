import KafkaRecords
import NIOCore
import Testing

/// Message sets of magic 0 and 1 (Produce v0–v2, Fetch v0–v3): decoding what old clients send, converting it to a
/// record batch, down-converting batches for old consumers, and refusing damaged input with an error.
@Suite struct LegacyMessageSetTests {
    /// Two messages (offsets 0 and 1; key "k1"/null; values "v1"/"value-2"; magic 1 timestamps 1700000000000 and
    /// 1700000000005) as kafka-python 3.0's `LegacyRecordBatchBuilder` writes them, per magic and codec.
    static let kafkaPython: [(magic: Int8, codec: CompressionCodec, hex: String)] = [
        (0, .none, "00000000000000000000001257e7496e0000000000026b3100000002763100000000000000010000001501d4f5140000fff"
            + "fffff0000000776616c75652d32"),
        (0, .gzip, "00000000000000000000004bc1a2f7450001ffffffff0000003d1f8b08000cb7166b02ff63608003a1f0e79e79601653b62"
            + "1882c3384ca3002b128e395af220c0cff8100c8632f4bcc294dd535020012f531223f000000"),
        (0, .snappy, "000000000000000000000057b4cb294c0002ffffffff0000004982534e41505059000000000100000001000000353f000"
            + "01901101257e7496e050f1c026b3100000002760106010164010000001501d4f5140000ffffffff0000000776616c75652d32"),
        (1, .none, "00000000000000000000001aa5da6a6201000000018bcfe56800000000026b3100000002763100000000000000010000001"
            + "d9456eae401000000018bcfe56805ffffffff0000000776616c75652d32"),
        (1, .gzip, "00000000000000000000005c3e285e5d01010000000000000000ffffffff000000461f8b08000cb7166b02ff63608003a9a"
            + "5b7b29218810cc6eef34f3340224cd98620b2cc10aa0224293b25ecd513b82ad6ff4000e4b09725e694a6ea1a0100384d6ea74f0"
            + "00000"),
        (1, .snappy, "00000000000000000000006a6d98089901020000000000000000ffffffff0000005482534e41505059000000000100000"
            + "001000000404f00001901341aa5da6a6201000000018bcfe56801181c026b31000000027601060101011d101d9456eae40109052"
            + "63c05ffffffff0000000776616c75652d32"),
        (1, .lz4, "000000000000000000000070c29650b501030000000000000000ffffffff0000005a04224d1868404f00000000000000bd43"
            + "00000016000100e01aa5da6a6201000000018bcfe568180080026b3100000002760600000200001d00501d9456eae40900012600"
            + "f00105ffffffff0000000776616c75652d3200000000"),
    ]

    static let cases = kafkaPython.indices.map { $0 }

    @Test(arguments: cases)
    func decodesWhatKafkaPythonWrites(index: Int) throws {
        let fixture = Self.kafkaPython[index]
        let decoded = try LegacyMessageSet.decode(buffer(hex: fixture.hex))
        #expect(decoded.magic == fixture.magic)
        #expect(decoded.codec == fixture.codec)
        // A producer's magic 1 wrapper has offset 0, which makes its relative inner offsets 0, 1 absolute -1, 0:
        // producers' offsets mean nothing, the broker assigns them.
        let relativeToWrapper = fixture.magic == 1 && fixture.codec != .none
        #expect(decoded.messages.map(\.offset) == (relativeToWrapper ? [-1, 0] : [0, 1]))
        #expect(decoded.messages.map(\.key) == [ByteBuffer("k1"), nil])
        #expect(decoded.messages.map(\.value) == [ByteBuffer("v1"), ByteBuffer("value-2")])
        #expect(decoded.messages.map(\.timestamp)
                == (fixture.magic == 0 ? [-1, -1] : [1_700_000_000_000, 1_700_000_000_005]))
    }

    @Test(arguments: cases)
    func convertsToARecordBatchWithTheProducersCodec(index: Int) throws {
        let fixture = Self.kafkaPython[index]
        let batch = try RecordBatch(LegacyMessageSet.convertToBatch(buffer(hex: fixture.hex)))
        #expect(batch.header.magic == 2)
        #expect(batch.header.compression == fixture.codec)
        #expect(batch.header.baseOffset == 0 && batch.header.recordCount == 2)
        let records = try batch.records()
        #expect(records.map(\.offset) == [0, 1])
        #expect(records.map(\.key) == [ByteBuffer("k1"), nil])
        #expect(records.map(\.value) == [ByteBuffer("v1"), ByteBuffer("value-2")])
        #expect(records.map(\.timestamp) == (fixture.magic == 0 ? [-1, -1] : [1_700_000_000_000, 1_700_000_000_005]))
        _ = try RecordBatchValidator.validateProduce(batch.bytes)
    }

    static let messages = [
        LegacyMessageSet.Message(offset: 40, timestamp: 1000, key: ByteBuffer("a"), value: ByteBuffer("one")),
        LegacyMessageSet.Message(offset: 41, timestamp: 900, key: nil, value: ByteBuffer("")),
        LegacyMessageSet.Message(offset: 42, timestamp: 1200, key: ByteBuffer(""), value: nil),
    ]

    @Test(arguments: [Int8(0), 1], [CompressionCodec.none, .gzip, .snappy, .lz4])
    func roundTrips(magic: Int8, codec: CompressionCodec) throws {
        var written = ByteBuffer()
        try LegacyMessageSet.write(Self.messages, magic: magic, codec: codec, into: &written)
        let decoded = try LegacyMessageSet.decode(written)
        #expect(decoded.magic == magic && decoded.codec == codec)
        var expected = Self.messages
        if magic == 0 { for i in expected.indices { expected[i].timestamp = -1 } }
        #expect(decoded.messages == expected)
        if codec != .none {
            // One wrapper whose offset is the last message's; magic 1 numbers the inner messages from 0.
            #expect(written.getInteger(at: 0, as: Int64.self) == 42)
            #expect(written.getInteger(at: 17, as: Int8.self) == Int8(codec.rawValue))
            if magic == 1 { #expect(written.getInteger(at: 18, as: Int64.self) == 1200) }
        }
    }

    @Test func writesLogAppendTimeOnMagic1() throws {
        var written = ByteBuffer()
        try LegacyMessageSet.write(Self.messages, magic: 1, codec: .none, logAppendTime: 5555, into: &written)
        #expect(try LegacyMessageSet.decode(written).messages.map(\.timestamp) == [5555, 5555, 5555])
        #expect(written.getInteger(at: 17, as: Int8.self) == 0x08)
    }

    /// Three stored batches: 10–12 uncompressed with a header, a control batch at 13, 14–15 gzip.
    private func storedLog(codec: CompressionCodec = .gzip, logAppendTime: Int64? = nil) throws -> ByteBuffer {
        var log = ByteBuffer()
        var first = RecordBatchBuilder(baseOffset: 10,
                                       timestampType: logAppendTime.map { .logAppendTime($0) } ?? .createTime)
        for i in 0..<3 {
            first.append(key: ByteBuffer("k\(i)"), value: ByteBuffer("v\(i)"),
                         headers: [RecordHeader(key: "h", value: ByteBuffer("x"))], timestamp: 100 + Int64(i))
        }
        try first.build(into: &log)
        var control = RecordBatchBuilder(baseOffset: 13, producerID: 7, producerEpoch: 0, isTransactional: true,
                                         isControl: true)
        control.append(key: ByteBuffer(bytes: [0, 0, 0, 0]), value: ByteBuffer(bytes: [0, 0, 0, 0, 0, 0]),
                       timestamp: 103)
        try control.build(into: &log)
        var second = RecordBatchBuilder(baseOffset: 14, compression: codec)
        second.append(key: nil, value: ByteBuffer("v14"), timestamp: 104)
        second.append(key: ByteBuffer("k15"), value: ByteBuffer("v15"), timestamp: 105)
        try second.build(into: &log)
        return log
    }

    @Test(arguments: [Int8(0), 1])
    func downConvertsBatchesForOldConsumers(magic: Int8) throws {
        let log = try storedLog()
        // Fetching from 11: the uncompressed batch loses offset 10; the control batch is left out.
        let converted = try LegacyMessageSet.downConvert(log, toMagic: magic, firstOffset: 11)
        let decoded = try LegacyMessageSet.decode(converted)
        #expect(decoded.magic == magic && decoded.codec == .gzip)
        #expect(decoded.messages.map(\.offset) == [11, 12, 14, 15])
        #expect(decoded.messages.map(\.key) == [ByteBuffer("k1"), ByteBuffer("k2"), nil, ByteBuffer("k15")])
        #expect(decoded.messages.map(\.value) == ["v1", "v2", "v14", "v15"].map { Optional(ByteBuffer($0)) })
        #expect(decoded.messages.map(\.timestamp) == (magic == 0 ? [-1, -1, -1, -1] : [101, 102, 104, 105]))

        // A compressed batch is sent whole even when the fetch offset points into it.
        let fromInside = try LegacyMessageSet.decode(LegacyMessageSet.downConvert(log, toMagic: magic, firstOffset: 15))
        #expect(fromInside.messages.map(\.offset) == [14, 15])
    }

    @Test func downConversionKeepsLogAppendTimeAndSkipsAPartialTail() throws {
        let log = try storedLog(logAppendTime: 777)
        let cut = log.getSlice(at: 0, length: log.readableBytes - 5)!
        let decoded = try LegacyMessageSet.decode(LegacyMessageSet.downConvert(cut, toMagic: 1, firstOffset: 0))
        #expect(decoded.messages.map(\.offset) == [10, 11, 12])
        #expect(decoded.messages.map(\.timestamp) == [777, 777, 777])
    }

    @Test func downConvertsLz4ToUncompressedMagic0() throws {
        let log = try storedLog(codec: .lz4)
        let magic0 = try LegacyMessageSet.decode(LegacyMessageSet.downConvert(log, toMagic: 0, firstOffset: 14))
        #expect(magic0.codec == .none && magic0.messages.map(\.offset) == [14, 15])
        let magic1 = try LegacyMessageSet.decode(LegacyMessageSet.downConvert(log, toMagic: 1, firstOffset: 14))
        #expect(magic1.codec == .lz4 && magic1.messages.map(\.offset) == [14, 15])
    }

    @Test func refusesToDownConvertZstd() throws {
        let log = try storedLog(codec: .zstd)
        #expect(throws: RecordBatchError.unsupportedCompression(4)) {
            try LegacyMessageSet.downConvert(log, toMagic: 1, firstOffset: 14)
        }
    }

    @Test func fetchVersionsMapToKafkasMagic() {
        #expect((0...12).map { LegacyMessageSet.magic(forFetchVersion: Int16($0)) }
                == [0, 0, 1, 1, nil, nil, nil, nil, nil, nil, nil, nil, nil])
    }

    /// Kafka 0.8–0.9 clients write magic 0 lz4 frames whose header checksum also covers the frame magic.
    @Test func readsMagic0Lz4WithTheOldHeaderChecksumButNotMagic1() throws {
        #expect([[], [0x61], [0x61, 0x62, 0x63]].map { LegacyMessageSet.xxh32($0) }
                == [0x02CC_5D05, 0x550D_7456, 0x32D1_53FF])
        for magic: Int8 in [0, 1] {
            var written = ByteBuffer()
            try LegacyMessageSet.write(Self.messages, magic: magic, codec: .lz4, into: &written)
            // The wrapper's value starts after offset, size, crc, magic, attributes, [timestamp], key length -1,
            // value length; the frame's header checksum follows its magic, FLG and BD.
            let value = LegacyMessageSet.logOverhead + 6 + (magic == 1 ? 8 : 0) + 4 + 4
            let checksumAt = value + 6
            let original = try #require(written.getInteger(at: checksumAt, as: UInt8.self))
            #expect(written.getInteger(at: value + 4, as: UInt8.self)! & 0x09 == 0, "no content size, no dictionary")
            var oldSpelling = written
            oldSpelling.setInteger(original ^ 0x5A, at: checksumAt)
            let crc = oldSpelling.withUnsafeReadableBytes {
                LegacyMessageSet.checksum(UnsafeRawBufferPointer(rebasing: $0[16...]))
            }
            oldSpelling.setInteger(crc, at: 12)
            if magic == 0 {
                #expect(try LegacyMessageSet.decode(oldSpelling).messages.map(\.value) == Self.messages.map(\.value))
            } else {
                #expect(throws: RecordBatchError.self) { try LegacyMessageSet.decode(oldSpelling) }
            }
        }
    }

    // MARK: Hostile input

    @Test func refusesABadCRC() throws {
        var damaged = buffer(hex: Self.kafkaPython[3].hex)
        damaged.setInteger(UInt8(0x41), at: 30)  // inside the first key
        #expect {
            try LegacyMessageSet.decode(damaged)
        } throws: { error in
            guard case RecordBatchError.checksumMismatch = error else { return false }
            return (error as? RecordBatchError)?.kafkaErrorCode == 2
        }
    }

    @Test(arguments: cases)
    func refusesEveryTruncation(index: Int) throws {
        let whole = buffer(hex: Self.kafkaPython[index].hex)
        // Cutting between two messages leaves a valid, shorter set.
        var boundaries: Set<Int> = []
        var position = 0
        while let size = whole.getInteger(at: position + 8, as: Int32.self) {
            position += LegacyMessageSet.logOverhead + Int(size)
            boundaries.insert(position)
        }
        for length in 0..<whole.readableBytes where !boundaries.contains(length) {
            #expect(throws: RecordBatchError.self, "cut to \(length)") {
                try LegacyMessageSet.decode(whole.getSlice(at: 0, length: length)!)
            }
        }
    }

    @Test func refusesSizesThatDoNotFit() throws {
        let whole = buffer(hex: Self.kafkaPython[0].hex)
        for size in [Int32.max, Int32.min, -1, 0, 5, 13] {
            var damaged = whole
            damaged.setInteger(size, at: 8)
            #expect(throws: RecordBatchError.self, "size \(size)") { try LegacyMessageSet.decode(damaged) }
        }
        // A key length past the message: CRC recomputed so the length check itself is reached.
        var keyPast = ByteBuffer()
        try writeRaw(magic: 1, attributes: 0, body: [0, 0, 0, 0, 0, 0, 0, 0] + [0x7f, 0xff, 0xff, 0xff], into: &keyPast)
        #expect(throws: RecordBatchError.self) { try LegacyMessageSet.decode(keyPast) }
    }

    @Test func refusesNestedWrappers() throws {
        var innerWrapper = ByteBuffer()
        try LegacyMessageSet.write(Self.messages, magic: 1, codec: .gzip, into: &innerWrapper)
        let compressed = try RecordCompression.compress(innerWrapper, codec: .gzip)
        var outer = ByteBuffer()
        try writeRaw(magic: 1, attributes: 1,
                     body: [UInt8](repeating: 0, count: 8) + [0xff, 0xff, 0xff, 0xff]
                         + int32Bytes(compressed.readableBytes)
                         + Array(compressed.readableBytesView), into: &outer)
        #expect {
            try LegacyMessageSet.decode(outer)
        } throws: { error in
            guard case RecordBatchError.malformedRecord = error else { return false }
            return true
        }
    }

    @Test func refusesMagic2AndMixedMagicAndZstdAndEmptySets() throws {
        var mixed = buffer(hex: Self.kafkaPython[0].hex)
        var magic1 = buffer(hex: Self.kafkaPython[3].hex)
        mixed.writeBuffer(&magic1)
        #expect(throws: RecordBatchError.unsupportedMagic(1)) { try LegacyMessageSet.decode(mixed) }

        var magic2 = buffer(hex: Self.kafkaPython[3].hex)
        magic2.setInteger(Int8(2), at: 16)
        #expect(throws: RecordBatchError.unsupportedMagic(2)) { try LegacyMessageSet.decode(magic2) }

        var zstd = ByteBuffer()
        try writeRaw(magic: 1, attributes: 4,
                     body: [UInt8](repeating: 0, count: 8) + [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0], into: &zstd)
        #expect(throws: RecordBatchError.unsupportedCompression(4)) { try LegacyMessageSet.decode(zstd) }
        #expect(throws: RecordBatchError.self) { try LegacyMessageSet.decode(ByteBuffer()) }
    }

    @Test func stopsADecompressionBombAtTheLimit() throws {
        let big = [LegacyMessageSet.Message(offset: 0, timestamp: 0, key: nil,
                                            value: ByteBuffer(repeating: 0, count: 1 << 20))]
        var written = ByteBuffer()
        try LegacyMessageSet.write(big, magic: 1, codec: .gzip, into: &written)
        #expect(throws: RecordBatchError.decompressedSizeExceedsLimit(.gzip, limit: 1 << 16)) {
            try LegacyMessageSet.decode(written, decompressionLimit: 1 << 16)
        }
    }

    @Test func survivesRandomDamage() throws {
        var generator = SeededGenerator(seed: 12)
        for fixture in Self.kafkaPython {
            let whole = buffer(hex: fixture.hex)
            for _ in 0..<300 {
                var damaged = whole
                let position = Int.random(in: 0..<whole.readableBytes, using: &generator)
                damaged.setInteger(UInt8.random(in: 0...255, using: &generator), at: position)
                _ = try? LegacyMessageSet.decode(damaged)
                _ = try? LegacyMessageSet.convertToBatch(damaged)
            }
        }
    }

    /// One entry at offset 0 with `body` after the attributes and a correct CRC.
    private func writeRaw(magic: Int8, attributes: Int8, body: [UInt8], into output: inout ByteBuffer) throws {
        var message = ByteBuffer()
        message.writeInteger(magic)
        message.writeInteger(attributes)
        message.writeBytes(body)
        output.writeInteger(Int64(0))
        output.writeInteger(Int32(4 + message.readableBytes))
        output.writeInteger(message.withUnsafeReadableBytes { LegacyMessageSet.checksum($0) })
        output.writeBuffer(&message)
    }

    private func int32Bytes(_ value: Int) -> [UInt8] {
        withUnsafeBytes(of: Int32(value).bigEndian) { Array($0) }
    }
}
