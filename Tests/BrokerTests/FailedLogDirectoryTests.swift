@testable import Broker
import Replication
import Glibc
import KafkaModel
import KafkaProtocol
import KafkaRecords
import LogStorage
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import NIOPosix
import TestSupport
import Testing

/// The broker's side of a failed log directory: its replicas stop, answer KAFKA_STORAGE_ERROR to clients and to
/// the controller, are never created afresh elsewhere, and DescribeLogDirs shows the directory offline; the
/// other directory's replicas serve as before.
@Suite struct FailedLogDirectoryTests {
    let root: TemporaryDirectory
    let failing = TopicPartition(TopicName("orders"), PartitionIndex(0))
    let healthy = TopicPartition(TopicName("orders"), PartitionIndex(1))
    var dirA: String { root.path + "/a" }
    var dirB: String { root.path + "/b" }
    let logger = Logger(label: "test")

    init() throws { root = try TemporaryDirectory(prefix: "failed-dir") }

    func change(_ partition: TopicPartition, epoch: Int32, isNew: Bool = true) -> ReplicaManager.LeadershipChange {
        ReplicaManager.LeadershipChange(
            partition: partition, leader: BrokerID(1), leaderEpoch: LeaderEpoch(epoch), isr: [BrokerID(1)],
            replicas: [BrokerID(1), BrokerID(2)], zkVersion: 0, isNew: isNew)
    }

    func batch() throws -> (ByteBuffer, RecordBatchHeader) {
        var builder = RecordBatchBuilder()
        builder.append(key: nil, value: ByteBuffer(string: "v"), timestamp: 1_000)
        let bytes = try builder.build()
        return (bytes, try #require(RecordBatchHeader(from: bytes, at: bytes.readerIndex)))
    }

    @Test func replicasOfTheFailedDirectoryStopAndAnswerStorageErrorsWhileTheOthersServe() async throws {
        defer { root.remove() }
        let manager = try LogManager(logDirectories: [dirA, dirB], brokerID: BrokerID(1), clusterID: "c",
                                     logger: logger)
        let replicas = ReplicaManager(localBroker: BrokerID(1), logManager: manager,
                                      purgatoryTimer: EventLoopPurgatoryTimer(eventLoop: MultiThreadedEventLoopGroup.singleton.next()),
                                      logger: logger)
        let stoppedFollowing = NIOLockedValueBox<[TopicPartition]>([])
        replicas.followerChanges.withLockedValue { $0 = { _, stopped in stoppedFollowing.withLockedValue { $0 += stopped } } }
        let errors = replicas.applyLeadership([change(failing, epoch: 1), change(healthy, epoch: 1)], nowMs: 0)
        #expect(errors == [failing: .none, healthy: .none])
        #expect(manager.logDirectory(for: failing) == dirA && manager.logDirectory(for: healthy) == dirB)

        // The disk fills: the append fails, the directory goes offline and the broker stops its replicas.
        let fault = FileFaults.install(under: dirA) { operation, _ in operation == .write ? ENOSPC : nil }
        let (bytes, header) = try batch()
        let partition = try #require(replicas.partition(failing))
        guard case .rejected(.kafkaStorageError) = partition.appendAsLeader(bytes, header: header, requiredAcks: 1,
                                                                          minInsyncReplicas: 1)
        else { Issue.record("the failed append must answer KAFKA_STORAGE_ERROR"); return }
        FileFaults.remove(fault)
        #expect(replicas.stopReplicas(inFailedDirectory: dirA) == [failing])
        #expect(stoppedFollowing.withLockedValue { $0 } == [failing])
        #expect(!partition.isLeader)

        // Clients and the controller are told KAFKA_STORAGE_ERROR; the healthy directory serves.
        guard case .failure(.kafkaStorageError) = replicas.leaderPartition(failing, knownTopic: true) else {
            Issue.record("produce and fetch must get KAFKA_STORAGE_ERROR"); return
        }
        guard case .success(let served) = replicas.leaderPartition(healthy, knownTopic: true),
            case .appended = served.appendAsLeader(bytes, header: header, requiredAcks: 1, minInsyncReplicas: 1)
        else { Issue.record("the healthy directory must keep serving"); return }
        let answers = replicas.applyLeadership([change(failing, epoch: 2), change(healthy, epoch: 2)], nowMs: 0)
        #expect(answers == [failing: .kafkaStorageError, healthy: .none])
        #expect(replicas.partition(failing)?.isLeader == false, "LeaderAndIsr does not revive it")

        // A replica that is not new may have had its log in the failed directory: refused, not created empty.
        let other = TopicPartition(TopicName("payments"), PartitionIndex(0))
        #expect(replicas.applyLeadership([change(other, epoch: 0, isNew: false)], nowMs: 0) == [other: .kafkaStorageError])
        #expect(replicas.applyLeadership([change(other, epoch: 0)], nowMs: 0) == [other: .none])
        #expect(manager.logDirectory(for: other) == dirB)

        // DescribeLogDirs: the failed directory with its error and nothing listed; the other with its replicas.
        let loop = EmbeddedEventLoop()
        let context = RequestContext(header: RequestHeader(apiKey: .describeLogDirs, apiVersion: 2, correlationID: 1,
                                                           clientID: "t"),
                                     peer: "127.0.0.1:1", eventLoop: loop)
        let response = try #require(await DescribeLogDirsHandler(replicas: replicas)
            .handle(DescribeLogDirsRequest(topics: nil), context: context))
        #expect(response.results.map(\.logDir) == [dirA, dirB])
        #expect(response.results[0].errorCode == .kafkaStorageError && response.results[0].topics.isEmpty)
        #expect(response.results[1].errorCode == .none)
        let listed = response.results[1].topics.flatMap { topic in
            topic.partitions.map { (TopicPartition(topic.name, PartitionIndex($0.partitionIndex)), $0) }
        }
        #expect(listed.map(\.0) == [healthy, other])
        #expect(listed.first?.1.partitionSize == manager.log(for: healthy)?.sizeInBytes)
        #expect(listed.allSatisfy { $0.1.offsetLag == 0 && !$0.1.isFutureKey })

        // Only the partitions asked for are listed.
        let asked = try #require(await DescribeLogDirsHandler(replicas: replicas).handle(
            DescribeLogDirsRequest(topics: [.init(topic: TopicName("payments"), partitions: [0, 7])]), context: context))
        #expect(asked.results[1].topics.flatMap(\.partitions).map(\.partitionIndex) == [0])
        replicas.close()
    }

    /// Fetch up to v5 predates KAFKA_STORAGE_ERROR: those clients are told NOT_LEADER_OR_FOLLOWER, as Kafka does.
    @Test func olderFetchVersionsGetNotLeaderInstead() {
        #expect(KafkaErrorCode.kafkaStorageError.understood(byFetchVersion: 5) == .notLeaderOrFollower)
        #expect(KafkaErrorCode.kafkaStorageError.understood(byFetchVersion: 6) == .kafkaStorageError)
        #expect(KafkaErrorCode.offsetOutOfRange.understood(byFetchVersion: 4) == .offsetOutOfRange)
    }
}
