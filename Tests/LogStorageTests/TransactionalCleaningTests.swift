import KafkaModel
import KafkaRecords
import LogStorage
import NIOCore
import Testing

/// The cleaner and transactions: an aborted transaction's records go and never supersede a committed value, and
/// nothing from the last stable offset on is cleaned.
@Suite struct TransactionalCleaningTests {
    static func compacted() -> LogConfig {
        LogConfig(segmentBytes: 1_024, indexIntervalBytes: 128,
                  compaction: CompactionConfig(policy: .compact, minCleanableDirtyRatio: 0.01))
    }

    func transactional(_ key: String, _ value: String, producerID: Int64) throws -> ByteBuffer {
        var builder = RecordBatchBuilder(producerID: producerID, producerEpoch: 0, baseSequence: 0,
                                         isTransactional: true)
        builder.append(key: ByteBuffer(string: key), value: ByteBuffer(string: value), timestamp: 1_000)
        return try builder.build()
    }

    @Test func anAbortedValueNeitherStaysNorHidesTheCommittedOne() throws {
        let fixture = try CleanerFixture(Self.compacted())
        let log = try fixture.log
        try Keyed.write(log, [("k", "committed")])  // 0
        let aborted = try log.append(transactional("k", "aborted", producerID: 9), leaderEpoch: LeaderEpoch(0))  // 1
        let marker = try ControlRecord(kind: .abort, coordinatorEpoch: 0)
            .makeBatch(baseOffset: 0, partitionLeaderEpoch: 0, producerID: 9, producerEpoch: 0, timestamp: 1_000)
        try log.append(marker, leaderEpoch: LeaderEpoch(0))  // 2
        try log.appendAbortedTransaction(AbortedTransaction(
            producerID: 9, firstOffset: aborted.firstOffset, lastOffset: Offset(2), lastStableOffset: Offset(3)))
        try Keyed.write(log, [("other", "x")])  // 3
        try log.roll()
        _ = fixture.cleanUntilDone()
        let kept = try Keyed.readAll(log).filter { $0.key == "k" }
        #expect(kept == [Keyed.Entry(offset: 0, key: "k", value: "committed")])
    }

    @Test func nothingPastTheLastStableOffsetIsCleaned() throws {
        let fixture = try CleanerFixture(Self.compacted())
        let log = try fixture.log
        try Keyed.write(log, [("k", "v0"), ("k", "v1"), ("k", "v2")])
        try log.roll()
        log.updateLastStableOffset(Offset(0))  // a transaction open from offset 0
        _ = fixture.cleanUntilDone()
        #expect(try Keyed.readAll(log).count == 3)
        log.updateLastStableOffset(Offset(3))
        _ = fixture.cleanUntilDone()
        #expect(try Keyed.readAll(log) == [Keyed.Entry(offset: 2, key: "k", value: "v2")])
    }
}
