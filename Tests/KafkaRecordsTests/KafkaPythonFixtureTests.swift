import KafkaRecords
import NIOCore
import Testing

/// Batches built by kafka-python (see scripts/generate-record-fixtures.py), decoded by us and compared with
/// what kafka-python's own reader found in them.
@Suite struct KafkaPythonFixtureTests {
    @Test(arguments: KafkaPythonFixtures.batches.map(\.name))
    func decodesBatchBuiltByKafkaPython(name: String) throws {
        let golden = try #require(KafkaPythonFixtures.batches.first { $0.name == name })
        let wire = buffer(hex: golden.hex)
        let batch = try RecordBatch(wire)
        #expect(batch.header.compression?.rawValue == golden.compression)
        #expect(batch.header.producerID == golden.producerID)
        #expect(batch.header.producerEpoch == golden.producerEpoch)
        #expect(batch.header.baseSequence == golden.baseSequence)
        #expect(batch.header.isTransactional == golden.isTransactional)
        #expect(batch.header.totalSize == wire.readableBytes)

        let records = try batch.records()
        #expect(records.count == golden.records.count)
        for (record, expected) in zip(records, golden.records) {
            #expect(record.offset == expected.offset)
            #expect(record.timestamp == expected.timestamp)
            #expect(record.key.map(hexString) == expected.keyHex)
            #expect((record.value?.readableBytes ?? -1) == expected.valueLength)
            #expect((record.value.map(CRC32CChecksum.compute) ?? 0) == expected.valueCRC32C)
            #expect(record.headers.map(\.key) == expected.headers.map(\.key))
            #expect(record.headers.map { $0.value.map(hexString) } == expected.headers.map(\.valueHex))
        }

        // What a broker does with it on produce.
        let summary = try RecordBatchValidator.validateProduce(wire)
        #expect(summary.recordCount == golden.records.count)
        #expect(summary.maxTimestamp == golden.records.map(\.timestamp).max())
    }

    @Test func readsAFetchResponseOfKafkaPythonBatchesWithACutOffTail() throws {
        var records = ByteBuffer()
        var offset: Int64 = 0
        for golden in KafkaPythonFixtures.batches {
            var wire = buffer(hex: golden.hex)
            RecordBatch.assign(baseOffset: offset, partitionLeaderEpoch: 3, in: &wire, at: 0)
            offset += Int64(golden.records.count)
            records.writeBuffer(&wire)
        }
        let cut = records.getSlice(at: 0, length: records.readableBytes - 100)!
        var offsets: [Int64] = []
        var tail: RecordBatchSequence.Entry?
        for entry in RecordBatchSequence(cut) {
            if case .batch(let batch) = entry {
                #expect(batch.header.partitionLeaderEpoch == 3)
                offsets += try batch.records().map(\.offset)
            } else {
                tail = entry
            }
        }
        let lastCount = KafkaPythonFixtures.batches.last!.records.count
        #expect(offsets == Array(0..<(offset - Int64(lastCount))))
        guard case .partial = tail else {
            Issue.record("expected a partial tail, got \(String(describing: tail))")
            return
        }
    }
}
