import KafkaClient
import KafkaModel
import KafkaProtocol
import KafkaRecords
import NIOCore
import Testing

/// The consumer's reading of Fetch responses, built with `FetchResponse` and `RecordBatchBuilder` and sent
/// through the wire codec first, as a broker would send them.
@Suite struct FetchedRecordsDecoderTests {
    let partition = TopicPartition("events", PartitionIndex(2))

    func batch(baseOffset: Int64, values: [String], compression: CompressionCodec = .none,
               headers: [RecordHeader] = []) throws -> ByteBuffer
    {
        var builder = RecordBatchBuilder(baseOffset: baseOffset, partitionLeaderEpoch: 4, compression: compression)
        for (index, value) in values.enumerated() {
            builder.append(key: ByteBuffer(string: "k\(index)"), value: ByteBuffer(string: value), headers: headers,
                           timestamp: 1_700_000_000_000 + Int64(index))
        }
        return try builder.build()
    }

    /// The partition's records after a round trip through a Fetch response at `version`.
    func records(afterFetchAt version: Int16, _ bytes: ByteBuffer) throws -> ByteBuffer? {
        let response = FetchResponse(responses: [.init(topic: partition.topic, partitions: [
            .init(partitionIndex: partition.partition.rawValue, errorCode: .none, highWatermark: 100, records: bytes),
        ])])
        let decoded = try FetchResponse(decoding: response.encoded(version: version), version: version)
        return decoded.responses.first?.partitions.first?.records
    }

    func values(_ records: [ConsumerRecord]) -> [String] {
        records.map { String(buffer: $0.value!) }
    }

    @Test(arguments: [Int16(4), 11, 12])
    func decodesRecordsWithOffsetsKeysAndHeaders(version: Int16) throws {
        var bytes = try batch(baseOffset: 10, values: ["a", "b"],
                              headers: [RecordHeader(key: "trace", value: ByteBuffer(string: "x1"))])
        var second = try batch(baseOffset: 12, values: ["c"])
        bytes.writeBuffer(&second)
        let result = try FetchedRecordsDecoder.decode(
            try records(afterFetchAt: version, bytes), topicPartition: partition, fetchOffset: 10)
        #expect(result.records.map(\.offset) == [10, 11, 12])
        #expect(values(result.records) == ["a", "b", "c"])
        #expect(result.records.map { String(buffer: $0.key!) } == ["k0", "k1", "k0"])
        #expect(result.records[0].headers == [RecordHeader(key: "trace", value: ByteBuffer(string: "x1"))])
        #expect(result.records[1].timestamp == 1_700_000_000_001)
        #expect(result.records[0].timestampType == .createTime)
        #expect(result.records[0].leaderEpoch == 4)
        #expect(result.records.allSatisfy { $0.topicPartition == partition })
        #expect(result.nextOffset == 13)
        #expect(result.partialTrailingBytes == 0)
    }

    @Test func ignoresABatchCutOffAtTheEndAndResumesAtIt() throws {
        var bytes = try batch(baseOffset: 0, values: ["a", "b", "c"])
        let whole = try batch(baseOffset: 3, values: ["d", "e"])
        var cut = whole.getSlice(at: whole.readerIndex, length: whole.readableBytes - 9)!
        bytes.writeBuffer(&cut)
        let result = try FetchedRecordsDecoder.decode(
            try records(afterFetchAt: 12, bytes), topicPartition: partition, fetchOffset: 0)
        #expect(values(result.records) == ["a", "b", "c"])
        #expect(result.nextOffset == 3)
        #expect(result.partialTrailingBytes == whole.readableBytes - 9)
        #expect(result.partialBatchSize == whole.readableBytes)
        #expect(!result.onlyPartialBatch)
    }

    @Test func reportsAResponseHoldingOnlyTheStartOfABatch() throws {
        let whole = try batch(baseOffset: 5, values: ["big"])
        let cut = whole.getSlice(at: whole.readerIndex, length: 30)!
        let result = try FetchedRecordsDecoder.decode(cut, topicPartition: partition, fetchOffset: 5)
        #expect(result.records.isEmpty)
        #expect(result.nextOffset == 5)
        #expect(result.onlyPartialBatch)
    }

    @Test func skipsControlBatchesButMovesPastThem() throws {
        var bytes = try batch(baseOffset: 0, values: ["a", "b"])
        var marker = try ControlRecord(kind: .commit, coordinatorEpoch: 1).makeBatch(
            baseOffset: 2, partitionLeaderEpoch: 0, producerID: 9, producerEpoch: 0, timestamp: 1)
        var after = try batch(baseOffset: 3, values: ["c"])
        bytes.writeBuffer(&marker)
        bytes.writeBuffer(&after)
        let result = try FetchedRecordsDecoder.decode(
            try records(afterFetchAt: 12, bytes), topicPartition: partition, fetchOffset: 0)
        #expect(values(result.records) == ["a", "b", "c"])
        #expect(result.records.map(\.offset) == [0, 1, 3])
        #expect(result.skippedControlBatches == 1)
        #expect(result.nextOffset == 4)

        // A response holding only the marker still moves the position on.
        let onlyMarker = try ControlRecord(kind: .abort, coordinatorEpoch: 1).makeBatch(
            baseOffset: 7, partitionLeaderEpoch: 0, producerID: 9, producerEpoch: 0, timestamp: 1)
        let alone = try FetchedRecordsDecoder.decode(onlyMarker, topicPartition: partition, fetchOffset: 7)
        #expect(alone.records.isEmpty)
        #expect(alone.nextOffset == 8)
    }

    @Test(arguments: CompressionCodec.allCases)
    func decodesCompressedBatches(codec: CompressionCodec) throws {
        let texts = (0..<50).map { "record number \($0) with some repeated text repeated text" }
        var bytes = try batch(baseOffset: 100, values: Array(texts[..<30]), compression: codec)
        var second = try batch(baseOffset: 130, values: Array(texts[30...]), compression: codec)
        bytes.writeBuffer(&second)
        let result = try FetchedRecordsDecoder.decode(
            try records(afterFetchAt: 12, bytes), topicPartition: partition, fetchOffset: 100)
        #expect(values(result.records) == texts)
        #expect(result.records.map(\.offset) == Array(100..<150))
        #expect(result.nextOffset == 150)
    }

    /// A compressed batch comes back whole even when the fetch offset points inside it: the records before
    /// the offset were already consumed.
    @Test(arguments: [CompressionCodec.none, .gzip, .zstd])
    func dropsRecordsBeforeTheFetchOffset(codec: CompressionCodec) throws {
        let bytes = try batch(baseOffset: 20, values: ["a", "b", "c", "d"], compression: codec)
        let result = try FetchedRecordsDecoder.decode(bytes, topicPartition: partition, fetchOffset: 22)
        #expect(values(result.records) == ["c", "d"])
        #expect(result.records.first?.offset == 22)
        #expect(result.nextOffset == 24)
    }

    @Test func reportsLogAppendTime() throws {
        var builder = RecordBatchBuilder(baseOffset: 0, timestampType: .logAppendTime(1_800_000_000_000))
        builder.append(key: nil, value: ByteBuffer(string: "v"), timestamp: 5)
        let result = try FetchedRecordsDecoder.decode(try builder.build(), topicPartition: partition, fetchOffset: 0)
        #expect(result.records.first?.timestampType == .logAppendTime)
        #expect(result.records.first?.timestamp == 1_800_000_000_000)
        #expect(result.records.first?.key == nil)
    }

    @Test func failsOnADamagedBatch() throws {
        var bytes = try batch(baseOffset: 0, values: ["a", "b"])
        bytes.setInteger(UInt8(0xff), at: bytes.writerIndex - 1)  // breaks the CRC
        #expect(throws: KafkaClientError.self) {
            try FetchedRecordsDecoder.decode(bytes, topicPartition: partition, fetchOffset: 0)
        }
    }

    @Test func emptyOrNullRecordsLeaveThePositionAlone() throws {
        let none = try FetchedRecordsDecoder.decode(nil, topicPartition: partition, fetchOffset: 42)
        #expect(none.records.isEmpty && none.nextOffset == 42 && !none.onlyPartialBatch)
        let empty = try FetchedRecordsDecoder.decode(ByteBuffer(), topicPartition: partition, fetchOffset: 42)
        #expect(empty.records.isEmpty && empty.nextOffset == 42)
    }
}

@Suite struct MetadataSnapshotTests {
    @Test func readsLeadersAndAvailablePartitionsFromAMetadataResponse() {
        let response = MetadataResponse(
            brokers: [.init(nodeID: BrokerID(1), host: "b1", port: 9092), .init(nodeID: BrokerID(2), host: "b2", port: 9093)],
            clusterID: "c", controllerID: BrokerID(2),
            topics: [
                .init(errorCode: .none, name: "orders", partitions: [
                    .init(errorCode: .none, partitionIndex: 1, leaderID: BrokerID(-1), replicaNodes: [BrokerID(1)],
                          isrNodes: []),
                    .init(errorCode: .none, partitionIndex: 0, leaderID: BrokerID(2), replicaNodes: [BrokerID(2), BrokerID(1)],
                          isrNodes: [BrokerID(2), BrokerID(1)]),
                ]),
                .init(errorCode: .unknownTopicOrPartition, name: "missing", partitions: []),
            ])
        let snapshot = MetadataSnapshot(response)
        #expect(snapshot.controllerID == BrokerID(2))
        #expect(snapshot.brokers[BrokerID(2)] == BrokerAddress(host: "b2", port: 9093))
        #expect(snapshot.leader(for: TopicPartition("orders", PartitionIndex(0))) == BrokerID(2))
        #expect(snapshot.leader(for: TopicPartition("orders", PartitionIndex(1))) == nil)
        #expect(snapshot.partitionCount(of: "orders") == 2)
        #expect(snapshot.partitionCount(of: "missing") == nil)
        #expect(snapshot.availablePartitions(of: "orders") == [PartitionIndex(0)])
        #expect(snapshot.topics["orders"]?.partitions.map(\.index) == [PartitionIndex(0), PartitionIndex(1)])

        let later = MetadataSnapshot(brokers: snapshot.brokers, controllerID: BrokerID(1), topics: [:])
        let merged = snapshot.merging(later)
        #expect(merged.controllerID == BrokerID(1))
        #expect(merged.partitionCount(of: "orders") == 2)
    }
}
