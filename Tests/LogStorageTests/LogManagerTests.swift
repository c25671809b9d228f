import Foundation
import KafkaModel
import LogStorage
import Testing

@Suite struct LogManagerTests {
    let root = TemporaryDirectory()
    var dirs: [String] { [root.path + "/a", root.path + "/b"] }

    @Test func writesAndChecksMetaProperties() throws {
        let manager = try LogManager(logDirectories: dirs, brokerID: BrokerID(1), clusterID: "cluster-x")
        try manager.close()
        for dir in dirs {
            #expect(try MetaProperties.read(fromDirectory: dir) == MetaProperties(brokerID: BrokerID(1), clusterID: "cluster-x"))
        }
        #expect(throws: LogStorageError.inconsistentClusterID(directory: dirs[0], found: "cluster-x", expected: "cluster-y")) {
            _ = try LogManager(logDirectories: dirs, brokerID: BrokerID(1), clusterID: "cluster-y")
        }
        #expect(throws: LogStorageError.inconsistentBrokerID(directory: dirs[0], found: 1, expected: 2)) {
            _ = try LogManager(logDirectories: dirs, brokerID: BrokerID(2), clusterID: "cluster-x")
        }
        // Cluster id not known yet: taken from the directories.
        #expect(try LogManager(logDirectories: dirs, brokerID: BrokerID(1), clusterID: nil).clusterID == "cluster-x")
    }

    /// Kafka's `partition.metadata`: the id of the topic a log was created for, so a log of a deleted topic
    /// is not taken for one of a new topic with the same name.
    @Test func recordsTheTopicIDBesideEachLogAndRefusesAnother() throws {
        let partition = TopicPartition("orders", PartitionIndex(0))
        let unrecorded = TopicPartition("orders", PartitionIndex(1))
        do {
            let manager = try LogManager(logDirectories: [root.path + "/a"], brokerID: BrokerID(1), clusterID: "c")
            let log = try manager.getOrCreateLog(for: partition, topicID: "q1Sh-9_ISia_zwGINzRvyQ")
            #expect(Files.read(log.directory + "/partition.metadata") == "version: 0\ntopic_id: q1Sh-9_ISia_zwGINzRvyQ\n")
            _ = try manager.getOrCreateLog(for: unrecorded)
            try manager.close()
        }
        let manager = try LogManager(logDirectories: [root.path + "/a"], brokerID: BrokerID(1), clusterID: "c")
        #expect(manager.topicID(for: partition) == "q1Sh-9_ISia_zwGINzRvyQ")
        #expect(manager.topicID(for: unrecorded) == nil)
        _ = try manager.getOrCreateLog(for: partition, topicID: "q1Sh-9_ISia_zwGINzRvyQ")
        #expect(throws: LogStorageError.inconsistentTopicID(partition, recorded: "q1Sh-9_ISia_zwGINzRvyQ",
                                                            requested: "AAAAAAAAAAAAAAAAAAAAAQ")) {
            _ = try manager.getOrCreateLog(for: partition, topicID: "AAAAAAAAAAAAAAAAAAAAAQ")
        }
        // A log without a record is stamped by the first request that names its topic's id.
        _ = try manager.getOrCreateLog(for: unrecorded, topicID: "AAAAAAAAAAAAAAAAAAAAAQ")
        #expect(manager.topicID(for: unrecorded) == "AAAAAAAAAAAAAAAAAAAAAQ")
    }

    /// Requests still in flight while a broker shuts down must not open logs again behind the closed manager.
    @Test func aClosedManagerOpensAndCreatesNothing() throws {
        let manager = try LogManager(logDirectories: [root.path + "/a"], brokerID: BrokerID(1), clusterID: "c")
        let existing = TopicPartition("orders", PartitionIndex(0))
        _ = try manager.getOrCreateLog(for: existing)
        try manager.close()
        #expect(throws: LogStorageError.logClosed(existing)) { _ = try manager.getOrCreateLog(for: existing) }
        let fresh = TopicPartition("orders", PartitionIndex(1))
        #expect(throws: LogStorageError.logClosed(fresh)) { _ = try manager.getOrCreateLog(for: fresh) }
        #expect(Files.names(in: root.path + "/a").filter { $0.hasPrefix("orders") } == ["orders-0"])
        #expect(manager.allLogs.isEmpty)
    }

    @Test func createsInTheEmptiestDirectoryAndReloadsOnStart() throws {
        let partitions = (0..<4).map { TopicPartition("my-topic-name", PartitionIndex($0)) }
        do {
            let manager = try LogManager(logDirectories: dirs, brokerID: BrokerID(1), clusterID: "c")
            for partition in partitions {
                let log = try manager.getOrCreateLog(for: partition)
                try log.append(TestBatch.make(count: Int(partition.partition.rawValue) + 1), leaderEpoch: LeaderEpoch(0))
            }
            let placed = partitions.compactMap { manager.logDirectory(for: $0) }
            #expect(placed.filter { $0 == dirs[0] }.count == 2)
            #expect(placed.filter { $0 == dirs[1] }.count == 2)
            #expect(try manager.getOrCreateLog(for: partitions[0]) === manager.log(for: partitions[0]))
            try manager.close()
        }
        let manager = try LogManager(logDirectories: dirs, brokerID: BrokerID(1), clusterID: "c")
        #expect(Set(manager.allLogs.keys) == Set(partitions))
        for partition in partitions {
            #expect(manager.log(for: partition)?.logEndOffset == Offset(Int64(partition.partition.rawValue) + 1))
        }
        try manager.deleteLog(for: partitions[1])
        #expect(manager.log(for: partitions[1]) == nil)
        #expect(!Files.names(in: dirs[0]).contains("my-topic-name-1") && !Files.names(in: dirs[1]).contains("my-topic-name-1"))
        try manager.close()
        #expect(try LogManager(logDirectories: dirs, brokerID: BrokerID(1), clusterID: "c").allLogs.count == 3)
    }

    @Test func manyPartitionsDoNotExhaustFileDescriptors() throws {
        let baseline = Files.openDescriptorCount(under: dirs)
        let partitionCount = 150, cacheLimit = 16
        let config = LogConfig(segmentBytes: 400)
        let manager = try LogManager(logDirectories: dirs, brokerID: BrokerID(1), clusterID: "c", defaultConfig: config,
                                     maxOpenSegmentFiles: cacheLimit, clock: ManualClock(1_000).wallClock)
        for index in 0..<partitionCount {
            let log = try manager.getOrCreateLog(for: TopicPartition("t", PartitionIndex(Int32(index))))
            for _ in 0..<6 { try log.append(TestBatch.make(count: 1, valueSize: 100), leaderEpoch: LeaderEpoch(0)) }
            #expect(log.segmentBaseOffsets.count == 3)
        }
        // One descriptor per active segment plus the bounded cache, whatever the number of segments.
        #expect(Files.openDescriptorCount(under: dirs) - baseline <= partitionCount + cacheLimit + 4)
        for (_, log) in manager.allLogs {
            let result = try log.read(from: Offset(0), maxBytes: 1 << 20)
            #expect(TestBatch.headers(in: try result.readBytes()).count == 6)
        }
        #expect(manager.openSegmentFileCount <= cacheLimit)
        #expect(Files.openDescriptorCount(under: dirs) - baseline <= partitionCount + cacheLimit + 4)
        try manager.close()
        #expect(Files.openDescriptorCount(under: dirs) - baseline <= cacheLimit + 4)
    }

    @Test func retentionRunsAcrossLogs() throws {
        let manager = try LogManager(logDirectories: dirs, brokerID: BrokerID(1), clusterID: "c",
                                     defaultConfig: LogConfig(segmentBytes: 400, retentionMs: 1_000),
                                     clock: ManualClock(1_000).wallClock)
        let partition = TopicPartition("t", PartitionIndex(0))
        let log = try manager.getOrCreateLog(for: partition)
        for _ in 0..<8 { try log.append(TestBatch.make(count: 1, valueSize: 100, timestamp: 1_000), leaderEpoch: LeaderEpoch(0)) }
        #expect(manager.enforceRetention(now: 1_500).isEmpty)
        let bounded = manager.enforceRetention(now: 10_000, upperBound: { _ in Offset(0) })
        #expect(bounded.isEmpty)
        let results = manager.enforceRetention(now: 10_000)
        // Two 169-byte batches per 400-byte segment: four segments, the active one stays.
        #expect(results[partition]?.deletedSegments == 3)
        #expect(log.segmentBaseOffsets == [Offset(6)])
        #expect(log.logStartOffset == Offset(6))
    }
}

/// Names from the wire become directory names: only single, legal path components get that far.
@Suite struct LogDirectoryNameTests {
    @Test func aNameThatWouldLeaveTheLogDirectoryIsRefused() throws {
        let root = TemporaryDirectory()
        let manager = try LogManager(logDirectories: [root.path + "/logs"], brokerID: BrokerID(1), clusterID: "c")
        defer { try? manager.close() }
        for name in ["../../x", "..", ".", "a/b", "", String(repeating: "t", count: 250), "bad name"] {
            #expect(throws: LogStorageError.illegalDirectoryName(TopicPartition(TopicName(name), PartitionIndex(0)))) {
                _ = try manager.getOrCreateLog(for: TopicPartition(TopicName(name), PartitionIndex(0)))
            }
        }
        #expect(throws: LogStorageError.self) {
            _ = try manager.getOrCreateLog(for: TopicPartition(TopicName("ok"), PartitionIndex(-1)))
        }
        #expect(!FileManager.default.fileExists(atPath: root.path + "/x"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["logs"])
        _ = try manager.getOrCreateLog(for: TopicPartition(TopicName("Legal.name_1-x"), PartitionIndex(0)))
    }
}
