import KafkaRecords
import NIOCore
import Testing

@Suite struct RecordBatchValidatorTests {
    /// Edits a built batch and re-signs it, so the edit is seen by the checks after the CRC.
    private func edited(_ bytes: ByteBuffer, _ edit: (inout ByteBuffer) -> Void) -> ByteBuffer {
        var copy = bytes
        edit(&copy)
        RecordBatch.updateChecksum(in: &copy, at: copy.readerIndex)
        return copy
    }

    private func expectError(
        _ records: ByteBuffer, code: Int16, sourceLocation: SourceLocation = #_sourceLocation,
        matches: (RecordBatchError) -> Bool
    ) {
        do {
            let summary = try RecordBatchValidator.validateProduce(records)
            Issue.record("accepted: \(summary)", sourceLocation: sourceLocation)
        } catch {
            #expect(matches(error), "unexpected \(error)", sourceLocation: sourceLocation)
            #expect(error.kafkaErrorCode == code, sourceLocation: sourceLocation)
        }
    }

    private func threeRecords(_ codec: CompressionCodec = .none) throws -> ByteBuffer {
        try makeBatch(Array(sampleRecords().prefix(3)), compression: codec)
    }

    @Test func acceptsAWellFormedIdempotentBatch() throws {
        let bytes = try makeBatch(sampleRecords(), compression: .snappy) {
            $0.producerID = 1
            $0.producerEpoch = 0
            $0.baseSequence = 0
        }
        let summary = try RecordBatchValidator.validateProduce(bytes)
        #expect(summary.recordCount == 5 && summary.header.producerID == 1)
    }

    @Test func flippedByteIsCorruptMessage() throws {
        var bytes = try threeRecords()
        bytes.setInteger(bytes.getInteger(at: 65, as: UInt8.self)! ^ 0x40, at: 65)
        expectError(bytes, code: 2) { if case .checksumMismatch = $0 { true } else { false } }
    }

    @Test func recordCountMismatchIsInvalidRecord() throws {
        let bytes = try threeRecords()
        // Declares 2 records (with a matching lastOffsetDelta) while holding 3.
        let tooFew = edited(bytes) {
            $0.setInteger(Int32(2), at: 57)
            $0.setInteger(Int32(1), at: 23)
        }
        expectError(tooFew, code: 87) { $0 == .recordCountMismatch(declared: 2, actual: 3) }
        let tooMany = edited(bytes) {
            $0.setInteger(Int32(4), at: 57)
            $0.setInteger(Int32(3), at: 23)
        }
        expectError(tooMany, code: 87) { $0 == .recordCountMismatch(declared: 4, actual: 3) }
        // The same check on compressed batches, which must be decompressed to count.
        let compressed = edited(try threeRecords(.zstd)) {
            $0.setInteger(Int32(4), at: 57)
            $0.setInteger(Int32(3), at: 23)
        }
        expectError(compressed, code: 87) { $0 == .recordCountMismatch(declared: 4, actual: 3) }
        // Reading reports the same.
        #expect(throws: RecordBatchError.recordCountMismatch(declared: 4, actual: 3)) {
            try RecordBatch(compressed).records()
        }
    }

    @Test func offsetRangeMustMatchTheCount() throws {
        let bytes = edited(try threeRecords()) { $0.setInteger(Int32(7), at: 23) }
        expectError(bytes, code: 87) { if case .inconsistentOffsets = $0 { true } else { false } }
    }

    @Test func unknownCodecIsUnsupportedCompressionType() throws {
        let bytes = edited(try threeRecords()) { $0.setInteger(Int16(5), at: 21) }
        expectError(bytes, code: 76) { $0 == .unsupportedCompression(5) }
    }

    @Test(arguments: [CompressionCodec.gzip, .snappy, .lz4, .zstd])
    func garbageCompressedPayloadIsCorruptMessage(codec: CompressionCodec) throws {
        let scrambled = edited(try threeRecords(codec)) { batch in
            for index in 61..<batch.writerIndex { batch.setInteger(UInt8(truncatingIfNeeded: index &* 31), at: index) }
        }
        expectError(scrambled, code: 2) { if case .decompressionFailed(codec, _) = $0 { true } else { false } }
        // With the format's own header kept, some formats (zstd without a checksum) decode garbage into
        // garbage records: then the record checks reject it. Either way the batch is refused.
        let tail = edited(try threeRecords(codec)) { batch in
            for index in (61 + 20)..<batch.writerIndex {
                batch.setInteger(UInt8(truncatingIfNeeded: index &* 31), at: index)
            }
        }
        #expect(throws: RecordBatchError.self) { try RecordBatchValidator.validateProduce(tail) }
    }

    @Test(arguments: CompressionCodec.allCases.filter { $0 != .none })
    func decompressionLimitStopsBombs(codec: CompressionCodec) throws {
        // 4 MiB of zeros compresses to a few KiB.
        let bomb = try makeBatch(
            [Record(offset: 0, timestamp: 0, key: nil, value: ByteBuffer(repeating: 0, count: 4 << 20))],
            compression: codec)
        #expect(bomb.readableBytes < 300_000)
        #expect(throws: RecordBatchError.decompressedSizeExceedsLimit(codec, limit: 1 << 20)) {
            try RecordBatchValidator.validateProduce(bomb, decompressionLimit: 1 << 20)
        }
        #expect(throws: RecordBatchError.decompressedSizeExceedsLimit(codec, limit: 1 << 20)) {
            try RecordBatch(bomb).records(decompressionLimit: 1 << 20)
        }
        #expect(try RecordBatchValidator.validateProduce(bomb, decompressionLimit: 5 << 20).recordCount == 1)
    }

    @Test func wrongMagicIsInvalidRecordAndShortLengthIsCorrupt() throws {
        let bytes = try threeRecords()
        let badMagic = edited(bytes) { $0.setInteger(Int8(1), at: 16) }
        expectError(badMagic, code: 87) { $0 == .unsupportedMagic(1) }
        var shortLength = bytes
        shortLength.setInteger(Int32(48), at: 8)
        expectError(shortLength, code: 2) { $0 == .batchLengthTooSmall(48) }
    }

    @Test func producerRules() throws {
        let noSequence = try makeBatch(sampleRecords()) { $0.producerID = 3; $0.producerEpoch = 0 }
        expectError(noSequence, code: 87) { $0 == .invalidSequence(-1) }

        var two = try threeRecords()
        two.writeImmutableBuffer(try threeRecords())
        expectError(two, code: 87) { $0 == .notExactlyOneBatch(2) }
        expectError(ByteBuffer(), code: 87) { $0 == .notExactlyOneBatch(0) }

        var truncated = try threeRecords()
        truncated.moveWriterIndex(to: truncated.writerIndex - 1)
        expectError(truncated, code: 2) { if case .truncated = $0 { true } else { false } }
    }

    @Test func malformedRecordIsInvalidRecord() throws {
        // First record's length varint (at 61) made longer than the rest of the batch.
        let bytes = edited(try threeRecords()) { $0.setInteger(UInt8(0x7e), at: 61) }
        expectError(bytes, code: 87) { if case .malformedRecord(index: 0, _) = $0 { true } else { false } }
        // A negative header count inside an otherwise well-sized record.
        var builder = RecordBatchBuilder()
        builder.append(key: nil, value: nil, timestamp: 0)
        let headerCount = edited(try builder.build()) { $0.setInteger(UInt8(0x01), at: $0.writerIndex - 1) }
        expectError(headerCount, code: 87) { if case .malformedRecord = $0 { true } else { false } }
    }

    @Test func randomDamageNeverCrashes() throws {
        var generator = SeededGenerator(seed: 7)
        for codec in CompressionCodec.allCases {
            let original = try makeBatch(sampleRecords(), compression: codec)
            for round in 0..<300 {
                var damaged = original
                let flips = Int.random(in: 1...4, using: &generator)
                for _ in 0..<flips {
                    let index = Int.random(in: 0..<damaged.writerIndex, using: &generator)
                    damaged.setInteger(UInt8.random(in: 0...255, using: &generator), at: index)
                }
                if round % 3 == 0 {
                    damaged.moveWriterIndex(to: Int.random(in: 0...damaged.writerIndex, using: &generator))
                }
                // Re-sign half of them so the damage reaches decompression and record parsing.
                if round % 2 == 0, damaged.readableBytes >= 61,
                    let length = damaged.getInteger(at: 8, as: Int32.self), length >= 49,
                    Int(length) + 12 <= damaged.readableBytes
                {
                    RecordBatch.updateChecksum(in: &damaged, at: 0)
                }
                _ = try? RecordBatchValidator.validateProduce(damaged, decompressionLimit: 1 << 20)
                for entry in RecordBatchSequence(damaged, verifyingChecksums: false) {
                    if case .batch(let batch) = entry { _ = try? batch.records(decompressionLimit: 1 << 20) }
                }
            }
        }
        // Pure noise.
        for _ in 0..<500 {
            let noise = ByteBuffer(bytes: (0..<Int.random(in: 0..<200, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            })
            _ = try? RecordBatchValidator.validateProduce(noise)
            for entry in RecordBatchSequence(noise, verifyingChecksums: false) {
                if case .batch(let batch) = entry { _ = try? batch.records() }
            }
        }
    }
}
