import KafkaModel
import KafkaRecords
import LogStorage
import NIOCore
import Testing

/// The log cleaner on real files: what a pass keeps, when it runs, how it groups segments, and that damaged data
/// stops cleaning the log without harming it.
@Suite struct LogCleanerTests {
    /// Small segments (a dozen single-record batches each), compacted, cleaned as soon as anything is dirty.
    static func compacted(_ compaction: CompactionConfig = CompactionConfig(policy: .compact, minCleanableDirtyRatio: 0.01),
                          segmentBytes: Int = 1_024) -> LogConfig {
        LogConfig(segmentBytes: segmentBytes, indexIntervalBytes: 128, compaction: compaction)
    }

    /// Writes `count` keyed overwrites (`k<i % keys>` = `v<i>`), one batch each; returns what was written.
    static func overwrite(_ log: PartitionLog, count: Int, keys: Int, from first: Int = 0,
                          timestamp: Int64 = 1_000) throws -> [Keyed.Entry] {
        var written: [Keyed.Entry] = []
        for i in first..<(first + count) {
            let offset = log.logEndOffset.rawValue
            written.append(Keyed.Entry(offset: offset, key: "k\(i % keys)", value: "v\(i)"))
            try Keyed.write(log, [("k\(i % keys)", "v\(i)")], timestamp: timestamp)
        }
        return written
    }

    @Test func keepsTheLastValueOfEveryKeyWithItsOriginalOffset() throws {
        let fixture = try CleanerFixture(Self.compacted())
        let log = try fixture.log
        let written = try Self.overwrite(log, count: 300, keys: 17)
        try log.roll()
        let sizeBefore = log.sizeInBytes
        #expect(try Keyed.readAll(log) == written)

        let passes = fixture.cleanUntilDone()
        #expect(passes.count == 1)
        let expected = Keyed.lastPerKey(written, keepTombstones: true)
        #expect(try Keyed.readAll(log) == expected)
        #expect(expected.count == 17)
        #expect(log.logEndOffset == Offset(300))
        #expect(fixture.cleaner.checkpointedOffset(of: fixture.partition) == Offset(300))
        #expect(log.sizeInBytes * 10 < sizeBefore)
        #expect(Files.read(fixture.directory + "/cleaner-offset-checkpoint") == "0\n1\ncompacted 0 300\n")

        // Appends continue at the log end; the cleaned log survives a restart as it is.
        try Keyed.write(log, [("k1", "after")])
        #expect(log.logEndOffset == Offset(301))
        try fixture.reopen(Self.compacted())
        #expect(try Keyed.readAll(try fixture.log) == expected + [Keyed.Entry(offset: 300, key: "k1", value: "after")])
        #expect(fixture.cleaner.checkpointedOffset(of: fixture.partition) == Offset(300))
    }

    @Test func theActiveSegmentIsNeverCleaned() throws {
        let fixture = try CleanerFixture(Self.compacted())
        let log = try fixture.log
        var written = try Self.overwrite(log, count: 100, keys: 5)
        try log.roll()
        let active = log.logEndOffset.rawValue
        written += try Self.overwrite(log, count: 8, keys: 2, from: 100)  // stays in the active segment
        #expect(log.segmentBaseOffsets.last == Offset(active))
        fixture.cleanUntilDone()
        let cleaned = Keyed.lastPerKey(written.filter { $0.offset < active }, keepTombstones: true)
        #expect(try Keyed.readAll(log) == cleaned + written.filter { $0.offset >= active })
        #expect(fixture.cleaner.checkpointedOffset(of: fixture.partition) == Offset(active))
    }

    @Test func nothingIsCleanedBelowTheDirtyRatio() throws {
        var compaction = CompactionConfig(policy: .compact, minCleanableDirtyRatio: 0.5)
        let fixture = try CleanerFixture(Self.compacted(compaction))
        let log = try fixture.log
        let first = try Self.overwrite(log, count: 200, keys: 10)
        try log.roll()
        #expect(fixture.cleanUntilDone().count == 1)  // all dirty: ratio 1
        // A little new dirty data against the clean section: below 0.5, left alone.
        let more = try Self.overwrite(log, count: 3, keys: 10, from: 200)
        try log.roll()
        #expect(fixture.cleaner.cleanFilthiestLog() == nil)
        compaction.minCleanableDirtyRatio = 0.01
        log.updateConfig(Self.compacted(compaction))
        #expect(fixture.cleanUntilDone().count == 1)
        #expect(try Keyed.readAll(log) == Keyed.lastPerKey(first + more, keepTombstones: true))
    }

    @Test func tombstonesStayUntilDeleteRetentionThenGo() throws {
        let clock = ManualClock(10_000_000)
        let retention: Int64 = 60_000
        let fixture = try CleanerFixture(
            Self.compacted(CompactionConfig(policy: .compact, deleteRetentionMs: retention, minCleanableDirtyRatio: 0.01)),
            clock: clock)
        let log = try fixture.log
        var written = try Self.overwrite(log, count: 40, keys: 4)
        for key in ["k1", "k3"] {
            written.append(Keyed.Entry(offset: log.logEndOffset.rawValue, key: key, value: nil))
            try Keyed.write(log, [(key, nil)])
        }
        try log.roll()

        // First pass: superseded values go, the tombstones stay (and get a delete horizon).
        fixture.cleanUntilDone()
        let withTombstones = Keyed.lastPerKey(written, keepTombstones: true)
        #expect(try Keyed.readAll(log) == withTombstones)
        #expect(withTombstones.filter { $0.value == nil }.map(\.key) == ["k1", "k3"])
        let horizons = try Keyed.batches(log).compactMap(\.header.deleteHorizonMs)
        #expect(horizons == [clock.now + retention, clock.now + retention])
        // Record timestamps are unchanged by the stamp.
        #expect(try Keyed.batches(log).flatMap { try $0.records() }.allSatisfy { $0.timestamp == 1_000 })

        // Before the horizon nothing is due; after it the cleaner runs on its own and removes them.
        clock.now += retention - 1
        #expect(fixture.cleaner.cleanFilthiestLog() == nil)
        clock.now += 1
        #expect(fixture.cleanUntilDone().count == 1)
        #expect(try Keyed.readAll(log) == Keyed.lastPerKey(written, keepTombstones: false))
        #expect(fixture.cleaner.cleanFilthiestLog() == nil)
    }

    @Test func minCompactionLagKeepsYoungSegmentsDirty() throws {
        let clock = ManualClock(5_000_000)
        let fixture = try CleanerFixture(
            Self.compacted(CompactionConfig(policy: .compact, minCompactionLagMs: 60_000, minCleanableDirtyRatio: 0.01)),
            clock: clock)
        let log = try fixture.log
        let written = try Self.overwrite(log, count: 60, keys: 3, timestamp: clock.now)
        try log.roll()
        #expect(fixture.cleaner.cleanFilthiestLog() == nil)
        #expect(try Keyed.readAll(log) == written)
        clock.now += 60_001
        #expect(fixture.cleanUntilDone().count == 1)
        #expect(try Keyed.readAll(log) == Keyed.lastPerKey(written, keepTombstones: true))
    }

    @Test func maxCompactionLagCleansALogBelowTheDirtyRatio() throws {
        let clock = ManualClock(5_000_000)
        var compaction = CompactionConfig(policy: .compact, minCleanableDirtyRatio: 0.99)
        let fixture = try CleanerFixture(Self.compacted(compaction), clock: clock)
        let log = try fixture.log
        var written = try Self.overwrite(log, count: 200, keys: 200, timestamp: clock.now)  // all distinct
        try log.roll()
        compaction.minCleanableDirtyRatio = 0.01
        log.updateConfig(Self.compacted(compaction))
        fixture.cleanUntilDone()
        compaction.minCleanableDirtyRatio = 0.99
        compaction.maxCompactionLagMs = 120_000
        log.updateConfig(Self.compacted(compaction))
        written += try Self.overwrite(log, count: 20, keys: 200, from: 200, timestamp: clock.now)
        try log.roll()
        #expect(fixture.cleaner.cleanFilthiestLog() == nil)
        clock.now += 120_001
        #expect(fixture.cleanUntilDone().count == 1)
        #expect(try Keyed.readAll(log) == Keyed.lastPerKey(written, keepTombstones: true))
    }

    @Test func cleanedSegmentsAreGroupedUpToTheSegmentSize() throws {
        let fixture = try CleanerFixture(Self.compacted())
        let log = try fixture.log
        // 60 distinct keys, written three times in 1 KiB segments, then cleaned with 4 KiB segments: groups of up
        // to four segments become one.
        var written: [Keyed.Entry] = []
        for round in 0..<3 { written += try Self.overwrite(log, count: 60, keys: 60, from: round * 60) }
        try log.roll()
        let config = Self.compacted(segmentBytes: 4_096)
        log.updateConfig(config)
        let before = log.segmentBaseOffsets
        fixture.cleanUntilDone()
        let after = log.segmentBaseOffsets
        #expect(after.count * 3 <= before.count + 3)
        #expect(Set(after).isSubset(of: Set(before)))  // a cleaned segment keeps its first segment's name
        for name in fixture.segmentFiles.dropLast() {
            #expect(Files.size(fixture.logDirectory + "/" + name) <= Int64(config.segmentBytes))
        }
        let expected = Keyed.lastPerKey(written, keepTombstones: true)
        #expect(try Keyed.readAll(log) == expected)
        // Every cleaned segment's indexes work: each kept record is found by offset, after a restart too.
        for entry in expected {
            #expect(try log.read(from: Offset(entry.offset), maxBytes: 1).firstOffset == Offset(entry.offset))
        }
        try fixture.reopen(config)
        for entry in expected {
            #expect(try fixture.log.read(from: Offset(entry.offset), maxBytes: 1).firstOffset == Offset(entry.offset))
        }
    }

    @Test func aSmallOffsetMapCleansInSeveralPasses() throws {
        // Room for 40 keys: 120 distinct keys need three passes.
        let fixture = try CleanerFixture(Self.compacted(),
                                         cleanerConfig: CleanerConfig(dedupeBufferSize: 40 * 24, dedupeBufferLoadFactor: 1))
        let log = try fixture.log
        var written: [Keyed.Entry] = []
        for round in 0..<2 { written += try Self.overwrite(log, count: 120, keys: 120, from: round * 120) }
        try log.roll()
        let passes = fixture.cleanUntilDone()
        #expect(passes.count >= 3)
        #expect(try Keyed.readAll(log) == Keyed.lastPerKey(written, keepTombstones: true))
    }

    @Test func compressedBatchesAreRecompressedWithTheirCodec() throws {
        let fixture = try CleanerFixture(Self.compacted(segmentBytes: 4_096))
        let log = try fixture.log
        var written: [Keyed.Entry] = []
        // Five batches of ten records over k0...k3, then one over k0 and k1 only: k2 and k3 survive in the fifth.
        for (index, codec) in [CompressionCodec.gzip, .snappy, .lz4, .zstd, .none, .gzip].enumerated() {
            let keys = index == 5 ? 2 : 4
            let records = (0..<10).map { ("k\($0 % keys)", "value-\(index)-\($0)") }
            let base = log.logEndOffset.rawValue
            for (i, record) in records.enumerated() {
                written.append(Keyed.Entry(offset: base + Int64(i), key: record.0, value: record.1))
            }
            try log.append(Keyed.batch(records, compression: codec), leaderEpoch: LeaderEpoch(0))
        }
        try log.roll()
        fixture.cleanUntilDone()
        let batches = try Keyed.batches(log)
        #expect(try Keyed.readAll(log) == Keyed.lastPerKey(written, keepTombstones: true))
        // The surviving batches keep their codec, base offset and last offset delta.
        #expect(batches.map(\.header.compression) == [CompressionCodec.none, .gzip])
        #expect(batches.map(\.header.baseOffset) == [40, 50])
        #expect(batches.map(\.header.lastOffsetDelta) == [9, 9])
        #expect(batches.map(\.header.recordCount) == [2, 2])
    }

    @Test func theLastBatchOfAnIdempotentProducerStaysAsAnEmptyBatch() throws {
        let fixture = try CleanerFixture(Self.compacted())
        let log = try fixture.log
        // Producer 7 writes k twice, then a plain producer overwrites k: both of 7's batches are emptied, but
        // the last one keeps its header so its sequence survives.
        try log.append(Keyed.batch([("k", "a")], producerID: 7, producerEpoch: 0, baseSequence: 0), leaderEpoch: LeaderEpoch(0))
        try log.append(Keyed.batch([("k", "b"), ("k", "c")], producerID: 7, producerEpoch: 0, baseSequence: 1),
                       leaderEpoch: LeaderEpoch(0))
        try Keyed.write(log, [("k", "d")])
        try log.roll()
        fixture.cleanUntilDone()
        let batches = try Keyed.batches(log)
        #expect(batches.count == 2)
        let empty = batches[0].header
        #expect(empty.producerID == 7 && empty.baseSequence == 1 && empty.recordCount == 0)
        #expect(empty.baseOffset == 1 && empty.lastOffset == 2)
        #expect(try Keyed.readAll(log) == [Keyed.Entry(offset: 3, key: "k", value: "d")])
    }

    @Test func cleaningIsHeldToTheConfiguredIoRate() throws {
        let rate = 2_000_000.0
        let fixture = try CleanerFixture(Self.compacted(segmentBytes: 64 * 1024),
                                         cleanerConfig: CleanerConfig(dedupeBufferSize: 1 << 20, maxIoBytesPerSecond: rate))
        let log = try fixture.log
        for i in 0..<1_000 {
            try log.append(Keyed.batch([("k\(i % 10)", String(repeating: "x", count: 1_000))]), leaderEpoch: LeaderEpoch(0))
        }
        try log.roll()
        let stats = try #require(fixture.cleanUntilDone().first)
        // Everything read and written beyond the bucket's 300 ms burst waits for tokens.
        let bytes = Double(stats.mapBytesRead + stats.bytesRead + stats.bytesWritten)
        #expect(bytes > rate * 0.5)
        #expect(stats.seconds >= (bytes - rate * 0.3) / rate * 0.95)
    }

    @Test func aCorruptSegmentStopsCleaningThatLogOnly() throws {
        let fixture = try CleanerFixture(Self.compacted())
        let log = try fixture.log
        let written = try Self.overwrite(log, count: 100, keys: 5)
        try log.roll()
        let victim = fixture.logDirectory + "/" + fixture.segmentFiles[1]
        Files.flipByte(victim, at: Files.size(victim) - 3)  // inside a record: the CRC no longer matches
        let stats = fixture.cleaner.cleanFilthiestLog()
        #expect(stats != nil && stats?.segmentsWritten == 0)
        // Nothing was changed, no temporary file is left, and the log is not tried again.
        #expect(Files.names(in: fixture.logDirectory).allSatisfy { !$0.hasSuffix(".cleaned") && !$0.hasSuffix(".swap") })
        #expect(try log.read(from: Offset(0), maxBytes: 1 << 20).firstOffset == Offset(0))
        #expect(fixture.cleaner.cleanFilthiestLog() == nil)
        #expect(written.count == 100)
    }

    @Test func retentionNeverDeletesACompactOnlyLog() throws {
        let clock = ManualClock(100_000_000)
        for policy in [CleanupPolicy.compact, [.compact, .delete], .delete] {
            let directory = TemporaryDirectory()
            let config = LogConfig(segmentBytes: 1_024, retentionMs: 1_000, retentionBytes: 2_000,
                                   compaction: CompactionConfig(policy: policy))
            let log = try PartitionLog.open(directory: directory.path + "/t-0", topicPartition: testPartition,
                                            config: config, clock: clock.wallClock)
            _ = try Self.overwrite(log, count: 100, keys: 5, timestamp: 1_000)
            let segments = log.segmentBaseOffsets.count
            let result = try log.enforceRetention(now: clock.now)
            if policy.contains(.delete) {
                #expect(result.deletedSegments > 0)
            } else {
                #expect(result.deletedSegments == 0 && log.segmentBaseOffsets.count == segments)
            }
            try log.close()
        }
        #expect(CleanupPolicy("compact,delete") == [.compact, .delete])
        #expect(CleanupPolicy("delete, compact")?.description == "compact,delete")
        #expect(CleanupPolicy("compact,nope") == nil && CleanupPolicy("") == nil)
    }

    @Test func readsStartedBeforeASwapFinishWithTheOldBytes() throws {
        let fixture = try CleanerFixture(Self.compacted())
        let log = try fixture.log
        let written = try Self.overwrite(log, count: 100, keys: 5)
        try log.roll()
        let before = try log.read(from: Offset(0), maxBytes: 1 << 20)
        fixture.cleanUntilDone()
        // The slices still point at the replaced (deleted) files, which stay readable.
        var bytes = try before.readBytes()
        var offsets: [Int64] = []
        while bytes.readableBytes > 0 {
            let batch = try RecordBatch(bytes)
            offsets += try batch.records().map(\.offset)
            bytes.moveReaderIndex(forwardBy: batch.header.totalSize)
        }
        #expect(offsets == written.map(\.offset))
    }

    @Test func aTruncationPastTheCheckpointSendsTheCleanerBack() throws {
        let fixture = try CleanerFixture(Self.compacted())
        let log = try fixture.log
        _ = try Self.overwrite(log, count: 100, keys: 5)
        try log.roll()
        fixture.cleanUntilDone()
        #expect(fixture.cleaner.checkpointedOffset(of: fixture.partition) == Offset(100))
        try log.truncate(to: Offset(60))
        let rewritten = try Self.overwrite(log, count: 50, keys: 5, from: 1_000)
        try log.roll()
        fixture.cleanUntilDone()
        #expect(fixture.cleaner.checkpointedOffset(of: fixture.partition) == log.logEndOffset)
        let survivors = try Keyed.readAll(log)
        #expect(Set(survivors.compactMap(\.key)).count == 5)
        #expect(survivors.allSatisfy { entry in rewritten.contains(entry) })
    }
}
