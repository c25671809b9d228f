import KafkaRecords
import NIOCore
import Testing

/// Batch fields are hostile input: timestamps and offsets that overflow are refused on produce and never trap.
@Suite struct HostileBatchTests {
    /// One uncompressed record with timestamp delta 1 on a batch whose base and max timestamps are Int64.max:
    /// the batch a producer used to kill ListOffsets with.
    private func overflowingTimestampBatch() throws -> ByteBuffer {
        var builder = RecordBatchBuilder()
        builder.append(key: nil, value: ByteBuffer(string: "x"), timestamp: 0)
        var bytes = try builder.build()
        bytes.setInteger(Int64.max, at: 27)  // baseTimestamp
        bytes.setInteger(Int64.max, at: 35)  // maxTimestamp
        // The record's timestamp delta (zig-zag varint 0 → 2 for +1) sits after its length and attributes.
        #expect(bytes.getInteger(at: RecordBatchHeader.size + 2, as: UInt8.self) == 0)
        bytes.setInteger(UInt8(2), at: RecordBatchHeader.size + 2)
        RecordBatch.updateChecksum(in: &bytes, at: 0)
        return bytes
    }

    private func expectInvalidTimestamp(
        _ bytes: ByteBuffer, policy: ProduceTimestampPolicy? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            let summary = try RecordBatchValidator.validateProduce(bytes, timestampPolicy: policy)
            Issue.record("accepted: \(summary)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.kafkaErrorCode == 32, "unexpected \(error)", sourceLocation: sourceLocation)
            if case .invalidTimestamp = error {} else { Issue.record("unexpected \(error)", sourceLocation: sourceLocation) }
        }
    }

    @Test func produceRefusesARecordTimestampThatOverflows() throws {
        let bytes = try overflowingTimestampBatch()
        expectInvalidTimestamp(bytes)
        #expect {
            try RecordBatchValidator.validateProduce(bytes)
        } throws: { error in
            // Refused for the overflow itself, not only for the max timestamp that no longer matches.
            if case .invalidTimestamp(let reason) = error as? RecordBatchError { reason.contains("overflows") } else { false }
        }
    }

    @Test func nonProduceValidationSummarisesOverflowingTimestampsWithoutTrapping() throws {
        let batch = try RecordBatch(try overflowingTimestampBatch())
        let summary = try RecordBatchValidator.validate(batch)
        #expect(summary.recordCount == 1)
        #expect(try batch.records().count == 1)
    }

    @Test func aMaxTimestampThatIsNotTheLargestRecordTimestampIsRewrittenAsKafkaDoes() throws {
        var builder = RecordBatchBuilder()
        builder.append(key: nil, value: nil, timestamp: 1_000)
        builder.append(key: nil, value: nil, timestamp: 2_000)
        var bytes = try builder.build()
        bytes.setInteger(Int64(-1), at: 35)  // left unset, as older sarama does
        RecordBatch.updateChecksum(in: &bytes, at: 0)
        let summary = try RecordBatchValidator.validateProduce(bytes)
        #expect(summary.maxTimestamp == 2_000, "accepted, with the largest record timestamp found")
        RecordBatch.setMaxTimestamp(summary.maxTimestamp, in: &bytes, at: 0)
        let rewritten = try #require(RecordBatchHeader(from: bytes, at: 0))
        #expect(rewritten.maxTimestamp == 2_000)
        #expect(rewritten.hasValidChecksum(in: bytes, at: 0), "the CRC covers the rewritten field")
    }

    @Test func produceAppliesTheTimestampDifferenceLimit() throws {
        var builder = RecordBatchBuilder()
        builder.append(key: nil, value: nil, timestamp: 1_000)
        builder.append(key: nil, value: nil, timestamp: 10_000)
        let bytes = try builder.build()
        _ = try RecordBatchValidator.validateProduce(bytes, timestampPolicy: .init(nowMs: 5_000, maxDifferenceMs: 5_000))
        _ = try RecordBatchValidator.validateProduce(bytes, timestampPolicy: .init(nowMs: 0, maxDifferenceMs: .max))
        expectInvalidTimestamp(bytes, policy: .init(nowMs: 5_000, maxDifferenceMs: 4_999))
        expectInvalidTimestamp(bytes, policy: .init(nowMs: .min, maxDifferenceMs: 1_000_000))
    }

    @Test func headerOffsetsSaturateAndReportAnInvalidRange() throws {
        var builder = RecordBatchBuilder(baseOffset: .max - 1)
        builder.append(key: nil, value: nil, timestamp: 0)
        builder.append(key: nil, value: nil, timestamp: 0)
        builder.append(key: nil, value: nil, timestamp: 0)
        let bytes = try builder.build()
        let header = try #require(RecordBatchHeader(from: bytes, at: 0))
        #expect(header.lastOffset == .max)
        #expect(header.nextOffset == .max)
        #expect(!header.hasValidOffsetRange)
        // Records report wrapped offsets, as Java does, instead of trapping.
        #expect(try RecordBatch(bytes).records().count == 3)

        var fine = RecordBatchBuilder(baseOffset: 10)
        fine.append(key: nil, value: nil, timestamp: 0)
        #expect(try #require(RecordBatchHeader(from: try fine.build(), at: 0)).hasValidOffsetRange)
    }

    @Test func builderRefusesOffsetsItCannotEncode() throws {
        var builder = RecordBatchBuilder(baseOffset: 100)
        try builder.append(Record(offset: 100, timestamp: 0, key: nil, value: nil))
        #expect(throws: RecordBatchError.self) { try builder.append(Record(offset: 100, timestamp: 0, key: nil, value: nil)) }
        #expect(throws: RecordBatchError.self) { try builder.append(Record(offset: .min, timestamp: 0, key: nil, value: nil)) }
        #expect(throws: RecordBatchError.self) {
            try builder.append(Record(offset: 100 + Int64(Int32.max) + 1, timestamp: 0, key: nil, value: nil))
        }
        #expect(builder.recordCount == 1)
    }
}

@Suite struct ZstdWindowTests {
    @Test func frameDeclaringAWindowAbove128MiBIsRefusedBeforeAllocating() throws {
        // Magic · descriptor (no content size) · window descriptor for 2^28 · one raw, last block holding "x".
        let frame: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x90, 0x09, 0x00, 0x00, 0x78]
        #expect {
            try RecordCompression.decompress(ByteBuffer(bytes: frame), codec: .zstd)
        } throws: { error in
            if case .decompressionFailed(.zstd, _) = error as? RecordBatchError { true } else { false }
        }
        // The same frame with a 2^27 window is fine.
        var allowed = frame
        allowed[5] = 0x88
        #expect(try RecordCompression.decompress(ByteBuffer(bytes: allowed), codec: .zstd) == ByteBuffer(string: "x"))
    }
}
