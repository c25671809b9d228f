import KafkaRecords
import NIOCore
import Testing

@Suite struct RecordBatchRoundTripTests {
    @Test(arguments: CompressionCodec.allCases)
    func builtBatchReadsBackWithEveryCodec(codec: CompressionCodec) throws {
        let records = sampleRecords(baseOffset: 1000)
        let bytes = try makeBatch(records, baseOffset: 1000, compression: codec) {
            $0.producerID = 77
            $0.producerEpoch = 3
            $0.baseSequence = 12
            $0.partitionLeaderEpoch = 9
        }
        let batch = try RecordBatch(bytes)
        #expect(batch.header.magic == 2)
        #expect(batch.header.compression == codec)
        #expect(batch.header.baseOffset == 1000)
        #expect(batch.header.lastOffsetDelta == 4)
        #expect(batch.header.nextOffset == 1005)
        #expect(batch.header.recordCount == 5)
        #expect(batch.header.totalSize == bytes.readableBytes)
        #expect(batch.header.partitionLeaderEpoch == 9)
        #expect(batch.header.producerID == 77)
        #expect(batch.header.producerEpoch == 3)
        #expect(batch.header.baseSequence == 12)
        #expect(batch.header.baseTimestamp == records[0].timestamp)
        #expect(batch.header.maxTimestamp == records.map(\.timestamp).max())
        #expect(!batch.header.isLogAppendTime && !batch.header.isTransactional && !batch.header.isControl)
        #expect(batch.header.hasValidChecksum(in: bytes, at: 0))
        #expect(try batch.records() == records)

        let summary = try RecordBatchValidator.validateProduce(bytes)
        #expect(summary.recordCount == 5)
        #expect(summary.minTimestamp == records.map(\.timestamp).min())
        #expect(summary.maxTimestamp == records.map(\.timestamp).max())
        #expect(!summary.allRecordsHaveKeys)
        if codec != .none { #expect(bytes.readableBytes < summary.uncompressedRecordsSize) }
    }

    @Test func uncompressedLayoutMatchesTheSpecificationByteForByte() throws {
        var builder = RecordBatchBuilder(baseOffset: 0)
        builder.append(key: nil, value: ByteBuffer("a"), timestamp: 10)
        let bytes = try builder.build()
        // Header fields, then the record: length 7 · attrs 0 · tsDelta 0 · offsetDelta 0 · key -1 ·
        // value len 1 "a" · 0 headers.
        let expectedRecord = "0e" + "00" + "00" + "00" + "01" + "02" + "61" + "00"
        #expect(hexString(bytes).hasSuffix(expectedRecord))
        #expect(bytes.readableBytes == 61 + 8)
        #expect(bytes.getInteger(at: 8, as: Int32.self) == Int32(61 + 8 - 12))
        #expect(bytes.getInteger(at: 12, as: Int32.self) == -1)  // no leader epoch from a producer
        #expect(bytes.getInteger(at: 43, as: Int64.self) == -1)  // no producer id
        let crc = bytes.getInteger(at: 17, as: UInt32.self)
        #expect(crc == CRC32CChecksum.compute(bytes.getSlice(at: 21, length: bytes.readableBytes - 21)!))
    }

    @Test func flagsAndLogAppendTimeAreWrittenAndRead() throws {
        let records = sampleRecords()
        let bytes = try makeBatch(records, compression: .lz4) {
            $0.isTransactional = true
            $0.producerID = 5
            $0.producerEpoch = 0
            $0.baseSequence = 0
            $0.timestampType = .logAppendTime(1_800_000_000_000)
        }
        let batch = try RecordBatch(bytes)
        #expect(batch.header.isTransactional && batch.header.isLogAppendTime && !batch.header.isControl)
        #expect(batch.header.maxTimestamp == 1_800_000_000_000)
        // With LogAppendTime every record reads the batch's append time.
        #expect(try batch.records().map(\.timestamp) == Array(repeating: 1_800_000_000_000, count: records.count))
    }

    @Test func controlBatchRoundTrips() throws {
        let marker = ControlRecord(kind: .commit, coordinatorEpoch: 4)
        let bytes = try marker.makeBatch(
            baseOffset: 50, partitionLeaderEpoch: 2, producerID: 9, producerEpoch: 1, timestamp: 123)
        let batch = try RecordBatch(bytes)
        #expect(batch.header.isControl && batch.header.isTransactional)
        let records = try batch.records()
        #expect(records.count == 1)
        #expect(records.first.flatMap(ControlRecord.init) == marker)
        #expect(throws: RecordBatchError.controlBatchFromClient) { try RecordBatchValidator.validateProduce(bytes) }
    }

    @Test func explicitOffsetsKeepGapsAndEmptyBatchBuilds() throws {
        let records = [
            Record(offset: 10, timestamp: 1, key: nil, value: ByteBuffer("x")),
            Record(offset: 14, timestamp: 2, key: nil, value: ByteBuffer("y")),
        ]
        let batch = try RecordBatch(try makeBatch(records, baseOffset: 10))
        #expect(batch.header.lastOffsetDelta == 4)
        #expect(try batch.records().map(\.offset) == [10, 14])
        // Offsets with a gap are fine when reading, but not in a produce request.
        #expect(throws: RecordBatchError.self) { try RecordBatchValidator.validateProduce(batch.bytes) }

        let empty = try RecordBatch(try RecordBatchBuilder(baseOffset: 3).build())
        #expect(empty.header.recordCount == 0)
        #expect(try empty.records().isEmpty)
        #expect(try RecordBatchValidator.validate(empty).recordCount == 0)
    }

    @Test func stampingOffsetsKeepsTheChecksumAndLogAppendTimeRecomputesIt() throws {
        var log = ByteBuffer()
        log.writeString("prefix")  // the batch sits at a non-zero index
        let index = log.writerIndex
        var builder = RecordBatchBuilder(compression: .none)
        for record in sampleRecords() {
            builder.append(key: record.key, value: record.value, timestamp: record.timestamp)
        }
        try builder.build(into: &log)
        let originalCRC = log.getInteger(at: index + 17, as: UInt32.self)

        RecordBatch.assign(baseOffset: 4242, partitionLeaderEpoch: 17, in: &log, at: index)
        var header = try #require(RecordBatchHeader(from: log, at: index))
        #expect(header.baseOffset == 4242 && header.partitionLeaderEpoch == 17)
        #expect(header.crc == originalCRC && header.hasValidChecksum(in: log, at: index))

        RecordBatch.setLogAppendTime(999, in: &log, at: index)
        header = try #require(RecordBatchHeader(from: log, at: index))
        #expect(header.isLogAppendTime && header.maxTimestamp == 999)
        #expect(header.crc != originalCRC && header.hasValidChecksum(in: log, at: index))
        log.moveReaderIndex(to: index)
        let records = try RecordBatch(log).records()
        #expect(records.map(\.offset) == Array(4242..<4247))
        #expect(records.allSatisfy { $0.timestamp == 999 })
    }
}
