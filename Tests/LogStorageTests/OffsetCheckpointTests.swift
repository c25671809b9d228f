import Glibc
import KafkaModel
import LogStorage
import Testing

/// Kafka's per-directory offset checkpoints: `replication-offset-checkpoint`, `recovery-point-offset-checkpoint`
/// and `log-start-offset-checkpoint`.
@Suite struct OffsetCheckpointTests {
    let root = TemporaryDirectory()
    var dir: String { root.path + "/a" }
    var recoveryFile: String { dir + "/recovery-point-offset-checkpoint" }
    let orders0 = TopicPartition("orders", PartitionIndex(0))

    func openManager(_ config: LogConfig = .default) throws -> LogManager {
        try LogManager(logDirectories: [dir], brokerID: BrokerID(1), clusterID: "c", defaultConfig: config)
    }

    // MARK: - File format

    @Test func roundTripsInKafkasTextFormat() throws {
        let path = root.path + "/replication-offset-checkpoint"
        let entries: [TopicPartition: Offset] = [
            TopicPartition("orders", PartitionIndex(1)): Offset(1400), orders0: Offset(1523),
            TopicPartition("__consumer_offsets", PartitionIndex(17)): Offset(88),
        ]
        try OffsetCheckpointFile.write(entries, to: path)
        #expect(Files.read(path) == "0\n3\n__consumer_offsets 17 88\norders 0 1523\norders 1 1400\n")
        #expect(try OffsetCheckpointFile.read(path) == entries)

        try OffsetCheckpointFile.write([:], to: path)
        #expect(Files.read(path) == "0\n0\n")
        #expect(try OffsetCheckpointFile.read(path) == [:])
        #expect(try OffsetCheckpointFile.read(root.path + "/missing") == nil)
        Files.write(path, "")
        #expect(try OffsetCheckpointFile.read(path) == [:])
    }

    @Test func replacesTheFileAtomically() throws {
        let path = root.path + "/recovery-point-offset-checkpoint"
        try OffsetCheckpointFile.write([orders0: Offset(5)], to: path)
        try OffsetCheckpointFile.write([orders0: Offset(9)], to: path)
        #expect(Files.read(path) == "0\n1\norders 0 9\n")
        #expect(!Files.names(in: root.path).contains { $0.hasSuffix(".tmp") })

        // A write that cannot complete (here its temporary file cannot be created) leaves the old content.
        makeDirectory(path + ".tmp")
        #expect(throws: LogStorageError.self) { try OffsetCheckpointFile.write([orders0: Offset(20)], to: path) }
        #expect(Files.read(path) == "0\n1\norders 0 9\n")
    }

    @Test(arguments: [
        "1\n0\n",  // unknown version
        "0\n2\norders 0 1\n",  // fewer entries than counted
        "0\n0\norders 0 1\n",  // more entries than counted
        "0\n-1\n", "0\nmany\n", "0\n99999999999999999999999\n", "0\n",
        "0\n1\norders 0 x\n", "0\n1\norders x 1\n", "0\n1\norders 0\n", "0\n1\norders 0 1 2\n",
        "0\n1\norders  0 1\n",  // double space
        "0\n1\norders 0 -1\n",  // negative offset
        "0\n1\norders -1 5\n",  // negative partition
        "0\n1\norders 0 99999999999999999999\n",  // offset overflows Int64
        "0\n1\n../etc 0 5\n", "0\n1\n.. 0 5\n", "0\n1\nor/ders 0 5\n", "0\n1\nörders 0 5\n",  // illegal names
        "0\n2\norders 0 1\norders 0 2\n",  // duplicate
        "0\n1\norders 0 5",  // torn: no final newline
        "\u{0}\u{1}\u{2}", "0\r\n1\r\norders 0 5\r\n",
    ])
    func rejectsMalformedFiles(_ content: String) throws {
        let path = root.path + "/checkpoint"
        Files.write(path, content)
        #expect(throws: LogStorageError.self) { try OffsetCheckpointFile.read(path) }
    }

    // MARK: - Recovery points

    /// Appends `count` one-record batches (with `segmentBytes` small, several segments).
    func append(_ log: PartitionLog, count: Int) throws {
        for _ in 0..<count { try log.append(TestBatch.make(count: 1, valueSize: 100), leaderEpoch: LeaderEpoch(0)) }
    }

    @Test func cleanShutdownWritesTheDirectoryFilesAndRecoverySkipsCleanSegments() throws {
        let config = LogConfig(segmentBytes: 1_000)
        var bases: [Offset] = []
        do {
            let manager = try openManager(config)
            let log = try manager.getOrCreateLog(for: orders0)
            try append(log, count: 30)
            bases = log.segmentBaseOffsets
            try manager.close()
        }
        #expect(bases.count > 2)
        #expect(Files.read(recoveryFile) == "0\n1\norders 0 30\n")
        #expect(Files.read(dir + "/log-start-offset-checkpoint") == "0\n1\norders 0 0\n")
        #expect(!Files.names(in: dir + "/orders-0").contains("offsets-checkpoint"))

        // Damage a record (not a header) in the oldest segment: only a checksum would see it.
        Files.flipByte(dir + "/orders-0/" + bases[0].rawValue.paddedSegmentName + ".log", at: 70)
        do {
            // Below the recovery point the segment is trusted: not rescanned, nothing cut.
            let manager = try openManager(config)
            #expect(manager.log(for: orders0)?.logEndOffset == Offset(30))
            #expect(manager.log(for: orders0)?.recoveryPoint == Offset(30))
            try manager.close()
        }
        // Without the checkpoint every segment is rescanned and the log ends before the damaged batch.
        removeFile(recoveryFile)
        let manager = try openManager(config)
        #expect(manager.log(for: orders0)?.logEndOffset == bases[0])
        #expect(Files.read(recoveryFile) == "0\n1\norders 0 \(bases[0].rawValue)\n")
        try manager.close()
    }

    @Test func aMalformedRecoveryCheckpointMeansFullRecovery() throws {
        let config = LogConfig(segmentBytes: 1_000)
        var bases: [Offset] = []
        do {
            let manager = try openManager(config)
            let log = try manager.getOrCreateLog(for: orders0)
            try append(log, count: 30)
            bases = log.segmentBaseOffsets
            try manager.close()
        }
        Files.flipByte(dir + "/orders-0/" + bases[0].rawValue.paddedSegmentName + ".log", at: 70)
        // Claims more than was written, and names a partition with no log and an illegal one: the whole file goes.
        Files.write(recoveryFile, "0\n3\norders 0 30\nghost 0 7\n../x 0 1\n")
        let manager = try openManager(config)
        #expect(manager.log(for: orders0)?.logEndOffset == bases[0])
        #expect(Files.read(recoveryFile) == "0\n1\norders 0 \(bases[0].rawValue)\n")
        try manager.close()
    }

    @Test func entriesOfPartitionsWithoutALogAreDropped() throws {
        do {
            let manager = try openManager()
            try append(try manager.getOrCreateLog(for: orders0), count: 3)
            try manager.close()
        }
        Files.write(recoveryFile, "0\n2\nghost 4 7\norders 0 3\n")
        let manager = try openManager()
        #expect(manager.log(for: orders0)?.logEndOffset == Offset(3))
        #expect(Files.read(recoveryFile) == "0\n1\norders 0 3\n")
        try manager.close()
    }

    /// A truncation below the recovery point reaches the file at once: a crash must not leave a recovery point
    /// that vouches for the unflushed records appended after the cut.
    @Test func truncationLowersTheCheckpointedRecoveryPointAtOnce() throws {
        let manager = try openManager()
        let log = try manager.getOrCreateLog(for: orders0)
        try append(log, count: 10)
        try log.flush()
        manager.checkpointLogOffsets()
        #expect(Files.read(recoveryFile) == "0\n1\norders 0 10\n")
        try log.truncate(to: Offset(4))
        #expect(Files.read(recoveryFile) == "0\n1\norders 0 4\n")
        try log.deleteRecords(before: Offset(2))
        #expect(Files.read(dir + "/log-start-offset-checkpoint") == "0\n1\norders 0 2\n")
        try manager.close()
    }

    @Test func takesOverTheRecoveryPointOfTheOldPerPartitionFile() throws {
        do {
            let manager = try openManager()
            try append(try manager.getOrCreateLog(for: orders0), count: 5)
            try manager.close()
        }
        removeFile(recoveryFile)
        removeFile(dir + "/log-start-offset-checkpoint")
        Files.write(dir + "/orders-0/offsets-checkpoint", "0\nrecovery-point 5\nlog-start-offset 2\n")
        let manager = try openManager()
        #expect(manager.log(for: orders0)?.logStartOffset == Offset(2))
        #expect(Files.read(recoveryFile) == "0\n1\norders 0 5\n")
        #expect(Files.read(dir + "/orders-0/offsets-checkpoint") == nil)
        try manager.close()
    }
}

/// Removes a file; a missing one is fine.
private func removeFile(_ path: String) {
    _ = unlink(path)
}

private func makeDirectory(_ path: String) {
    _ = mkdir(path, 0o755)
}
