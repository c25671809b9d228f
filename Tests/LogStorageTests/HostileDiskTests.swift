import Glibc
import KafkaModel
import KafkaRecords
import LogStorage
import NIOCore
import Testing

/// Whatever the segment files, indexes and checkpoints hold, opening and reading a log never traps.
@Suite struct HostileDiskTests {
    let directory = TemporaryDirectory()
    var logPath: String { directory.path + "/orders-0" }

    func openLog(_ config: LogConfig = .default) throws -> PartitionLog {
        try PartitionLog.open(directory: logPath, topicPartition: testPartition, config: config,
                              clock: ManualClock(1_000).wallClock)
    }

    /// A batch with base and max timestamp Int64.max holding one record with timestamp delta 1, as produce
    /// accepted before it checked timestamps.
    static func overflowingTimestampBatch(baseOffset: Int64) -> ByteBuffer {
        var batch = TestBatch.make([.init(value: [0x61], timestamp: 0)], baseOffset: baseOffset)
        batch.setInteger(Int64.max, at: 27)
        batch.setInteger(Int64.max, at: 35)
        #expect(batch.getInteger(at: RecordBatchHeader.size + 2, as: UInt8.self) == 0)
        batch.setInteger(UInt8(2), at: RecordBatchHeader.size + 2)  // zig-zag +1
        RecordBatch.updateChecksum(in: &batch, at: 0)
        return batch
    }

    @Test func listOffsetsByTimestampSurvivesAnOverflowingBatchAlreadyInTheLog() throws {
        let log = try openLog()
        try log.append(TestBatch.make(count: 1, timestamp: 1_000), leaderEpoch: LeaderEpoch(0))
        try log.appendAsFollower(Self.overflowingTimestampBatch(baseOffset: 1))
        let found = try #require(try log.offset(forTimestamp: .max - 1))
        #expect(found == TimestampOffset(offset: Offset(1), timestamp: .max))
        #expect(try log.offsetOfMaxTimestamp()?.offset == Offset(1))
        try log.close()

        // And again after a restart, with the batch still on disk.
        let reopened = try openLog()
        #expect(try reopened.offset(forTimestamp: .max - 1)?.offset == Offset(1))
        try reopened.close()
    }

    @Test func recoveryTruncatesABatchWhoseOffsetsOverflow() throws {
        let log = try openLog()
        try log.append(TestBatch.make(count: 1), leaderEpoch: LeaderEpoch(0))
        try log.close()

        // A corrupt batch (valid CRC: it covers neither field) right after the first, near Int64.max.
        var bad = TestBatch.make(count: 3, timestamp: 1_000)
        bad.setInteger(Int64.max - 1, at: 0)
        let segment = logPath + "/00000000000000000000.log"
        let good = Files.size(segment)
        try appendBytes(bad, to: segment)
        Files.write(directory.path + "/recovery-point-offset-checkpoint", "0\n1\norders 0 0\n")

        let reopened = try openLog()
        #expect(reopened.logEndOffset == Offset(1))
        #expect(Files.size(segment) == good)
        try reopened.close()
    }

    @Test func followerAppendRefusesOffsetsThatOverflow() throws {
        let log = try openLog()
        var bad = TestBatch.make(count: 3)
        bad.setInteger(Int64.max - 1, at: 0)
        #expect(throws: LogStorageError.self) { try log.appendAsFollower(bad) }
        #expect(log.logEndOffset == Offset(0))
    }

    @Test func negativeCheckpointAndOutOfOrderEpochsAreIgnored() throws {
        let log = try openLog()
        try log.append(TestBatch.make(count: 2), leaderEpoch: LeaderEpoch(3))
        try log.close()
        Files.write(directory.path + "/recovery-point-offset-checkpoint", "0\n1\norders 0 -5\n")
        Files.write(directory.path + "/log-start-offset-checkpoint", "0\n1\norders 0 -9\n")
        Files.write(logPath + "/leader-epoch-checkpoint", "0\n2\n7 100\n2 -4\n")

        let reopened = try openLog()
        #expect(reopened.logStartOffset == Offset(0))
        #expect(reopened.logEndOffset == Offset(2))
        #expect(reopened.leaderEpochCache.all == [LeaderEpochCache.Entry(epoch: LeaderEpoch(3), startOffset: Offset(0))])
        try reopened.close()
    }

    @Test func negativeIndexPositionsAreRebuilt() throws {
        let log = try openLog(LogConfig(indexIntervalBytes: 1))
        for _ in 0..<4 { try log.append(TestBatch.make(count: 1), leaderEpoch: LeaderEpoch(0)) }
        try log.roll()
        try log.close()
        // Relative offset 0, position -1: loading must refuse it and rebuild from the log.
        Self.writeBytes(logPath + "/00000000000000000000.index", [0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF])
        let reopened = try openLog(LogConfig(indexIntervalBytes: 1))
        let read = try reopened.read(from: Offset(2), maxBytes: 1 << 20)
        #expect(read.firstOffset == Offset(2))
        try reopened.close()
    }

    private func appendBytes(_ bytes: ByteBuffer, to path: String) throws {
        let fd = open(path, O_WRONLY | O_APPEND)
        try #require(fd >= 0)
        defer { close(fd) }
        let written = Array(bytes.readableBytesView).withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        #expect(written == bytes.readableBytes)
    }

    static func writeBytes(_ path: String, _ bytes: [UInt8]) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }
}
