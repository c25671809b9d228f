import KafkaModel
import KafkaRecords
import LogStorage
import NIOCore
import Testing

/// Timestamps, retention, deleteRecords, truncation, flushing, follower appends.
@Suite struct PartitionLogMaintenanceTests {
    let directory = TemporaryDirectory()
    var logPath: String { directory.path + "/orders-0" }

    func openLog(_ config: LogConfig = .default, clock: ManualClock = ManualClock(1_000)) throws -> PartitionLog {
        try PartitionLog.open(directory: logPath, topicPartition: testPartition, config: config,
                              clock: clock.wallClock)
    }

    func segmentFileSizes() -> [Int64] {
        Files.names(in: logPath).filter { $0.hasSuffix(".log") }.map { Files.size(logPath + "/" + $0) }
    }

    @Test func findsTheExactRecordByTimestamp() throws {
        let log = try openLog(LogConfig(segmentBytes: 2_000, indexIntervalBytes: 300))
        // Batch i holds offsets 3i...3i+2 stamped 10_000 + 10i + 0/1/2.
        for i in 0..<100 {
            let base = Int64(10_000 + 10 * i)
            try log.append(TestBatch.make((0..<3).map { TestBatch.Record(value: [1, 2, 3], timestamp: base + Int64($0)) }),
                           leaderEpoch: LeaderEpoch(0))
        }
        #expect(log.segmentBaseOffsets.count > 3)
        #expect(try log.offset(forTimestamp: 10_371) == TimestampOffset(offset: Offset(112), timestamp: 10_371))
        #expect(try log.offset(forTimestamp: 10_375) == TimestampOffset(offset: Offset(114), timestamp: 10_380))
        #expect(try log.offset(forTimestamp: 0) == TimestampOffset(offset: Offset(0), timestamp: 10_000))
        #expect(try log.offset(forTimestamp: 10_992) == TimestampOffset(offset: Offset(299), timestamp: 10_992))
        #expect(try log.offset(forTimestamp: 10_993) == nil)
        for i in stride(from: 0, to: 100, by: 7) {
            let target = Int64(10_000 + 10 * i + 2)
            #expect(try log.offset(forTimestamp: target)?.offset == Offset(Int64(3 * i + 2)))
        }
        // Never below the log start offset.
        try log.deleteRecords(before: Offset(50))
        #expect(try log.offset(forTimestamp: 0) == TimestampOffset(offset: Offset(50), timestamp: 10_162))
    }

    @Test func timestampLookupSurvivesReopen() throws {
        do {
            let log = try openLog(LogConfig(segmentBytes: 1_000, indexIntervalBytes: 100))
            for i in 0..<40 { try log.append(TestBatch.make(count: 1, timestamp: Int64(100 * i)), leaderEpoch: LeaderEpoch(0)) }
            try log.close()
        }
        let log = try openLog(LogConfig(segmentBytes: 1_000, indexIntervalBytes: 100))
        #expect(try log.offset(forTimestamp: 1_750)?.offset == Offset(18))
        #expect(try log.offset(forTimestamp: 3_900)?.offset == Offset(39))
    }

    @Test func rebuildsMissingIndexesOfOlderSegments() throws {
        var bases: [Offset] = []
        do {
            let log = try openLog(LogConfig(segmentBytes: 2_000, indexIntervalBytes: 100))
            for i in 0..<60 { try log.append(TestBatch.make(count: 2, timestamp: Int64(100 * i)), leaderEpoch: LeaderEpoch(0)) }
            bases = log.segmentBaseOffsets
            try log.close()
        }
        let victim = bases[1].rawValue.paddedSegmentName
        #expect(Files.size(logPath + "/" + victim + ".index") > 0)
        Files.truncate(logPath + "/" + victim + ".index", to: 5)  // not a whole entry: inconsistent
        TemporaryDirectory.remove(logPath + "/" + victim + ".timeindex")
        let log = try openLog(LogConfig(segmentBytes: 2_000, indexIntervalBytes: 100))
        let target = bases[1] + 5
        #expect(try log.read(from: target, maxBytes: 1).firstOffset == target + -1)
        #expect(try log.offset(forTimestamp: 100 * (target.rawValue / 2))?.offset == target + -1)
        #expect(Files.size(logPath + "/" + victim + ".index") % 8 == 0)
        #expect(Files.size(logPath + "/" + victim + ".timeindex") > 0)
    }

    @Test func findsTheOffsetOfTheLargestTimestamp() throws {
        let log = try openLog(LogConfig(segmentBytes: 1_000))
        #expect(try log.offsetOfMaxTimestamp() == nil)
        for ts: Int64 in [50, 900, 300, 900, 10] { try log.append(TestBatch.make(count: 1, timestamp: ts), leaderEpoch: LeaderEpoch(0)) }
        #expect(try log.offsetOfMaxTimestamp() == TimestampOffset(offset: Offset(1), timestamp: 900))
    }

    @Test func leaderRejectsABatchWhoseRecordCountDisagreesWithItsOffsets() throws {
        let log = try openLog()
        var batch = TestBatch.make(count: 3)
        batch.setInteger(Int32(5), at: 23)  // lastOffsetDelta lies; CRC recomputed so only the count check trips
        let crc = batch.withUnsafeReadableBytes {
            CRC32CChecksum.compute(UnsafeRawBufferPointer(rebasing: $0[RecordBatchHeader.attributesOffset...]))
        }
        batch.setInteger(crc, at: RecordBatchHeader.crcOffset)
        #expect(throws: LogStorageError.corruptRecords(reason: "3 records but last offset delta 5")) {
            try log.append(batch, leaderEpoch: LeaderEpoch(0))
        }
    }

    @Test func retentionByTimeDeletesOldInactiveSegments() throws {
        let clock = ManualClock(1_000)
        let log = try openLog(LogConfig(segmentBytes: 1_000, retentionMs: 1_000), clock: clock)
        for i in 0..<40 {
            try log.append(TestBatch.make(count: 1, timestamp: i < 20 ? 1_000 : 5_000), leaderEpoch: LeaderEpoch(0))
        }
        let before = log.segmentBaseOffsets
        #expect(try log.enforceRetention(now: 1_500).deletedSegments == 0)
        #expect(try log.enforceRetention(now: 5_500, upperBound: Offset(0)).deletedSegments == 0)
        let result = try log.enforceRetention(now: 5_500)
        #expect(result.deletedSegments > 0)
        let remaining = log.segmentBaseOffsets
        #expect(remaining == Array(before.dropFirst(result.deletedSegments)))
        #expect(remaining.first! <= Offset(20))  // the segment holding offset 20 (timestamp 5000) stays
        #expect(log.logStartOffset == remaining.first!)
        #expect(result.logStartOffset == remaining.first!)
        #expect(segmentFileSizes().count == remaining.count)
        #expect(throws: LogStorageError.self) { try log.read(from: Offset(0), maxBytes: 100) }
        #expect(try log.read(from: log.logStartOffset, maxBytes: 100).firstOffset == log.logStartOffset)
        // The active segment is never deleted, even when everything expired.
        _ = try log.enforceRetention(now: 1_000_000)
        #expect(log.segmentBaseOffsets.count == 1)
        #expect(log.logEndOffset == Offset(40))
    }

    @Test func retentionBySizeKeepsAtLeastRetentionBytes() throws {
        let log = try openLog(LogConfig(segmentBytes: 1_000, retentionMs: -1, retentionBytes: 3_000))
        for _ in 0..<60 { try log.append(TestBatch.make(count: 1, valueSize: 50), leaderEpoch: LeaderEpoch(0)) }
        let total = log.sizeInBytes
        #expect(total > 6_000)
        let result = try log.enforceRetention(now: 10_000_000)
        #expect(result.deletedSegments > 0)
        let sizes = segmentFileSizes()
        #expect(sizes.reduce(0, +) == log.sizeInBytes)
        #expect(log.sizeInBytes >= 3_000)
        #expect(log.sizeInBytes - sizes[0] < 3_000)
        #expect(result.deletedBytes == total - log.sizeInBytes)
    }

    @Test func deleteRecordsAdvancesAndPersistsTheLogStartOffset() throws {
        do {
            let log = try openLog(LogConfig(segmentBytes: 1_000))
            for _ in 0..<30 { try log.append(TestBatch.make(count: 2), leaderEpoch: LeaderEpoch(0)) }
            let segmentsBefore = log.segmentBaseOffsets
            #expect(try log.deleteRecords(before: Offset(25)) == Offset(25))
            #expect(log.logStartOffset == Offset(25))
            #expect(log.segmentBaseOffsets == segmentsBefore.filter { base in
                let next = segmentsBefore.first { $0 > base } ?? Offset(.max)
                return next > Offset(25)
            })
            #expect(throws: LogStorageError.offsetOutOfRange(requested: Offset(24), logStartOffset: Offset(25),
                                                             logEndOffset: Offset(60))) {
                try log.read(from: Offset(24), maxBytes: 100)
            }
            #expect(try log.read(from: Offset(25), maxBytes: 1).firstOffset == Offset(24))  // batch 24...25
            #expect(throws: LogStorageError.invalidDeleteOffset(requested: Offset(61), logEndOffset: Offset(60))) {
                try log.deleteRecords(before: Offset(61))
            }
            #expect(try log.deleteRecords(before: Offset(10)) == Offset(25))
        }
        let log = try openLog(LogConfig(segmentBytes: 1_000))
        #expect(log.logStartOffset == Offset(25))
        #expect(log.logEndOffset == Offset(60))
    }

    @Test func truncateDropsEverythingFromAnOffsetAcrossSegments() throws {
        let log = try openLog(LogConfig(segmentBytes: 1_000))
        for i in 0..<30 { try log.append(TestBatch.make(count: 2), leaderEpoch: LeaderEpoch(i < 20 ? 1 : 2)) }
        #expect(log.leaderEpochCache.all.map(\.epoch) == [LeaderEpoch(1), LeaderEpoch(2)])
        let segments = log.segmentBaseOffsets
        let middleSegment = segments[1]
        try log.truncate(to: middleSegment + 4)
        #expect(log.logEndOffset == middleSegment + 4)
        #expect(log.segmentBaseOffsets == [segments[0], middleSegment])
        #expect(log.leaderEpochCache.all == [LeaderEpochCache.Entry(epoch: LeaderEpoch(1), startOffset: Offset(0))])
        // Mid-batch: the whole batch goes.
        try log.truncate(to: middleSegment + 3)
        #expect(log.logEndOffset == middleSegment + 2)
        let appended = try log.append(TestBatch.make(count: 1), leaderEpoch: LeaderEpoch(3))
        #expect(appended.firstOffset == middleSegment + 2)
        let headers = TestBatch.headers(in: try log.read(from: Offset(0), maxBytes: 1 << 20).readBytes())
        #expect(headers.last?.baseOffset == (middleSegment + 2).rawValue)
        #expect(headers.count == Int((middleSegment.rawValue + 2) / 2) + 1)
        try log.close()
        let reopened = try openLog(LogConfig(segmentBytes: 1_000))
        #expect(reopened.logEndOffset == middleSegment + 3)
        #expect(reopened.leaderEpochCache.all.map(\.epoch) == [LeaderEpoch(1), LeaderEpoch(3)])
    }

    @Test func truncateBelowTheFirstSegmentEmptiesTheLog() throws {
        let log = try openLog()
        for _ in 0..<5 { try log.append(TestBatch.make(count: 1), leaderEpoch: LeaderEpoch(0)) }
        try log.truncate(to: Offset(0))
        #expect(log.logEndOffset == Offset(0))
        #expect(log.leaderEpochCache.all.isEmpty)
        try log.truncateFully(startingAt: Offset(500))
        #expect(log.logStartOffset == Offset(500) && log.logEndOffset == Offset(500))
        #expect(try log.append(TestBatch.make(count: 1), leaderEpoch: LeaderEpoch(0)).firstOffset == Offset(500))
        #expect(Files.names(in: logPath).contains("00000000000000000500.log"))
    }

    @Test func followerAppendKeepsOffsetsAllowsGapsAndRefusesGoingBack() throws {
        let log = try openLog()
        var first = TestBatch.make(count: 3)
        first.setInteger(Int32(4), at: 12)  // leader epoch, outside the CRC
        try log.appendAsFollower(first)
        var second = TestBatch.make([TestBatch.Record(value: [9], timestamp: 5)], baseOffset: 3, leaderEpoch: 6)
        #expect(try log.appendAsFollower(second).firstOffset == Offset(3))
        #expect(log.logEndOffset == Offset(4))
        #expect(log.leaderEpochCache.all == [
            LeaderEpochCache.Entry(epoch: LeaderEpoch(4), startOffset: Offset(0)),
            LeaderEpochCache.Entry(epoch: LeaderEpoch(6), startOffset: Offset(3)),
        ])
        // A compacted leader's log has gaps where the cleaner removed whole batches.
        second = TestBatch.make([TestBatch.Record(value: [9], timestamp: 5)], baseOffset: 7, leaderEpoch: 6)
        #expect(try log.appendAsFollower(second).firstOffset == Offset(7))
        #expect(log.logEndOffset == Offset(8))
        second = TestBatch.make([TestBatch.Record(value: [9], timestamp: 5)], baseOffset: 6, leaderEpoch: 6)
        #expect(throws: LogStorageError.nonContiguousAppend(expected: Offset(8), found: Offset(6))) {
            try log.appendAsFollower(second)
        }
    }

    @Test func logAppendTimeStampsTheBatchAndKeepsTheChecksumValid() throws {
        let clock = ManualClock(77_000)
        let log = try openLog(LogConfig(messageTimestampType: .logAppendTime), clock: clock)
        let result = try log.append(TestBatch.make(count: 2, timestamp: 5), leaderEpoch: LeaderEpoch(0))
        #expect(result.logAppendTime == 77_000)
        let bytes = try log.read(from: Offset(0), maxBytes: 1 << 20).readBytes()
        let header = try #require(TestBatch.headers(in: bytes).first)
        #expect(header.isLogAppendTime)
        #expect(header.maxTimestamp == 77_000)
        #expect(header.hasValidChecksum(in: bytes, at: bytes.readerIndex))
    }

    @Test func flushPolicyMovesTheRecoveryPoint() throws {
        let clock = ManualClock(1_000)
        let never = try PartitionLog.open(directory: directory.path + "/never-0", topicPartition: testPartition,
                                          clock: clock.wallClock)
        try never.append(TestBatch.make(count: 10), leaderEpoch: LeaderEpoch(0))
        #expect(never.recoveryPoint == Offset(0))

        let byCount = try openLog(LogConfig(flushMessages: 5), clock: clock)
        try byCount.append(TestBatch.make(count: 3), leaderEpoch: LeaderEpoch(0))
        #expect(byCount.recoveryPoint == Offset(0))
        try byCount.append(TestBatch.make(count: 3), leaderEpoch: LeaderEpoch(0))
        #expect(byCount.recoveryPoint == Offset(6))

        let byTime = try PartitionLog.open(directory: directory.path + "/timed-0", topicPartition: testPartition,
                                           config: LogConfig(flushMs: 1_000), clock: clock.wallClock)
        try byTime.append(TestBatch.make(count: 2), leaderEpoch: LeaderEpoch(0))
        try byTime.flushIfDue(now: 1_500)
        #expect(byTime.recoveryPoint == Offset(0))
        try byTime.flushIfDue(now: 2_000)
        #expect(byTime.recoveryPoint == Offset(2))
    }

    @Test func rollsOnSegmentAgeAndOnAFullIndex() throws {
        let clock = ManualClock(1_000)
        let aged = try openLog(LogConfig(segmentMs: 1_000), clock: clock)
        try aged.append(TestBatch.make(count: 1, timestamp: 1_000), leaderEpoch: LeaderEpoch(0))
        clock.now = 1_900
        try aged.append(TestBatch.make(count: 1, timestamp: 1_900), leaderEpoch: LeaderEpoch(0))
        #expect(aged.segmentBaseOffsets == [Offset(0)])
        clock.now = 2_100
        try aged.append(TestBatch.make(count: 1, timestamp: 2_100), leaderEpoch: LeaderEpoch(0))
        #expect(aged.segmentBaseOffsets == [Offset(0), Offset(2)])

        let indexed = try PartitionLog.open(directory: directory.path + "/indexed-0", topicPartition: testPartition,
                                            config: LogConfig(segmentIndexBytes: 16, indexIntervalBytes: 1),
                                            clock: clock.wallClock)
        for _ in 0..<10 { try indexed.append(TestBatch.make(count: 1), leaderEpoch: LeaderEpoch(0)) }
        #expect(indexed.segmentBaseOffsets.count > 2)
        #expect(TestBatch.headers(in: try indexed.read(from: Offset(0), maxBytes: 1 << 20).readBytes()).count == 10)
    }

    @Test func readsRunConcurrentlyWithAppends() async throws {
        let log = try openLog(LogConfig(segmentBytes: 4_000, indexIntervalBytes: 256))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for _ in 0..<500 { try log.append(TestBatch.make(count: 2), leaderEpoch: LeaderEpoch(0)) }
            }
            for _ in 0..<3 {
                group.addTask {
                    var next = Offset(0)
                    while next < Offset(1_000) {
                        let result = try log.read(from: next, maxBytes: 3_000)
                        guard let end = result.nextOffset else { await Task.yield(); continue }
                        let headers = TestBatch.headers(in: try result.readBytes())
                        #expect(headers.first?.baseOffset == next.rawValue)
                        for (a, b) in zip(headers, headers.dropFirst()) { #expect(a.nextOffset == b.baseOffset) }
                        next = end
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
