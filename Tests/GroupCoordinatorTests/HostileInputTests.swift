import GroupCoordinator
import KafkaModel
import NIOCore
import Testing

/// Values from the wire and from `__consumer_offsets` may be anything: the coordinator answers or saturates,
/// it never traps.
@Suite struct HostileInputTests {
    @Test func commitWithMaxRetentionTimeSaturatesAndNeverExpires() async throws {
        let h = try await Harness()
        let errors = await h.coordinator.commitOffsets(
            groupID: "simple", generationID: -1, memberID: "", retentionTimeMs: .max,
            offsets: [OffsetCommitEntry(partition: tp("orders", 0), offset: Offset(5), metadata: nil)])
        #expect(errors == [tp("orders", 0): .noError])

        let records = await h.log.records(in: h.offsetsPartition(of: "simple"))
        let value = try OffsetCommitValue(decoding: try #require(records.last?.value))
        #expect(value.expireTimestampMs == .max)

        h.clock.advance(byMs: 100 * 365 * 24 * 3_600_000)
        await h.coordinator.expireOffsets()
        let fetched = await h.coordinator.fetchOffsets(groupID: "simple", partitions: [tp("orders", 0)])
        #expect(fetched.partitions.map(\.offset) == [Offset(5)])
    }

    @Test func offsetsWithHostileCommitTimestampsExpireWithoutTrapping() async throws {
        let h = try await Harness()
        let partition = h.offsetsPartition(of: "old")
        let value = OffsetCommitValue(offset: Offset(1), metadata: "", commitTimestampMs: .min)
        try await h.log.append(
            partition: partition,
            records: [(OffsetsRecordKey.offsetCommit(group: "old", partition: tp("t", 0)).encoded(), value.encoded())])
        try await h.coordinator.becameLeader(ofPartition: partition)
        // now - Int64.min overflows; it saturates, so the offset is simply very old.
        await h.coordinator.expireOffsets()
        let fetched = await h.coordinator.fetchOffsets(groupID: "old", partitions: [tp("t", 0)])
        #expect(fetched.partitions.map(\.offset) == [Offset(-1)])
    }

    @Test func generationLoadedAtInt32MaxWrapsToOneOnTheNextRebalance() async throws {
        let h = try await Harness()
        let partition = h.offsetsPartition(of: "g")
        let stored = GroupMetadataValue(
            protocolType: "consumer", generation: .max, protocolName: nil, leaderID: nil, currentStateTimestampMs: 0,
            members: [])
        try await h.log.append(
            partition: partition, records: [(OffsetsRecordKey.groupMetadata(group: "g").encoded(), stored.encoded())])
        try await h.coordinator.becameLeader(ofPartition: partition)

        let joins = try await h.joinAll([joinRequest()], oneByOne: true) {
            await h.advance(byMs: h.config.groupInitialRebalanceDelayMs)
        }
        #expect(joins.map(\.error) == [.noError])
        #expect(joins.map(\.generationID) == [1])
    }

    @Test func groupIDTooLongToStoreIsInvalid() async throws {
        let h = try await Harness()
        let id = String(repeating: "g", count: Int(Int16.max) + 1)
        let errors = await h.coordinator.commitOffsets(
            groupID: id, generationID: -1, memberID: "",
            offsets: [OffsetCommitEntry(partition: tp("orders", 0), offset: Offset(5), metadata: nil)])
        #expect(errors == [tp("orders", 0): .invalidGroupID])
        let join = await h.coordinator.joinGroup(joinRequest(group: id))
        #expect(join.error == .invalidGroupID)
    }

    @Test func hugeClientIDStillMakesAStorableMemberID() async throws {
        let h = try await Harness()
        let client = String(repeating: "c", count: Int(Int16.max))
        let joins = try await h.joinAll([joinRequest(client: client)], oneByOne: true) {
            await h.advance(byMs: h.config.groupInitialRebalanceDelayMs)
        }
        #expect(joins.map(\.error) == [.noError])
        #expect(joins[0].memberID.utf8.count <= Int(Int16.max))
    }
}
