import KafkaModel
import LogStorage
import Testing

/// The `.txnindex` codec (Kafka's 34-byte entries) and the log's aborted-transaction indexes across roll,
/// truncation, retention and reopening.
@Suite struct TransactionIndexTests {
    let directory = TemporaryDirectory()
    var logPath: String { directory.path + "/orders-0" }

    func aborted(_ producerID: Int64, _ first: Int64, _ last: Int64, stable: Int64? = nil) -> AbortedTransaction {
        AbortedTransaction(producerID: producerID, firstOffset: Offset(first), lastOffset: Offset(last),
                           lastStableOffset: Offset(stable ?? last + 1))
    }

    @Test func encodesKafkasLayout() throws {
        let bytes = TransactionIndex.encode([aborted(0x0102, 3, 9, stable: 10)])
        #expect(bytes.count == 34)
        #expect(Array(bytes[0..<2]) == [0, 0], "version 0")
        #expect(Array(bytes[2..<10]) == [0, 0, 0, 0, 0, 0, 1, 2])
        #expect(Array(bytes[10..<18]) == [0, 0, 0, 0, 0, 0, 0, 3])
        #expect(Array(bytes[18..<26]) == [0, 0, 0, 0, 0, 0, 0, 9])
        #expect(Array(bytes[26..<34]) == [0, 0, 0, 0, 0, 0, 0, 10])
        #expect(try TransactionIndex.decode(bytes) == [aborted(0x0102, 3, 9, stable: 10)])
        #expect(try TransactionIndex.decode([]) == [])
    }

    @Test func refusesHostileFiles() {
        let good = TransactionIndex.encode([aborted(1, 0, 4), aborted(2, 5, 8)])
        #expect(throws: TransactionIndexError.partialEntry(size: 67)) { try TransactionIndex.decode(Array(good.dropLast())) }
        var badVersion = good
        badVersion[35] = 9
        #expect(throws: TransactionIndexError.unknownVersion(9, entry: 1)) { try TransactionIndex.decode(badVersion) }
        var backwards = TransactionIndex.encode([aborted(1, 0, 4)])
        backwards[17] = 50  // first offset 50 > last offset 4
        #expect(throws: TransactionIndexError.invalidEntry(entry: 0)) { try TransactionIndex.decode(backwards) }
        let negative = [UInt8](repeating: 0xFF, count: 34)
        #expect(throws: (any Error).self) { try TransactionIndex.decode(negative) }
    }

    @Test func entriesFollowTheirSegmentsThroughRollTruncationAndRetention() throws {
        var config = LogConfig.default
        config.segmentBytes = 300
        let log = try PartitionLog.open(directory: logPath, topicPartition: testPartition, config: config)
        _ = try log.append(TestBatch.make(count: 1, valueSize: 150), leaderEpoch: LeaderEpoch(0))  // 0
        try log.appendAbortedTransaction(aborted(1, 0, 0))
        _ = try log.append(TestBatch.make(count: 1, valueSize: 150), leaderEpoch: LeaderEpoch(0))  // 1, rolled
        try log.appendAbortedTransaction(aborted(2, 1, 1))
        _ = try log.append(TestBatch.make(count: 1, valueSize: 150), leaderEpoch: LeaderEpoch(0))  // 2, rolled
        try log.appendAbortedTransaction(aborted(3, 2, 2))
        #expect(log.segmentBaseOffsets == [Offset(0), Offset(1), Offset(2)])
        let files = Files.names(in: logPath).filter { $0.hasSuffix(".txnindex") }
        #expect(files == ["00000000000000000000.txnindex", "00000000000000000001.txnindex",
                          "00000000000000000002.txnindex"])
        #expect(log.abortedTransactions(from: Offset(1), upTo: Offset(2)) == [aborted(2, 1, 1)])

        try log.truncate(to: Offset(2))
        #expect(log.allAbortedTransactions == [aborted(1, 0, 0), aborted(2, 1, 1)])
        #expect(!Files.names(in: logPath).contains("00000000000000000002.txnindex"))

        try log.deleteRecords(before: Offset(1))
        #expect(log.allAbortedTransactions == [aborted(2, 1, 1)])
        #expect(!Files.names(in: logPath).contains("00000000000000000000.txnindex"))

        try log.close()
        let reopened = try PartitionLog.open(directory: logPath, topicPartition: testPartition, config: config)
        defer { try? reopened.close() }
        #expect(reopened.allAbortedTransactions == [aborted(2, 1, 1)])
    }

    @Test func aDamagedIndexIsIgnoredAtStartUp() throws {
        let log = try PartitionLog.open(directory: logPath, topicPartition: testPartition)
        _ = try log.append(TestBatch.make(count: 2), leaderEpoch: LeaderEpoch(0))
        try log.appendAbortedTransaction(aborted(1, 0, 1))
        try log.close()
        Files.truncate(logPath + "/00000000000000000000.txnindex", to: 20)
        let reopened = try PartitionLog.open(directory: logPath, topicPartition: testPartition)
        defer { try? reopened.close() }
        #expect(reopened.allAbortedTransactions.isEmpty)
        #expect(reopened.logEndOffset == Offset(2))
    }
}
