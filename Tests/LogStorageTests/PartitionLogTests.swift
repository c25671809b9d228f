import KafkaModel
import KafkaRecords
import LogStorage
import NIOCore
import Testing

@Suite struct PartitionLogTests {
    let directory = TemporaryDirectory()
    var logPath: String { directory.path + "/orders-0" }

    func openLog(_ config: LogConfig = .default, clock: ManualClock = ManualClock(1_000)) throws -> PartitionLog {
        try PartitionLog.open(directory: logPath, topicPartition: testPartition, config: config,
                              clock: clock.wallClock)
    }

    /// Appends `count` batches of `recordsPerBatch` records each; returns their (first, last) offsets.
    @discardableResult
    func appendBatches(_ log: PartitionLog, count: Int, recordsPerBatch: Int = 1, valueSize: Int = 100,
                       timestamp: (Int) -> Int64 = { _ in 1_000 }) throws -> [(Offset, Offset)] {
        try (0..<count).map { index in
            let result = try log.append(TestBatch.make(count: recordsPerBatch, valueSize: valueSize,
                                                       timestamp: timestamp(index)),
                                        leaderEpoch: LeaderEpoch(0))
            return (result.firstOffset, result.lastOffset)
        }
    }

    @Test func appendAssignsOffsetsAndStampsEpoch() throws {
        let log = try openLog()
        let first = try log.append(TestBatch.make(count: 3), leaderEpoch: LeaderEpoch(7))
        let second = try log.append(TestBatch.make(count: 2), leaderEpoch: LeaderEpoch(7))
        #expect(first.firstOffset == Offset(0) && first.lastOffset == Offset(2))
        #expect(second.firstOffset == Offset(3) && second.lastOffset == Offset(4))
        #expect(first.logAppendTime == -1)
        #expect(log.logEndOffset == Offset(5))
        let bytes = try log.read(from: Offset(0), maxBytes: 1 << 20).readBytes()
        let headers = TestBatch.headers(in: bytes)
        #expect(headers.map(\.baseOffset) == [0, 3])
        #expect(headers.allSatisfy { $0.partitionLeaderEpoch == 7 })
        #expect(headers[1].hasValidChecksum(in: bytes, at: headers[0].totalSize))
        #expect(log.leaderEpochCache.all == [LeaderEpochCache.Entry(epoch: LeaderEpoch(7), startOffset: Offset(0))])
    }

    @Test func rejectsCorruptBatches() throws {
        let log = try openLog()
        var batch = TestBatch.make(count: 2)
        batch.setInteger(UInt8(0xEE), at: batch.writerIndex - 1)
        #expect(throws: LogStorageError.corruptRecords(reason: "CRC mismatch")) {
            try log.append(batch, leaderEpoch: LeaderEpoch(0))
        }
        var truncated = TestBatch.make(count: 2)
        truncated.moveWriterIndex(to: truncated.writerIndex - 5)
        #expect(throws: LogStorageError.self) { try log.append(truncated, leaderEpoch: LeaderEpoch(0)) }
        #expect(log.logEndOffset == Offset(0))
    }

    @Test func readsAcrossRolledSegments() throws {
        let log = try openLog(LogConfig(segmentBytes: 1_000, indexIntervalBytes: 200))
        try appendBatches(log, count: 60, recordsPerBatch: 2)
        #expect(log.segmentBaseOffsets.count > 5)
        #expect(log.segmentBaseOffsets.first == Offset(0))
        let result = try log.read(from: Offset(0), maxBytes: 1 << 20)
        #expect(result.slices.count == log.segmentBaseOffsets.count)
        let headers = TestBatch.headers(in: try result.readBytes())
        #expect(headers.map(\.baseOffset) == Array(stride(from: 0, to: 120, by: 2)))
        #expect(result.nextOffset == Offset(120))
        // Every segment starts at a batch boundary and is named after it.
        let names = Files.names(in: logPath).filter { $0.hasSuffix(".log") }
        #expect(names.count == log.segmentBaseOffsets.count)
        #expect(names.first == "00000000000000000000.log")
    }

    @Test func indexFindsTheBatchHoldingAnOffsetInABigLog() throws {
        let log = try openLog(LogConfig(segmentBytes: 64 * 1024, indexIntervalBytes: 512))
        try appendBatches(log, count: 3_000, recordsPerBatch: 3, valueSize: 20)
        #expect(log.segmentBaseOffsets.count > 3)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let offset = Int64.random(in: 0..<9_000, using: &generator)
            let result = try log.read(from: Offset(offset), maxBytes: 1)
            #expect(result.firstOffset == Offset(offset - offset % 3), "offset \(offset)")
            let headers = TestBatch.headers(in: try result.readBytes())
            #expect(headers.count == 1)
            #expect(headers.first?.baseOffset == offset - offset % 3)
        }
        // Segment boundaries.
        for base in log.segmentBaseOffsets {
            #expect(try log.read(from: base, maxBytes: 1).firstOffset == base)
        }
        #expect(try log.read(from: Offset(9_000), maxBytes: 1_000).slices.isEmpty)
    }

    @Test func honoursMaxBytesAndMinOneBatch() throws {
        let log = try openLog()
        try appendBatches(log, count: 10, valueSize: 100)
        let batchSize = try log.read(from: Offset(0), maxBytes: 1).byteCount
        #expect(batchSize > 100)
        let three = try log.read(from: Offset(0), maxBytes: batchSize * 3 + batchSize / 2)
        #expect(three.byteCount == batchSize * 3)
        #expect(three.nextOffset == Offset(3))
        let oneAnyway = try log.read(from: Offset(4), maxBytes: 10, minOneBatch: true)
        #expect(oneAnyway.byteCount == batchSize && oneAnyway.firstOffset == Offset(4))
        let none = try log.read(from: Offset(4), maxBytes: 10, minOneBatch: false)
        #expect(none.slices.isEmpty && none.byteCount == 0 && none.firstOffset == nil)
    }

    @Test func neverReturnsBatchesAtOrAboveTheUpperBound() throws {
        let log = try openLog(LogConfig(segmentBytes: 600))
        try appendBatches(log, count: 10, recordsPerBatch: 2)  // batches at 0, 2, ..., 18
        let result = try log.read(from: Offset(0), maxBytes: 1 << 20, upperBound: Offset(8))
        #expect(TestBatch.headers(in: try result.readBytes()).map(\.baseOffset) == [0, 2, 4, 6])
        // A bound inside a batch excludes that batch.
        let inside = try log.read(from: Offset(0), maxBytes: 1 << 20, upperBound: Offset(9))
        #expect(inside.nextOffset == Offset(8))
        #expect(try log.read(from: Offset(8), maxBytes: 1 << 20, upperBound: Offset(8)).slices.isEmpty)
    }

    @Test func readOutsideTheLogIsOutOfRange() throws {
        let log = try openLog()
        try appendBatches(log, count: 2)
        #expect(throws: LogStorageError.offsetOutOfRange(requested: Offset(3), logStartOffset: Offset(0),
                                                         logEndOffset: Offset(2))) {
            try log.read(from: Offset(3), maxBytes: 100)
        }
        #expect(try log.read(from: Offset(2), maxBytes: 100).slices.isEmpty)
    }

    @Test func reopensAfterCleanClose() throws {
        var before: ByteBuffer
        do {
            let log = try openLog(LogConfig(segmentBytes: 2_000))
            try appendBatches(log, count: 40, recordsPerBatch: 2)
            before = try log.read(from: Offset(0), maxBytes: 1 << 20).readBytes()
            try log.close()
            #expect(throws: LogStorageError.logClosed(testPartition)) { try log.append(TestBatch.make(count: 1), leaderEpoch: LeaderEpoch(0)) }
        }
        let log = try openLog(LogConfig(segmentBytes: 2_000))
        #expect(log.logEndOffset == Offset(80))
        #expect(log.recoveryPoint == Offset(80))
        #expect(try log.read(from: Offset(0), maxBytes: 1 << 20).readBytes() == before)
        #expect(try log.append(TestBatch.make(count: 1), leaderEpoch: LeaderEpoch(0)).firstOffset == Offset(80))
    }

    @Test func recoversFromATornTail() throws {
        var lastSegment = ""
        do {
            let log = try openLog(LogConfig(segmentBytes: 2_000))
            try appendBatches(log, count: 30, recordsPerBatch: 2)  // no close: as if the process died
            lastSegment = log.segmentBaseOffsets.last!.rawValue.paddedSegmentName
        }
        let path = logPath + "/" + lastSegment + ".log"
        let size = Files.size(path)
        Files.truncate(path, to: size - 30)  // cut the last batch in the middle
        let log = try openLog(LogConfig(segmentBytes: 2_000))
        #expect(log.logEndOffset == Offset(58))
        let headers = TestBatch.headers(in: try log.read(from: Offset(0), maxBytes: 1 << 20).readBytes())
        #expect(headers.map(\.baseOffset) == Array(stride(from: 0, to: 58, by: 2)))
        #expect(try log.append(TestBatch.make(count: 1), leaderEpoch: LeaderEpoch(0)).firstOffset == Offset(58))
        #expect(try log.read(from: Offset(58), maxBytes: 1 << 20).firstOffset == Offset(58))
    }

    @Test func truncatesFromACorruptBatchInTheMiddleOfTheActiveSegment() throws {
        var batchSize = 0
        do {
            let log = try openLog()
            try appendBatches(log, count: 10)
            batchSize = try log.read(from: Offset(0), maxBytes: 1).byteCount
        }
        // Flip a payload byte of the batch at offset 4.
        Files.flipByte(logPath + "/00000000000000000000.log", at: Int64(batchSize * 4 + batchSize - 5))
        let log = try openLog()
        #expect(log.logEndOffset == Offset(4))
        #expect(Files.size(logPath + "/00000000000000000000.log") == Int64(batchSize * 4))
        let headers = TestBatch.headers(in: try log.read(from: Offset(0), maxBytes: 1 << 20).readBytes())
        #expect(headers.map(\.baseOffset) == [0, 1, 2, 3])
        #expect(try log.append(TestBatch.make(count: 2), leaderEpoch: LeaderEpoch(0)).firstOffset == Offset(4))
        #expect(log.logEndOffset == Offset(6))
    }

    @Test func corruptionInAnOlderUnflushedSegmentDropsLaterSegments() throws {
        var bases: [Offset] = []
        do {
            // segment.ms never; index interval small; unflushed: a crash after several rolls.
            let log = try openLog(LogConfig(segmentBytes: 1_000))
            try appendBatches(log, count: 30)
            bases = log.segmentBaseOffsets
        }
        // Make the checkpoint claim nothing was flushed so every segment is rescanned.
        Files.write(directory.path + "/recovery-point-offset-checkpoint", "0\n1\norders 0 0\n")
        let victim = bases[1]
        Files.flipByte(logPath + "/" + victim.rawValue.paddedSegmentName + ".log", at: 70)
        let log = try openLog(LogConfig(segmentBytes: 1_000))
        #expect(log.logEndOffset == victim)
        #expect(log.segmentBaseOffsets == [bases[0], victim])
        #expect(try log.append(TestBatch.make(count: 1), leaderEpoch: LeaderEpoch(0)).firstOffset == victim)
    }
}

extension Int64 {
    var paddedSegmentName: String {
        let digits = String(self)
        return String(repeating: "0", count: 20 - digits.count) + digits
    }
}
