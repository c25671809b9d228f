import KafkaModel
import KafkaProtocol
import NIOCore
import Testing
import TransactionCoordinator

@Suite struct RecordCodecTests {
    @Test func keyAndValueHaveKafkasBytes() throws {
        let key = try TransactionLogRecord.encodeKey(transactionalID: "tx")
        #expect(Array(key.readableBytesView) == [0, 0, 0, 2, 0x74, 0x78])
        let metadata = TransactionMetadata(
            transactionalID: "tx", producerID: 5, producerEpoch: 2, timeoutMs: 60_000, state: .ongoing,
            partitions: [tp("b", 1), tp("b", 0)], startTimestampMs: 9, lastUpdateTimestampMs: 10)
        let value = TransactionLogRecord.encodeValue(metadata)
        let expected: [UInt8] = [0, 0] + [0, 0, 0, 0, 0, 0, 0, 5] + [0, 2] + [0, 0, 0xEA, 0x60] + [1]
            + [0, 0, 0, 1] + [0, 1, 0x62] + [0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1]
            + [0, 0, 0, 0, 0, 0, 0, 10] + [0, 0, 0, 0, 0, 0, 0, 9]
        #expect(Array(value.readableBytesView) == expected)
        #expect(try TransactionLogRecord.decodeKey(key) == "tx")
        #expect(try TransactionLogRecord.decodeValue(value, transactionalID: "tx") == metadata)
    }

    @Test func hostileBytesAreRefusedWithoutCrashing() throws {
        func bytes(_ values: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: values) }
        #expect(throws: TransactionLogRecord.DecodingError.unknownKeyVersion(1)) {
            try TransactionLogRecord.decodeKey(bytes([0, 1, 0, 0]))
        }
        #expect(throws: TransactionLogRecord.DecodingError.invalidLength(-2)) {
            try TransactionLogRecord.decodeKey(bytes([0, 0, 0xFF, 0xFE]))
        }
        #expect(throws: TransactionLogRecord.DecodingError.truncated) {
            try TransactionLogRecord.decodeKey(bytes([0, 0, 0, 9, 0x41]))
        }
        #expect(throws: TransactionLogRecord.DecodingError.invalidUTF8) {
            try TransactionLogRecord.decodeKey(bytes([0, 0, 0, 1, 0xFF]))
        }
        let header: [UInt8] = [0, 0] + [UInt8](repeating: 0, count: 8) + [0, 0] + [0, 0, 0, 1]
        #expect(throws: TransactionLogRecord.DecodingError.unknownState(9)) {
            try TransactionLogRecord.decodeValue(bytes(header + [9]), transactionalID: "x")
        }
        // A partition count far beyond the bytes present.
        #expect(throws: TransactionLogRecord.DecodingError.invalidLength(Int32.max)) {
            try TransactionLogRecord.decodeValue(bytes(header + [1, 0x7F, 0xFF, 0xFF, 0xFF]), transactionalID: "x")
        }
        #expect(throws: TransactionLogRecord.DecodingError.unknownValueVersion(3)) {
            try TransactionLogRecord.decodeValue(bytes([0, 3]), transactionalID: "x")
        }
        // Every prefix of a valid value fails cleanly.
        let valid = TransactionLogRecord.encodeValue(TransactionMetadata(
            transactionalID: "x", producerID: 1, producerEpoch: 0, timeoutMs: 1, state: .ongoing,
            partitions: [tp("t", 0)], startTimestampMs: 1, lastUpdateTimestampMs: 1))
        for length in 0..<valid.readableBytes {
            #expect(throws: TransactionLogRecord.DecodingError.self) {
                try TransactionLogRecord.decodeValue(valid.getSlice(at: 0, length: length)!, transactionalID: "x")
            }
        }
    }
}

@Suite struct OwnershipTests {
    @Test func unledPartitionsAnswerNotCoordinator() async throws {
        let h = try await Harness()
        await h.coordinator.resigned(fromPartition: 0)
        #expect(await h.coordinator.initProducerID(transactionalID: "t", timeoutMs: 1000, expected: nil).errorCode
                == .notCoordinator)
        #expect(await h.coordinator.describe(transactionalID: "t") == .failure(.notCoordinator))
    }

    @Test func aNewCoordinatorLoadsTheStateAndFinishesAPreparedCommit() async throws {
        let first = try await Harness()
        _ = await first.coordinator.initProducerID(transactionalID: "t", timeoutMs: 60_000, expected: nil)
        _ = await first.coordinator.addPartitions(transactionalID: "t", producerID: 1000, producerEpoch: 0,
                                                  partitions: [tp("a", 0)])
        first.markers.hold(true)
        #expect(await first.coordinator.endTransaction(transactionalID: "t", producerID: 1000, producerEpoch: 0,
                                                       commit: true) == .none)
        // The first coordinator loses the partition before its markers are done.
        await first.coordinator.resigned(fromPartition: 0)
        let second = try await Harness(log: first.log, clock: first.clock, coordinatorEpoch: 6)
        #expect(try await second.waitFor("t", .completeCommit))
        #expect(second.markers.sent.map(\.coordinatorEpoch) == [6])
        #expect(second.markers.sent.map(\.partitions) == [[tp("a", 0)]])
        // The producer carries on with the new coordinator.
        #expect(await second.coordinator.addPartitions(transactionalID: "t", producerID: 1000, producerEpoch: 0,
                                                       partitions: [tp("a", 1)]) == .none)
        let listed = await second.coordinator.list(states: [.ongoing], producerIDs: []).value ?? []
        #expect(listed.map(\.transactionalID) == ["t"])
        #expect(await second.coordinator.list(states: [.empty], producerIDs: []).value == [])
    }
}
