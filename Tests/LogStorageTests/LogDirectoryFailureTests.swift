import Glibc
import KafkaModel
import LogStorage
import Testing

/// KIP-112 in the log layer: an I/O error takes its log directory offline once, every later operation on its logs
/// fails at once, the other directories carry on; fsync failures never move the recovery point; a roll's fsync runs
/// in the background (failures injected through `FileFaults`).
@Suite(.timeLimit(.minutes(1))) struct LogDirectoryFailureTests {
    let root = TemporaryDirectory()
    var dirA: String { root.path + "/a" }
    var dirB: String { root.path + "/b" }
    let orders0 = TopicPartition("orders", PartitionIndex(0))
    let orders1 = TopicPartition("orders", PartitionIndex(1))

    func append(_ log: PartitionLog, count: Int = 1) throws {
        for _ in 0..<count { try log.append(TestBatch.make(count: 1, valueSize: 100), leaderEpoch: LeaderEpoch(0)) }
    }

    /// The failures the manager reported, in order.
    final class Reports: @unchecked Sendable {
        // Safe: guarded by `lock`.
        private let lock = TestLock()
        private var entries: [(String, LogStorageError)] = []
        func record(_ directory: String, _ cause: LogStorageError) { lock.withLock { entries.append((directory, cause)) } }
        var directories: [String] { lock.withLock { entries.map(\.0) } }
    }

    /// A manager whose clock reads the batches' time: segments roll by size only.
    func manager(_ directories: [String], _ config: LogConfig = .default, reports: Reports) throws -> LogManager {
        let manager = try LogManager(logDirectories: directories, brokerID: BrokerID(1), clusterID: "c",
                                     defaultConfig: config, clock: ManualClock(1_000).wallClock)
        manager.setDirectoryFailureListener { reports.record($0, $1) }
        return manager
    }

    @Test func aWriteErrorTakesItsDirectoryOfflineOnceAndTheOtherDirectoryCarriesOn() throws {
        let reports = Reports()
        let manager = try manager([dirA, dirB], reports: reports)
        let failing = try manager.getOrCreateLog(for: orders0)
        let healthy = try manager.getOrCreateLog(for: orders1)
        #expect(failing.logDirectoryPath == dirA && healthy.logDirectoryPath == dirB)
        try append(failing)

        let fault = FileFaults.install(under: dirA) { operation, _ in operation == .write ? ENOSPC : nil }
        defer { FileFaults.remove(fault) }
        #expect(throws: LogStorageError.self) { try append(failing) }
        #expect(failing.isOffline)
        #expect(reports.directories == [dirA])

        // Every later operation is refused at once, whatever it is; the device is not touched again.
        FileFaults.remove(fault)
        let offline = LogStorageError.logDirectoryOffline(dirA)
        #expect(throws: offline) { try append(failing) }
        #expect(throws: offline) { try failing.read(from: Offset(0), maxBytes: 1 << 20) }
        #expect(throws: offline) { try failing.flush() }
        #expect(throws: offline) { try failing.truncate(to: Offset(0)) }
        #expect(throws: offline) { try failing.leaderEpochCache.assign(epoch: LeaderEpoch(3), startOffset: Offset(1)) }
        manager.reportFailure(in: dirA, LogStorageError.io(operation: "fsync", path: dirA, errno: EIO))
        #expect(reports.directories == [dirA], "told once per directory")

        try append(healthy, count: 3)
        #expect(healthy.logEndOffset == Offset(3))
        #expect(manager.offlineLogDirectories == [dirA] && manager.liveLogDirectories == [dirB])
        #expect(manager.log(for: orders0) == nil && manager.allLogs.keys.sorted() == [orders1])

        // The failed partition is not created afresh elsewhere; a replica that is not new is refused while a
        // directory is offline (its log may be there); a new one goes to a working directory.
        let other = TopicPartition("payments", PartitionIndex(0))
        #expect(throws: offline) { try manager.getOrCreateLog(for: orders0) }
        #expect(throws: offline) { try manager.getOrCreateLog(for: other, isNew: false) }
        #expect(try manager.getOrCreateLog(for: other).logDirectoryPath == dirB)

        #expect(manager.closeLogs(inOfflineDirectory: dirA) == [orders0])
        try manager.close()
    }

    @Test func anFsyncFailureNeverMovesTheRecoveryPoint() throws {
        let reports = Reports()
        let manager = try manager([dirA], reports: reports)
        let log = try manager.getOrCreateLog(for: orders0)
        try append(log, count: 5)
        let fault = FileFaults.install(under: dirA) { operation, _ in operation == .sync ? EIO : nil }
        #expect(throws: LogStorageError.self) { try log.flush() }
        FileFaults.remove(fault)
        // A later fsync might "succeed" without the lost pages ever reaching the disk: nothing moves it now.
        #expect(throws: LogStorageError.logDirectoryOffline(dirA)) { try log.flush() }
        #expect(log.recoveryPoint == Offset(0))
        manager.waitForBackgroundFlushes()
        #expect(reports.directories == [dirA])
    }

    /// A roll used to fsync the sealed segment under the append lock (on a network event loop for acks=0/1). Now
    /// the appending thread never fsyncs, and the recovery point moves only once the background fsync is done.
    @Test func aRollFsyncsTheSealedSegmentInTheBackground() throws {
        let reports = Reports()
        let manager = try manager([dirA], LogConfig(segmentBytes: 1_000), reports: reports)
        let log = try manager.getOrCreateLog(for: orders0)
        let appending = pthread_self()
        let gate = Gate()
        let fsyncsOnTheAppendingThread = Counter()
        let fault = FileFaults.install(under: dirA) { operation, path in
            guard operation == .sync else { return nil }
            if pthread_equal(pthread_self(), appending) != 0 {
                fsyncsOnTheAppendingThread.increment()
            } else if path.hasSuffix(".log") {
                gate.wait()
            }
            return nil
        }
        defer { FileFaults.remove(fault) }
        while log.segmentBaseOffsets.count < 2 { try append(log) }
        let sealedEnd = try #require(log.segmentBaseOffsets.last)
        #expect(log.recoveryPoint == Offset(0), "the sealed segment is not durable yet")
        try append(log, count: 3)  // appends go on meanwhile

        gate.open()
        manager.waitForBackgroundFlushes()
        #expect(log.recoveryPoint == sealedEnd)
        #expect(fsyncsOnTheAppendingThread.value == 0)
        #expect(reports.directories.isEmpty)
        try manager.close()
    }

    /// `flush.messages` still means "fsync once this many messages are unflushed", including what a roll sealed and
    /// the background has not flushed yet.
    @Test func flushMessagesFlushesSealedSegmentsTheBackgroundHasNotReached() throws {
        let reports = Reports()
        let manager = try manager([dirA], LogConfig(segmentBytes: 1_000, flushMessages: 12), reports: reports)
        let log = try manager.getOrCreateLog(for: orders0)
        let appending = pthread_self()
        let gate = Gate()
        let fault = FileFaults.install(under: dirA) { operation, path in
            if operation == .sync, path.hasSuffix(".log"), pthread_equal(pthread_self(), appending) == 0 { gate.wait() }
            return nil
        }
        defer { FileFaults.remove(fault) }
        try append(log, count: 11)
        #expect(log.segmentBaseOffsets.count > 1 && log.recoveryPoint == Offset(0))
        try append(log)
        #expect(log.recoveryPoint == Offset(12), "the 12th message flushed everything, sealed segments included")
        gate.open()
        manager.waitForBackgroundFlushes()
        #expect(log.recoveryPoint == Offset(12))
        try manager.close()
    }

    @Test func aFailedBackgroundFlushTakesTheDirectoryOfflineAndKeepsTheRecoveryPoint() throws {
        let reports = Reports()
        let manager = try manager([dirA, dirB], LogConfig(segmentBytes: 1_000), reports: reports)
        let log = try manager.getOrCreateLog(for: orders0)
        let fault = FileFaults.install(under: dirA) { operation, path in
            operation == .sync && path.hasSuffix(".log") ? EIO : nil
        }
        defer { FileFaults.remove(fault) }
        while log.segmentBaseOffsets.count < 2 { try append(log) }
        manager.waitForBackgroundFlushes()
        #expect(log.isOffline)
        #expect(log.recoveryPoint == Offset(0))
        #expect(reports.directories == [dirA])
        #expect(throws: LogStorageError.logDirectoryOffline(dirA)) { try append(log) }
    }

    @Test func aDirectoryUnusableAtStartUpIsOfflineAndTheOthersServe() throws {
        // A path below a regular file cannot be created (ENOTDIR), whoever runs the test.
        let file = root.path + "/plain-file"
        Files.write(file, "x")
        let unusable = file + "/logs"
        do {
            let manager = try LogManager(logDirectories: [dirA], brokerID: BrokerID(1), clusterID: "c")
            try append(try manager.getOrCreateLog(for: orders0), count: 2)
            try manager.close()
        }
        let reports = Reports()
        let manager = try manager([unusable, dirA], reports: reports)
        #expect(manager.offlineLogDirectories == [unusable] && manager.liveLogDirectories == [dirA])
        #expect(reports.directories == [unusable], "failures before the listener was installed are reported to it")
        #expect(manager.log(for: orders0)?.logEndOffset == Offset(2))
        #expect(try manager.getOrCreateLog(for: orders1).logDirectoryPath == dirA)
        try manager.close()

        #expect(throws: LogStorageError.allLogDirectoriesOffline([unusable])) {
            _ = try LogManager(logDirectories: [unusable], brokerID: BrokerID(1), clusterID: "c")
        }
    }

    @Test func aDirectoryFailingWhileItsLogsLoadIsLeftOut() throws {
        do {
            let manager = try LogManager(logDirectories: [dirA, dirB], brokerID: BrokerID(1), clusterID: "c")
            try append(try manager.getOrCreateLog(for: orders0))
            try append(try manager.getOrCreateLog(for: orders1))
            try manager.close()
        }
        let fault = FileFaults.install(under: dirA + "/orders-0") { operation, _ in operation == .read ? EIO : nil }
        defer { FileFaults.remove(fault) }
        let reports = Reports()
        let manager = try manager([dirA, dirB], reports: reports)
        #expect(manager.offlineLogDirectories == [dirA])
        #expect(manager.allLogs.keys.sorted() == [orders1])
        #expect(reports.directories == [dirA])
    }
}

/// Holds background fsyncs until opened (at most ten seconds, so a broken test fails rather than hangs).
final class Gate: @unchecked Sendable {
    // Safe: guarded by `lock`.
    private let lock = TestLock()
    private var isOpen = false
    func open() { lock.withLock { isOpen = true } }
    func wait() {
        for _ in 0..<1_000 {
            if lock.withLock({ isOpen }) { return }
            usleep(10_000)
        }
    }
}

final class Counter: @unchecked Sendable {
    // Safe: guarded by `lock`.
    private let lock = TestLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
