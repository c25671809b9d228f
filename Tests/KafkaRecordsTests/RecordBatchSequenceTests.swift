import KafkaRecords
import NIOCore
import Testing

@Suite struct RecordBatchSequenceTests {
    private func threeBatches() throws -> (ByteBuffer, [Int]) {
        var all = ByteBuffer()
        var sizes: [Int] = []
        for (index, codec) in [CompressionCodec.none, .zstd, .gzip].enumerated() {
            let base = Int64(index * 5)
            let batch = try makeBatch(sampleRecords(baseOffset: base), baseOffset: base, compression: codec)
            sizes.append(batch.readableBytes)
            all.writeImmutableBuffer(batch)
        }
        return (all, sizes)
    }

    @Test func yieldsEveryBatchOfACompleteBuffer() throws {
        let (all, _) = try threeBatches()
        var offsets: [Int64] = []
        for entry in RecordBatchSequence(all) {
            guard case .batch(let batch) = entry else {
                Issue.record("unexpected \(entry)")
                continue
            }
            offsets += try batch.records().map(\.offset)
        }
        #expect(offsets == Array(0..<15))
    }

    @Test func reportsACutOffLastBatchAsPartial() throws {
        let (all, sizes) = try threeBatches()
        // Cut inside the length field, inside the header, and inside the records of the last batch.
        for cut in [3, 15, 40, sizes[2] - 1] {
            let truncated = all.getSlice(at: 0, length: sizes[0] + sizes[1] + cut)!
            var sequence = RecordBatchSequence(truncated)
            var batches = 0
            var last: RecordBatchSequence.Entry?
            while let entry = sequence.next() {
                if case .batch = entry { batches += 1 } else { last = entry }
            }
            #expect(batches == 2)
            #expect(sequence.validBytes == sizes[0] + sizes[1])
            guard case .partial(let position, let available, let needed) = last else {
                Issue.record("cut at \(cut): expected partial, got \(String(describing: last))")
                continue
            }
            #expect(position == sizes[0] + sizes[1] && available == cut && needed > cut)
        }
    }

    @Test func reportsDamageAsCorruptNotPartial() throws {
        let (all, sizes) = try threeBatches()
        let second = sizes[0]
        func lastEntry(_ damaged: ByteBuffer) -> RecordBatchSequence.Entry? {
            var last: RecordBatchSequence.Entry?
            for entry in RecordBatchSequence(damaged) { last = entry }
            return last
        }
        var flipped = all
        flipped.setInteger(flipped.getInteger(at: second + 70, as: UInt8.self)! ^ 0x01, at: second + 70)
        guard case .corrupt(.checksumMismatch, let position) = lastEntry(flipped) else {
            Issue.record("flipped byte not reported as a CRC mismatch")
            return
        }
        #expect(position == second)

        var badMagic = all
        badMagic.setInteger(Int8(1), at: second + 16)
        #expect(lastEntry(badMagic) == .corrupt(.unsupportedMagic(1), position: second))

        var shortLength = all
        shortLength.setInteger(Int32(10), at: second + 8)
        #expect(lastEntry(shortLength) == .corrupt(.batchLengthTooSmall(10), position: second))

        // Checksums can be skipped for bytes already known good.
        var skipped = 0
        for case .batch in RecordBatchSequence(flipped, verifyingChecksums: false) { skipped += 1 }
        #expect(skipped == 3)
    }

    @Test func absurdLengthAtTheEndIsPartialAndInitThrowsTruncated() throws {
        var bytes = try makeBatch(sampleRecords())
        bytes.setInteger(Int32.max, at: 8)
        #expect(RecordBatchSequence(bytes).map { $0 } == [
            .partial(position: 0, available: bytes.readableBytes, needed: Int(Int32.max) + 12)
        ])
        #expect(throws: RecordBatchError.truncated(needed: Int(Int32.max) + 12, available: bytes.readableBytes)) {
            try RecordBatch(bytes)
        }
        #expect(throws: RecordBatchError.self) { try RecordBatchValidator.validateProduce(bytes) }
    }
}
