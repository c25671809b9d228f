import KafkaModel
import KafkaProtocol
import KafkaRecords
import LogStorage
import Logging
import NIOConcurrencyHelpers
import NIOCore
import Replication
import TestSupport
import Testing

let quietLogger = Logger(label: "replication-test", factory: { _ in SwiftLogNoOpLogHandler() })

/// A fixture that could not be set up as the test asked.
struct FixtureError: Error, CustomStringConvertible {
    let description: String
}

/// Polls `condition` every millisecond; fails the test after five seconds.
func waitUntil(_ what: String, _ condition: () async throws -> Bool) async throws {
    try await eventually(what, within: .seconds(5), poll: .milliseconds(1), condition)
}

/// One batch of `count` records with values `<value>-<index>`, and its header.
func recordBatch(_ count: Int, value: String) throws -> (bytes: ByteBuffer, header: RecordBatchHeader) {
    var builder = RecordBatchBuilder()
    for index in 0..<count { builder.append(key: nil, value: ByteBuffer(string: "\(value)-\(index)"), timestamp: 1_000) }
    let bytes = try builder.build()
    return (bytes, try #require(RecordBatchHeader(from: bytes, at: bytes.readerIndex)))
}

/// Where a batch sits in a log and which leader epoch wrote it.
struct BatchSummary: Equatable, CustomStringConvertible {
    var baseOffset: Int64
    var lastOffset: Int64
    var leaderEpoch: Int32
    var description: String { "\(baseOffset)...\(lastOffset)@\(leaderEpoch)" }
}

/// One broker's replica layer on its own temporary directory: a real `LogManager` under a real `ReplicaManager`,
/// whose purgatory runs on a `ManualTimer`.
final class TestBroker: Sendable {
    let id: BrokerID
    let directory: TemporaryDirectory
    let timer = ManualTimer()
    let replicas: ReplicaManager

    /// - Parameter reopening: the directory of a broker shut down with `stop()`, to start it again.
    init(_ id: Int32, reopening: TemporaryDirectory? = nil) throws {
        self.id = BrokerID(id)
        directory = try reopening ?? TemporaryDirectory(prefix: "replication-broker-\(id)")
        let logs = try LogManager(logDirectories: [directory.path + "/logs"], brokerID: self.id, clusterID: "test",
                                  logger: quietLogger)
        replicas = ReplicaManager(localBroker: self.id, logManager: logs, purgatoryTimer: timer, logger: quietLogger)
    }

    func shutDown() {
        replicas.close()
        directory.remove()
    }

    /// Shuts down cleanly and keeps the directory: `TestBroker(id, reopening: directory)` starts it again.
    func stop() {
        replicas.close()
    }

    /// Applies one partition state of a LeaderAndIsr request; returns its error code.
    @discardableResult
    func leaderAndIsr(_ tp: TopicPartition, leader: Int32, epoch: Int32, isr: [Int32], replicas assigned: [Int32],
                      zkVersion: Int32 = 0, nowMs: Int64 = 0) -> KafkaErrorCode?
    {
        let change = ReplicaManager.LeadershipChange(
            partition: tp, leader: BrokerID(leader), leaderEpoch: LeaderEpoch(epoch), isr: isr.map { BrokerID($0) },
            replicas: assigned.map { BrokerID($0) }, zkVersion: zkVersion)
        return replicas.applyLeadership([change], nowMs: nowMs)[tp]
    }

    func partition(_ tp: TopicPartition) throws -> Partition { try #require(replicas.partition(tp)) }

    /// Appends one batch of `count` records as the leader (acks=1).
    @discardableResult
    func produce(_ tp: TopicPartition, _ count: Int, value: String = "v") throws -> AppendResult {
        let batch = try recordBatch(count, value: value)
        let outcome = try partition(tp).appendAsLeader(batch.bytes, header: batch.header, requiredAcks: 1,
                                                       minInsyncReplicas: 1)
        guard case .appended(let result) = outcome else { throw FixtureError(description: "append: \(outcome)") }
        return result
    }

    /// The partition's log from its start offset, as stored.
    func logBytes(_ tp: TopicPartition) throws -> ByteBuffer {
        let log = try partition(tp).log
        return try log.read(from: log.logStartOffset, maxBytes: Int(Int32.max)).readBytes()
    }

    func batches(_ tp: TopicPartition) throws -> [BatchSummary] {
        let bytes = try logBytes(tp)
        var summaries: [BatchSummary] = []
        var index = bytes.readerIndex
        while let header = RecordBatchHeader(from: bytes, at: index), header.totalSize > 0 {
            summaries.append(BatchSummary(baseOffset: header.baseOffset, lastOffset: header.lastOffset,
                                          leaderEpoch: header.partitionLeaderEpoch))
            index += header.totalSize
        }
        return summaries
    }

    func logEnd(_ tp: TopicPartition) throws -> Offset { try partition(tp).log.logEndOffset }

    /// Copies what `leader` has past this broker's log end into it, as a fetch at `epoch` would, without a
    /// fetcher: for building logs with a given history. This broker must follow the partition at `epoch`.
    func copyLog(_ tp: TopicPartition, from leader: TestBroker, epoch: Int32, upTo end: Offset? = nil) throws {
        let source = try leader.partition(tp)
        let target = try partition(tp)
        let from = target.log.logEndOffset
        let read = try source.log.read(from: from, maxBytes: Int(Int32.max), upperBound: end)
        let outcome = target.appendAsFollower(
            try read.readBytes(), fetchOffset: from, leaderEpoch: LeaderEpoch(epoch),
            leaderHighWatermark: source.highWatermark, leaderLogStartOffset: source.log.logStartOffset)
        guard case .appended = outcome else { throw FixtureError(description: "copy: \(outcome)") }
    }
}

extension ReplicaFetcherSettings {
    /// Short waits, so a test sees a fetcher react within milliseconds.
    static func quick(_ broker: BrokerID) -> ReplicaFetcherSettings {
        ReplicaFetcherSettings(localBroker: broker, maxWaitMs: 20, backoff: .milliseconds(5),
                               requestTimeout: .seconds(5))
    }
}

/// Brokers on their own directories, the in-memory network between them, and the fetchers started on them;
/// `withCluster` shuts everything down, fetchers first.
final class TestCluster: Sendable {
    let network = FakeNetwork()
    private let brokers = NIOLockedValueBox<[TestBroker]>([])
    private let fetcherManagers = NIOLockedValueBox<[ReplicaFetcherManager]>([])

    func broker(_ id: Int32) throws -> TestBroker {
        let broker = try TestBroker(id)
        brokers.withLockedValue { $0.append(broker) }
        return broker
    }

    /// Makes `broker` reachable as a leader.
    func serve(_ broker: TestBroker) -> FakeLeader {
        let leader = FakeLeader(broker)
        network.add(leader)
        return leader
    }

    /// Fetchers for `broker`, installed as its replica manager's follower listener.
    @discardableResult
    func startFetchers(on broker: TestBroker) -> ReplicaFetcherManager {
        let manager = ReplicaFetcherManager(replicas: broker.replicas, settings: .quick(broker.id),
                                            resolveEndpoint: network.resolveEndpoint, connect: network.connect,
                                            logger: quietLogger)
        manager.install()
        fetcherManagers.withLockedValue { $0.append(manager) }
        return manager
    }

    func shutDown() async {
        for manager in fetcherManagers.withLockedValue({ $0 }) { await manager.shutdown() }
        for broker in brokers.withLockedValue({ $0 }) { broker.shutDown() }
    }
}

func withCluster(_ body: (TestCluster) async throws -> Void) async throws {
    let cluster = TestCluster()
    do {
        try await body(cluster)
    } catch {
        await cluster.shutDown()
        throw error
    }
    await cluster.shutDown()
}
