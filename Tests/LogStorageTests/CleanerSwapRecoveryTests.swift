import Glibc
import KafkaModel
import LogStorage
import Testing

/// A crash at every step of the cleaner's swap (Kafka's rename protocol: write `.cleaned`, rename to `.swap`,
/// delete the old segments, rename `.swap` to the final name), simulated by leaving the files of that step on
/// disk and opening the log again: it must read either the old segments or the cleaned one, whole, with nothing
/// that should have been kept missing, and leave no temporary file behind.
@Suite struct CleanerSwapRecoveryTests {
    static let config = LogConfig(segmentBytes: 1_024, indexIntervalBytes: 128,
                                  compaction: CompactionConfig(policy: .compact, minCleanableDirtyRatio: 0.01))

    /// The same log before and after one cleaning pass that turns all its inactive segments into one.
    struct Scenario {
        let root = TemporaryDirectory()
        let written: [Keyed.Entry]
        /// Segment base offsets of the log before cleaning (the last one is the empty active segment).
        let oldBases: [Int64]
        var pristine: String { root.path + "/pristine" }
        var cleaned: String { root.path + "/cleaned" }
        static let partitionDirectory = "compacted-0"

        init() throws {
            let fixture = try CleanerFixture(CleanerSwapRecoveryTests.config)
            let log = try fixture.log
            var written: [Keyed.Entry] = []
            for i in 0..<120 {
                written.append(Keyed.Entry(offset: Int64(i), key: "k\(i % 7)", value: "v\(i)"))
                try Keyed.write(log, [("k\(i % 7)", "v\(i)")])
            }
            try log.roll()
            self.written = written
            oldBases = log.segmentBaseOffsets.map(\.rawValue)
            try fixture.reopen(CleanerSwapRecoveryTests.config) {
                Files.copyTree(fixture.directory, to: root.path + "/pristine")
            }
            // One group: segments of up to 1 MiB while cleaning.
            var large = CleanerSwapRecoveryTests.config
            large.segmentBytes = 1 << 20
            try fixture.log.updateConfig(large)
            #expect(fixture.cleanUntilDone().count == 1)
            try fixture.reopen(large) { Files.copyTree(fixture.directory, to: root.path + "/cleaned") }
        }

        var expectedBefore: [Keyed.Entry] { written }
        var expectedAfter: [Keyed.Entry] { Keyed.lastPerKey(written, keepTombstones: true) }

        /// A copy of the log before cleaning, changed by `crash`, then opened.
        func recover(_ name: String, _ crash: (_ partition: String, _ cleanedPartition: String) -> Void) throws
            -> (manager: LogManager, log: PartitionLog, files: [String])
        {
            let data = root.path + "/" + name
            Files.copyTree(pristine, to: data)
            let partition = data + "/" + Self.partitionDirectory
            crash(partition, cleaned + "/" + Self.partitionDirectory)
            let manager = try LogManager(logDirectories: [data], brokerID: BrokerID(1), clusterID: "c",
                                         defaultConfig: CleanerSwapRecoveryTests.config)
            let log = try #require(manager.log(for: TopicPartition("compacted", PartitionIndex(0))))
            return (manager, log, Files.names(in: partition))
        }

        static func name(_ base: Int64, _ suffix: String) -> String {
            let digits = String(base)
            return String(repeating: "0", count: 20 - digits.count) + digits + suffix
        }
    }

    /// The state after recovery reads as `expected`, holds no temporary file, and cleans to the right result.
    func check(_ recovered: (manager: LogManager, log: PartitionLog, files: [String]), _ expected: [Keyed.Entry],
               _ scenario: Scenario) throws {
        #expect(try Keyed.readAll(recovered.log) == expected)
        #expect(recovered.files.allSatisfy { !$0.hasSuffix(".cleaned") && !$0.hasSuffix(".swap") })
        let cleaner = LogCleaner(logManager: recovered.manager, config: CleanerConfig(dedupeBufferSize: 1 << 20))
        cleaner.cleanFilthiestLog()
        #expect(try Keyed.readAll(recovered.log) == scenario.expectedAfter)
        try recovered.manager.close()
    }

    @Test func crashWhileWritingTheCleanedSegmentKeepsTheOldSegments() throws {
        let scenario = try Scenario()
        let recovered = try scenario.recover("cleaning") { partition, cleaned in
            // Half a cleaned segment and its indexes, as a crash in the middle of the copy leaves them.
            let log = Scenario.name(0, ".log")
            Files.copy(cleaned + "/" + log, to: partition + "/" + log + ".cleaned")
            Files.truncate(partition + "/" + log + ".cleaned", to: Files.size(cleaned + "/" + log) / 2)
            Files.copy(cleaned + "/" + Scenario.name(0, ".index"), to: partition + "/" + Scenario.name(0, ".index.cleaned"))
        }
        #expect(recovered.files.filter { $0.hasSuffix(".log") }.count == scenario.oldBases.count)
        try check(recovered, scenario.expectedBefore, scenario)
    }

    @Test func crashBetweenRenamingTheIndexesAndTheLogToSwapKeepsTheOldSegments() throws {
        let scenario = try Scenario()
        let recovered = try scenario.recover("renaming") { partition, cleaned in
            Files.copy(cleaned + "/" + Scenario.name(0, ".index"), to: partition + "/" + Scenario.name(0, ".index.swap"))
            Files.copy(cleaned + "/" + Scenario.name(0, ".timeindex"),
                       to: partition + "/" + Scenario.name(0, ".timeindex.swap"))
            Files.copy(cleaned + "/" + Scenario.name(0, ".log"), to: partition + "/" + Scenario.name(0, ".log.cleaned"))
        }
        try check(recovered, scenario.expectedBefore, scenario)
    }

    @Test func crashRightAfterTheRenameToSwapCompletesTheSwap() throws {
        let scenario = try Scenario()
        let recovered = try scenario.recover("swapped") { partition, cleaned in
            for suffix in [".index", ".timeindex", ".log"] {
                Files.copy(cleaned + "/" + Scenario.name(0, suffix), to: partition + "/" + Scenario.name(0, suffix + ".swap"))
            }
        }
        // Every old segment the cleaned one replaces is gone; the active one stays.
        #expect(recovered.files.filter { $0.hasSuffix(".log") }
            == [Scenario.name(0, ".log"), Scenario.name(try #require(scenario.oldBases.last), ".log")])
        try check(recovered, scenario.expectedAfter, scenario)
    }

    @Test func crashWhileDeletingTheOldSegmentsCompletesTheSwap() throws {
        let scenario = try Scenario()
        for deleted in [1, 3, scenario.oldBases.count - 1] {
            let recovered = try scenario.recover("deleting-\(deleted)") { partition, cleaned in
                Files.copy(cleaned + "/" + Scenario.name(0, ".log"), to: partition + "/" + Scenario.name(0, ".log.swap"))
                // Oldest first, each segment's log before its indexes; the last one half done.
                for base in scenario.oldBases.prefix(deleted) {
                    TemporaryDirectory.remove(partition + "/" + Scenario.name(base, ".log"))
                    if base != scenario.oldBases[deleted - 1] {
                        TemporaryDirectory.remove(partition + "/" + Scenario.name(base, ".index"))
                        TemporaryDirectory.remove(partition + "/" + Scenario.name(base, ".timeindex"))
                    }
                }
            }
            try check(recovered, scenario.expectedAfter, scenario)
        }
    }

    @Test func crashBetweenTheFinalRenamesCompletesTheSwap() throws {
        let scenario = try Scenario()
        let recovered = try scenario.recover("finishing") { partition, cleaned in
            for base in scenario.oldBases.dropLast() {
                for suffix in [".log", ".index", ".timeindex"] {
                    TemporaryDirectory.remove(partition + "/" + Scenario.name(base, suffix))
                }
            }
            // The indexes already have their final names, the log is still `.swap`.
            Files.copy(cleaned + "/" + Scenario.name(0, ".index"), to: partition + "/" + Scenario.name(0, ".index"))
            Files.copy(cleaned + "/" + Scenario.name(0, ".timeindex"), to: partition + "/" + Scenario.name(0, ".timeindex"))
            Files.copy(cleaned + "/" + Scenario.name(0, ".log"), to: partition + "/" + Scenario.name(0, ".log.swap"))
        }
        try check(recovered, scenario.expectedAfter, scenario)
    }

    @Test func aSwapFileAboveAnUnfinishedCleanedFileIsDiscarded() throws {
        let scenario = try Scenario()
        let recovered = try scenario.recover("unfinished") { partition, cleaned in
            Files.copy(cleaned + "/" + Scenario.name(0, ".log"), to: partition + "/" + Scenario.name(0, ".log.swap"))
            Files.copy(cleaned + "/" + Scenario.name(0, ".log"), to: partition + "/" + Scenario.name(0, ".log.cleaned"))
        }
        try check(recovered, scenario.expectedBefore, scenario)
    }
}

extension Files {
    /// Copies a log directory: its files and its partition directories' files.
    static func copyTree(_ from: String, to: String) {
        mkdir(to, 0o755)
        for name in names(in: from) {
            if isDirectory(from + "/" + name) {
                copyDirectory(from + "/" + name, to: to + "/" + name)
            } else {
                copy(from + "/" + name, to: to + "/" + name)
            }
        }
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
