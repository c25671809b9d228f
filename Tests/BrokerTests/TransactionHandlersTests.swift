@testable import Broker
import Replication
import KafkaModel
import KafkaProtocol
import KafkaRecords
import LogStorage
import Logging
import NIOCore
import NIOEmbedded
import NIOPosix
import TestSupport
import Testing

/// The partition side of transactions through the handlers: WriteTxnMarkers, read_committed Fetch and
/// ListOffsets, DescribeProducers.
@Suite struct TransactionHandlersTests {
    let root: TemporaryDirectory
    let orders = TopicPartition(TopicName("orders"), PartitionIndex(0))
    let logger = Logger(label: "test")
    let loop = EmbeddedEventLoop()

    init() throws { root = try TemporaryDirectory(prefix: "txn-handlers") }

    func context(_ api: ApiKey, _ version: Int16, interBroker: Bool = true) -> RequestContext {
        RequestContext(header: RequestHeader(apiKey: api, apiVersion: version, correlationID: 1, clientID: "t"),
                       peer: "127.0.0.1:1", isInterBrokerListener: interBroker, eventLoop: loop)
    }

    func transactional(_ producerID: Int64, count: Int) throws -> (ByteBuffer, RecordBatchHeader) {
        var builder = RecordBatchBuilder(producerID: producerID, producerEpoch: 0, baseSequence: 0,
                                         isTransactional: true)
        for index in 0..<count { builder.append(key: nil, value: ByteBuffer(string: "\(index)"), timestamp: 1_000) }
        let bytes = try builder.build()
        return (bytes, try #require(RecordBatchHeader(from: bytes, at: bytes.readerIndex)))
    }

    func markers(_ producerID: Int64, commit: Bool) -> WriteTxnMarkersRequest {
        WriteTxnMarkersRequest(markers: [.init(producerID: producerID, producerEpoch: 0, transactionResult: commit,
                                               topics: [.init(name: orders.topic, partitionIndexes: [0, 5])],
                                               coordinatorEpoch: 0)])
    }

    @Test func markersReadCommittedFetchesListOffsetsAndDescribeProducers() async throws {
        defer { root.remove() }
        let manager = try LogManager(logDirectories: [root.path + "/logs"], brokerID: BrokerID(1), clusterID: "c",
                                     logger: logger)
        let replicas = ReplicaManager(
            localBroker: BrokerID(1), logManager: manager,
            purgatoryTimer: EventLoopPurgatoryTimer(eventLoop: MultiThreadedEventLoopGroup.singleton.next()),
            logger: logger)
        defer { replicas.close() }
        _ = replicas.applyLeadership([.init(partition: orders, leader: BrokerID(1), leaderEpoch: LeaderEpoch(1),
                                            isr: [BrokerID(1)], replicas: [BrokerID(1)], zkVersion: 0)], nowMs: 0)
        let partition = try #require(replicas.partition(orders))
        for (producerID, count) in [(Int64(7), 2), (8, 1)] {
            let (bytes, header) = try transactional(producerID, count: count)
            guard case .appended = partition.appendAsLeader(bytes, header: header, requiredAcks: 1,
                                                            minInsyncReplicas: 1)
            else { Issue.record("append refused"); return }
        }
        let metadata = MetadataCache()
        let handler = WriteTxnMarkersHandler(replicas: replicas, metadata: metadata,
                                             topicConfigs: TopicConfigProvider(config: BrokerConfig()))
        // Offsets 0-1 producer 7 (aborted by the marker at 3), 2 producer 8 (open).
        let answer = try #require(await handler.handle(markers(7, commit: false),
                                                       context: context(.writeTxnMarkers, 1)))
        #expect(answer.markers[0].topics[0].partitions.map(\.errorCode) == [.none, .unknownTopicOrPartition])
        let refused = try #require(await handler.handle(markers(8, commit: true),
                                                        context: context(.writeTxnMarkers, 1, interBroker: false)))
        #expect(refused.markers[0].topics[0].partitions.map(\.errorCode)
            == [.clusterAuthorizationFailed, .clusterAuthorizationFailed])

        let fetch = FetchHandler(replicas: replicas, metadata: metadata, followerFetched: { _, _, _ in })
        func fetched(isolation: Int8) throws -> FetchResponse.PartitionData {
            let request = FetchRequest(maxWaitMs: 0, minBytes: 0, isolationLevel: isolation, topics: [
                .init(topic: orders.topic, partitions: [.init(partition: 0, fetchOffset: 0, partitionMaxBytes: 1 << 20)])])
            let answer = try #require(fetch.answerNow(request, context: context(.fetch, 11)))
            return try answer.materialized().responses[0].partitions[0]
        }
        let committed = try fetched(isolation: 1)
        #expect(committed.highWatermark == 4)
        #expect(committed.lastStableOffset == 2)
        #expect(committed.abortedTransactions == [.init(producerID: 7, firstOffset: 0)])
        let batches = RecordBatchSequence(try #require(committed.records)).map { _ in 1 }
        #expect(batches.count == 1, "only producer 7's batch lies below the last stable offset")
        let uncommitted = try fetched(isolation: 0)
        #expect(uncommitted.lastStableOffset == 2)
        #expect(uncommitted.abortedTransactions == [])

        let listOffsets = ListOffsetsHandler(replicas: replicas, metadata: metadata)
        for (isolation, expected) in [(Int8(1), Int64(2)), (0, 4)] {
            let request = ListOffsetsRequest(replicaID: BrokerID(-1), isolationLevel: isolation, topics: [
                .init(name: orders.topic, partitions: [.init(partitionIndex: 0, timestamp: -1)])])
            let response = try #require(await listOffsets.handle(request, context: context(.listOffsets, 5)))
            #expect(response.topics[0].partitions[0].offset == expected)
        }

        let describe = DescribeProducersHandler(replicas: replicas, metadata: metadata)
        let producers = try #require(await describe.handle(
            DescribeProducersRequest(topics: [.init(name: orders.topic, partitionIndexes: [0])]),
            context: context(.describeProducers, 0)))
        let states = producers.topics[0].partitions[0].activeProducers
        #expect(states.map(\.producerID) == [7, 8])
        #expect(states.map(\.currentTxnStartOffset) == [-1, 2])
        #expect(states.map(\.coordinatorEpoch) == [0, -1])
    }
}
