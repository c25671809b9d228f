import GroupCoordinator
import KafkaModel
import NIOCore
import Testing

// Expected bytes are built by hand from Kafka's schemas (OffsetCommitKey/Value, GroupMetadataKey/Value):
// big-endian integers, strings with an int16 length (-1 = null), bytes with an int32 length.
@Suite struct RecordCodecTests {
    @Test func offsetCommitKeyVersion1() throws {
        let key = OffsetsRecordKey.offsetCommit(group: "g1", partition: tp("t", 3))
        let expected = "0001" + "0002 6731" + "0001 74" + "00000003"
        #expect(hexString(key.encoded()) == expected.filter { !$0.isWhitespace })
        #expect(try OffsetsRecordKey(decoding: ByteBuffer(bytes: bytes(hex: expected))) == key)
        // Version 0 has the same fields.
        let v0 = ByteBuffer(bytes: bytes(hex: "0000 0002 6731 0001 74 00000003"))
        #expect(try OffsetsRecordKey(decoding: v0) == key)
    }

    @Test func groupMetadataKeyVersion2() throws {
        let key = OffsetsRecordKey.groupMetadata(group: "g1")
        #expect(hexString(key.encoded()) == "000200026731")
        #expect(try OffsetsRecordKey(decoding: ByteBuffer(bytes: bytes(hex: "0002 0002 6731"))) == key)
        #expect(throws: OffsetsRecordError.unknownVersion(record: "key", version: 3)) {
            try OffsetsRecordKey(decoding: ByteBuffer(bytes: bytes(hex: "0003 0002 6731")))
        }
    }

    @Test func offsetCommitValueVersion3() throws {
        let value = OffsetCommitValue(
            offset: Offset(42), leaderEpoch: LeaderEpoch(5), metadata: "m", commitTimestampMs: 1_000)
        let expected = "0003" + "000000000000002a" + "00000005" + "0001 6d" + "00000000000003e8"
        #expect(value.schemaVersion == 3)
        #expect(hexString(value.encoded()) == expected.filter { !$0.isWhitespace })
        #expect(try OffsetCommitValue(decoding: ByteBuffer(bytes: bytes(hex: expected))) == value)
    }

    @Test func offsetCommitValueWithExpireTimestampIsVersion1() throws {
        let value = OffsetCommitValue(
            offset: Offset(42), metadata: "", commitTimestampMs: 1_000, expireTimestampMs: 2_000)
        let expected = "0001" + "000000000000002a" + "0000" + "00000000000003e8" + "00000000000007d0"
        #expect(hexString(value.encoded()) == expected)
        #expect(try OffsetCommitValue(decoding: ByteBuffer(bytes: bytes(hex: expected))) == value)
    }

    @Test func offsetCommitValueOldVersionsRead() throws {
        // v0 and v2: offset, metadata, commit timestamp; no leader epoch.
        for version in ["0000", "0002"] {
            let bytes = bytes(hex: version + "0000000000000007" + "0002 6869" + "0000000000000064")
            let value = try OffsetCommitValue(decoding: ByteBuffer(bytes: bytes))
            #expect(value == OffsetCommitValue(offset: Offset(7), metadata: "hi", commitTimestampMs: 100))
            #expect(value.leaderEpoch == .unknown)
        }
        // Null metadata reads as empty, as Kafka stores it.
        let nullMetadata = bytes(hex: "0002 0000000000000007 ffff 0000000000000064")
        #expect(try OffsetCommitValue(decoding: ByteBuffer(bytes: nullMetadata)).metadata == "")
        #expect(throws: OffsetsRecordError.truncated(field: "commitTimestamp")) {
            try OffsetCommitValue(decoding: ByteBuffer(bytes: bytes(hex: "0003 000000000000002a 00000005 0000")))
        }
    }

    @Test func groupMetadataValueVersion3() throws {
        let value = GroupMetadataValue(
            protocolType: "consumer", generation: 7, protocolName: "range", leaderID: "m1",
            currentStateTimestampMs: 1_234,
            members: [
                .init(
                    memberID: "m1", groupInstanceID: nil, clientID: "c", clientHost: "/h", rebalanceTimeoutMs: 30_000,
                    sessionTimeoutMs: 10_000, subscription: ByteBuffer(bytes: [1, 2]), assignment: ByteBuffer()),
                .init(
                    memberID: "m2", groupInstanceID: "i", clientID: "c", clientHost: "/h", rebalanceTimeoutMs: 30_000,
                    sessionTimeoutMs: 10_000, subscription: ByteBuffer(), assignment: ByteBuffer(bytes: [9])),
            ])
        let expected = [
            "0003",
            "0008 636f6e73756d6572",  // protocolType "consumer"
            "00000007",  // generation
            "0005 72616e6765",  // protocol "range"
            "0002 6d31",  // leader "m1"
            "00000000000004d2",  // currentStateTimestamp 1234
            "00000002",  // two members
            "0002 6d31", "ffff", "0001 63", "0002 2f68", "00007530", "00002710", "00000002 0102", "00000000",
            "0002 6d32", "0001 69", "0001 63", "0002 2f68", "00007530", "00002710", "00000000", "00000001 09",
        ].joined().filter { !$0.isWhitespace }
        #expect(hexString(value.encoded()) == expected)
        #expect(try GroupMetadataValue(decoding: ByteBuffer(bytes: bytes(hex: expected))) == value)
    }

    @Test func groupMetadataValueOldVersionsRead() throws {
        // v0: no currentStateTimestamp, no rebalance timeout (it defaults to the session timeout), no instance id.
        let v0 = [
            "0000", "0008 636f6e73756d6572", "00000001", "ffff", "ffff", "00000001",
            "0002 6d31", "0001 63", "0002 2f68", "00002710", "00000000", "00000000",
        ].joined()
        let decoded0 = try GroupMetadataValue(decoding: ByteBuffer(bytes: bytes(hex: v0)))
        #expect(decoded0.protocolName == nil && decoded0.leaderID == nil)
        #expect(decoded0.currentStateTimestampMs == -1)
        #expect(decoded0.members.map(\.rebalanceTimeoutMs) == [10_000])
        #expect(decoded0.members.map(\.groupInstanceID) == [nil])

        // v2: currentStateTimestamp and rebalance timeout, still no instance id.
        let v2 = [
            "0002", "0008 636f6e73756d6572", "00000003", "0005 72616e6765", "0002 6d31", "0000000000000064",
            "00000001", "0002 6d31", "0001 63", "0002 2f68", "00007530", "00002710", "00000000", "00000000",
        ].joined()
        let decoded2 = try GroupMetadataValue(decoding: ByteBuffer(bytes: bytes(hex: v2)))
        #expect(decoded2.generation == 3 && decoded2.protocolName == "range" && decoded2.leaderID == "m1")
        #expect(decoded2.currentStateTimestampMs == 100)
        #expect(decoded2.members.map(\.rebalanceTimeoutMs) == [30_000])
        #expect(decoded2.members.map(\.sessionTimeoutMs) == [10_000])
    }

    @Test func consumerSubscriptionTopics() {
        let bytes = ConsumerProtocolSubscription.encode(topics: ["orders", "payments"])
        #expect(hexString(bytes) == "0000" + "00000002" + "00066f7264657273" + "00087061796d656e7473" + "ffffffff")
        #expect(ConsumerProtocolSubscription.topics(in: bytes) == ["orders", "payments"])
        #expect(ConsumerProtocolSubscription.topics(in: ByteBuffer(bytes: [0, 0, 0])) == nil)
    }

    @Test func partitionForUsesJavaStringHashCode() {
        #expect(OffsetsPartitioner.javaHashCode("") == 0)
        #expect(OffsetsPartitioner.javaHashCode("hello") == 99_162_322)
        #expect(OffsetsPartitioner.javaHashCode("my-group") == -1_906_497_762)
        // UTF-16 code units, so a character outside the BMP counts as two.
        #expect(OffsetsPartitioner.javaHashCode("a😀") == 1_866_116)
        #expect(OffsetsPartitioner.partition(for: "hello", partitionCount: 50) == 22)
        #expect(OffsetsPartitioner.partition(for: "my-group", partitionCount: 50) == 12)
        #expect(OffsetsPartitioner.partition(for: "console-consumer-12345", partitionCount: 50) == 6)
        // hashCode is Int32.min: Kafka's abs maps it to 0.
        #expect(OffsetsPartitioner.javaHashCode("polygenelubricants") == Int32.min)
        #expect(OffsetsPartitioner.partition(for: "polygenelubricants", partitionCount: 50) == 0)
    }
}
