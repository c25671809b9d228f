import Replication
import Foundation
import KafkaModel
import KafkaProtocol
import KafkaRecords
import LogStorage
import Logging
import NIOCore
import TestSupport
import Testing

/// `replication-offset-checkpoint`: a restarted broker's partitions start from their checkpointed high watermark.
@Suite struct HighWatermarkCheckpointTests {
    let root: TemporaryDirectory
    let orders0 = TopicPartition(TopicName("orders"), PartitionIndex(0))
    let orders1 = TopicPartition(TopicName("orders"), PartitionIndex(1))
    var dir: String { root.path + "/a" }
    var file: String { dir + "/replication-offset-checkpoint" }
    let logger = Logger(label: "test")

    init() throws { root = try TemporaryDirectory(prefix: "hw-checkpoint") }

    func openManager() throws -> LogManager {
        try LogManager(logDirectories: [dir], brokerID: BrokerID(1), clusterID: "c", logger: logger)
    }

    /// Logs for `orders-0` (10 records) and `orders-1` (4 records), closed cleanly.
    func makeLogs() throws {
        let manager = try openManager()
        for (partition, count) in [(orders0, 10), (orders1, 4)] {
            var builder = RecordBatchBuilder()
            for index in 0..<count { builder.append(key: nil, value: ByteBuffer(string: "v\(index)"), timestamp: 1_000) }
            try manager.getOrCreateLog(for: partition).append(try builder.build(), leaderEpoch: LeaderEpoch(0))
        }
        try manager.close()
    }

    /// Leads `partition` with a follower that has not fetched yet, so the high watermark cannot move on its own.
    func lead(_ replicas: ReplicaManager, _ partition: TopicPartition) -> Offset? {
        let change = ReplicaManager.LeadershipChange(
            partition: partition, leader: BrokerID(1), leaderEpoch: LeaderEpoch(1), isr: [BrokerID(1), BrokerID(2)],
            replicas: [BrokerID(1), BrokerID(2)], zkVersion: 0)
        #expect(replicas.applyLeadership([change], nowMs: 0)[partition] == KafkaErrorCode.none)
        return replicas.partition(partition)?.highWatermark
    }

    func write(_ text: String) throws {
        try text.write(toFile: file, atomically: false, encoding: .utf8)
    }

    func read() -> String? { try? String(contentsOfFile: file, encoding: .utf8) }

    @Test func restoresTheHighWatermarkCappedAtTheLogEnd() throws {
        defer { root.remove() }
        try makeLogs()
        // orders-1 claims more than its log holds (its unflushed tail died with the broker): capped at 4.
        try write("0\n3\nghost 0 3\norders 0 7\norders 1 50\n")
        let replicas = ReplicaManager(localBroker: BrokerID(1), logManager: try openManager(), purgatoryTimer: ManualTimer(), logger: logger)
        #expect(lead(replicas, orders0) == Offset(7))
        #expect(lead(replicas, orders1) == Offset(4))
        replicas.close()
    }

    @Test(arguments: ["1\n1\norders 0 7\n", "0\n2\norders 0 7\n", "0\n1\norders 0 -7\n", "0\n1\norders 0 seven\n",
                      "0\n1\nor ders 0 7\n", "0\n1\n../orders 0 7\n", "\u{0}\u{ff}"])
    func aMalformedFileMeansHighWatermarkZero(_ content: String) throws {
        defer { root.remove() }
        try makeLogs()
        try write(content)
        let replicas = ReplicaManager(localBroker: BrokerID(1), logManager: try openManager(), purgatoryTimer: ManualTimer(), logger: logger)
        #expect(lead(replicas, orders0) == Offset(0))
        replicas.close()
    }

    @Test func writesHostedAndNotYetHostedPartitionsAndNothingAfterClose() throws {
        defer { root.remove() }
        try makeLogs()
        try write("0\n2\norders 0 7\norders 1 3\n")
        let replicas = ReplicaManager(localBroker: BrokerID(1), logManager: try openManager(), purgatoryTimer: ManualTimer(), logger: logger)
        #expect(lead(replicas, orders0) == Offset(7))
        // orders-0 moves on; orders-1 is not hosted yet and keeps its restored value.
        _ = replicas.partition(orders0)?.recordFollowerFetch(BrokerID(2), fetchOffset: Offset(9), nowMs: 1)
        #expect(replicas.partition(orders0)?.highWatermark == Offset(9))
        replicas.checkpointHighWatermarks()
        #expect(read() == "0\n2\norders 0 9\norders 1 3\n")

        // A deleted partition leaves the file.
        _ = replicas.stopReplicas([(orders1, delete: true)])
        replicas.close()
        #expect(read() == "0\n1\norders 0 9\n")
        // A periodic write racing shutdown finds the logs closed and must not empty the file.
        replicas.checkpointHighWatermarks()
        #expect(read() == "0\n1\norders 0 9\n")
    }
}
