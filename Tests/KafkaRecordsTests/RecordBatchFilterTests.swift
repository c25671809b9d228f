import KafkaRecords
import NIOCore
import Testing

/// The log cleaner's batch rewrite: what stays of a batch, and what it keeps of the original.
@Suite struct RecordBatchFilterTests {
    static func batch(_ records: [(String?, String?)], codec: CompressionCodec = .none, baseOffset: Int64 = 100,
                      producerID: Int64 = -1, baseSequence: Int32 = -1) throws -> RecordBatch {
        var builder = RecordBatchBuilder(baseOffset: baseOffset, partitionLeaderEpoch: 3, compression: codec,
                                         producerID: producerID, producerEpoch: producerID >= 0 ? 1 : -1,
                                         baseSequence: baseSequence)
        for (index, (key, value)) in records.enumerated() {
            builder.append(key: key.map { ByteBuffer(string: $0) }, value: value.map { ByteBuffer(string: $0) },
                           timestamp: 5_000 + Int64(index) * 10)
        }
        return try RecordBatch(try builder.build())
    }

    @Test(arguments: CompressionCodec.allCases)
    func keepsOffsetsProducerFieldsAndCodec(codec: CompressionCodec) throws {
        let original = try Self.batch([("a", "1"), ("b", "2"), ("a", "3"), ("c", "4")], codec: codec,
                                      producerID: 9, baseSequence: 40)
        var output = ByteBuffer()
        let result = try original.writeFiltered(into: &output, keepEmpty: false) { $0.offset != 100 && $0.offset != 103 }
        #expect(result.outcome == .rewritten && result.kept == 2 && result.total == 4 && result.tombstoneHorizonMs == nil)
        let rewritten = try RecordBatch(output)  // CRC checked
        #expect(rewritten.header.baseOffset == 100 && rewritten.header.lastOffsetDelta == 3)
        #expect(rewritten.header.recordCount == 2 && rewritten.header.compression == codec)
        #expect(rewritten.header.producerID == 9 && rewritten.header.producerEpoch == 1 && rewritten.header.baseSequence == 40)
        #expect(rewritten.header.partitionLeaderEpoch == 3)
        #expect(rewritten.header.maxTimestamp == 5_020)
        let records = try rewritten.records()
        #expect(records.map(\.offset) == [101, 102])
        #expect(records.map(\.timestamp) == [5_010, 5_020])
        #expect(records.map { $0.value.map { String(buffer: $0) } } == ["2", "3"])
    }

    @Test func anUnchangedBatchIsCopiedByteForByte() throws {
        let original = try Self.batch([("a", "1"), ("b", "2")], codec: .gzip)
        var output = ByteBuffer()
        #expect(try original.writeFiltered(into: &output, keepEmpty: false) { _ in true }.outcome == .unchanged)
        #expect(output == original.bytes)
    }

    @Test func anEmptiedBatchIsDroppedOrKeptAsAHeader() throws {
        let original = try Self.batch([("a", "1"), ("b", "2")], codec: .lz4, producerID: 4, baseSequence: 7)
        var output = ByteBuffer()
        #expect(try original.writeFiltered(into: &output, keepEmpty: false) { _ in false }.outcome == .dropped)
        #expect(output.readableBytes == 0)
        #expect(try original.writeFiltered(into: &output, keepEmpty: true) { _ in false }.outcome == .emptied)
        let empty = try RecordBatch(output)
        #expect(empty.bytes.readableBytes == RecordBatchHeader.size)
        #expect(empty.header.recordCount == 0 && empty.header.lastOffset == 101 && empty.header.compression == CompressionCodec.none)
        #expect(empty.header.baseSequence == 7 && empty.header.producerID == 4)
        #expect(empty.header.baseTimestamp == original.header.maxTimestamp)
        #expect(try empty.records().isEmpty)
    }

    /// KIP-534: a batch keeping a tombstone gets a delete horizon in its base timestamp; record timestamps stay.
    @Test func aKeptTombstoneStampsTheDeleteHorizon() throws {
        let original = try Self.batch([("a", "1"), ("b", nil), ("c", "3")], codec: .zstd)
        var output = ByteBuffer()
        let result = try original.writeFiltered(into: &output, keepEmpty: false, deleteHorizonMs: 9_000_000) { _ in true }
        #expect(result.outcome == .rewritten && result.tombstoneHorizonMs == 9_000_000)
        let stamped = try RecordBatch(output)
        #expect(stamped.header.deleteHorizonMs == 9_000_000)
        #expect(try stamped.records().map(\.timestamp) == [5_000, 5_010, 5_020])
        // Stamped once: a later pass keeps the horizon it found.
        var again = ByteBuffer()
        let second = try stamped.writeFiltered(into: &again, keepEmpty: false, deleteHorizonMs: 1) { $0.offset != 100 }
        #expect(second.tombstoneHorizonMs == 9_000_000)
        let kept = try RecordBatch(again)
        #expect(kept.header.deleteHorizonMs == 9_000_000)
        #expect(try kept.records().map(\.timestamp) == [5_010, 5_020])
        // No tombstone, no stamp.
        var plain = ByteBuffer()
        let untouched = try Self.batch([("a", "1")]).writeFiltered(into: &plain, keepEmpty: false, deleteHorizonMs: 1) { _ in true }
        #expect(untouched.outcome == .unchanged && untouched.tombstoneHorizonMs == nil)
    }

    @Test func damagedRecordsThrowInsteadOfTrapping() throws {
        let original = try Self.batch([("a", "1"), ("b", "2")])
        var damaged = original.bytes
        damaged.setInteger(Int32(5), at: damaged.readerIndex + 57)  // five records declared, two present
        let batch = try RecordBatch(damaged, verifyingChecksum: false)
        var output = ByteBuffer()
        #expect(throws: RecordBatchError.self) { try batch.writeFiltered(into: &output, keepEmpty: false) { _ in true } }
        #expect(throws: RecordBatchError.self) { try batch.forEachRecord { _ in } }
        #expect(output.readableBytes == 0)
    }

    @Test func produceValidationNamesEveryKeylessRecord() throws {
        let batch = try Self.batch([("a", "1"), (nil, "2"), ("c", "3"), (nil, "4")], baseOffset: 0)
        let summary = try RecordBatchValidator.validateProduce(batch.bytes)
        #expect(summary.keylessRecordIndexes == [1, 3])
        #expect(!summary.allRecordsHaveKeys)
    }
}
