import GroupCoordinator
import KafkaModel
import NIOCore
import Testing

@Suite struct OffsetTests {
    @Test func standaloneCommitRoundTripsOffsetEpochAndMetadataExactly() async throws {
        let h = try await Harness()
        let entries = [
            OffsetCommitEntry(
                partition: tp("orders", 0), offset: Offset(42), leaderEpoch: LeaderEpoch(7), metadata: "ä ✓ 🚀"),
            OffsetCommitEntry(partition: tp("orders", 1), offset: Offset(0), metadata: nil),
        ]
        let errors = await h.coordinator.commitOffsets(
            groupID: "simple", generationID: -1, memberID: "", offsets: entries)
        #expect(errors == [tp("orders", 0): .noError, tp("orders", 1): .noError])

        let fetched = await h.coordinator.fetchOffsets(
            groupID: "simple", partitions: [tp("orders", 0), tp("orders", 1), tp("orders", 2)])
        #expect(fetched.error == .noError)
        #expect(
            fetched.partitions == [
                FetchedOffset(
                    partition: tp("orders", 0), offset: Offset(42), leaderEpoch: LeaderEpoch(7), metadata: "ä ✓ 🚀",
                    error: .noError),
                FetchedOffset(
                    partition: tp("orders", 1), offset: Offset(0), leaderEpoch: .unknown, metadata: "", error: .noError),
                FetchedOffset(
                    partition: tp("orders", 2), offset: Offset(-1), leaderEpoch: .unknown, metadata: "", error: .noError
                ),
            ])
        let all = await h.coordinator.fetchOffsets(groupID: "simple", partitions: nil)
        #expect(all.partitions.map(\.partition) == [tp("orders", 0), tp("orders", 1)])
        let unknown = await h.coordinator.fetchOffsets(groupID: "nobody", partitions: [tp("orders", 0)])
        #expect(unknown.partitions.map(\.offset) == [Offset(-1)])

        // What was acknowledged is in the log, as v3 values.
        let records = await h.log.records(in: h.offsetsPartition(of: "simple"))
        let stored = try records.map {
            (try OffsetsRecordKey(decoding: $0.key), try OffsetCommitValue(decoding: try #require($0.value)))
        }
        #expect(
            stored.map(\.0) == [
                .offsetCommit(group: "simple", partition: tp("orders", 0)),
                .offsetCommit(group: "simple", partition: tp("orders", 1)),
            ])
        #expect(
            stored[0].1
                == OffsetCommitValue(
                    offset: Offset(42), leaderEpoch: LeaderEpoch(7), metadata: "ä ✓ 🚀", commitTimestampMs: h.clock.nowMs
                ))
        #expect(records.allSatisfy { $0.value?.getInteger(at: $0.value!.readerIndex, as: Int16.self) == 3 })
    }

    @Test func membersCommitWithTheirGenerationOnlyOnceTheyHaveTheirAssignment() async throws {
        let h = try await Harness()
        let joins = try await h.joinAll([joinRequest(client: "a"), joinRequest(client: "b")], oneByOne: true) {
            await h.advance(byMs: 3_000)
            await h.advance(byMs: 3_000)
        }
        let a = joins[0].memberID
        let entry = [OffsetCommitEntry(partition: tp("orders", 0), offset: Offset(10), metadata: "x")]
        let early = await h.coordinator.commitOffsets(groupID: "g", generationID: 1, memberID: a, offsets: entry)
        #expect(early == [tp("orders", 0): .rebalanceInProgress])
        let standalone = await h.coordinator.commitOffsets(groupID: "g", generationID: -1, memberID: "", offsets: entry)
        #expect(standalone == [tp("orders", 0): .unknownMemberID])

        _ = await h.syncAll(joins, assignments: [:])
        let committed = await h.coordinator.commitOffsets(groupID: "g", generationID: 1, memberID: a, offsets: entry)
        #expect(committed == [tp("orders", 0): .noError])
        let fetched = await h.coordinator.fetchOffsets(groupID: "g", partitions: [tp("orders", 0)])
        #expect(fetched.partitions.map(\.offset) == [Offset(10)])
    }

    @Test func tooLargeMetadataIsRefusedPerPartition() async throws {
        let h = try await Harness()
        let errors = await h.coordinator.commitOffsets(
            groupID: "simple", generationID: -1, memberID: "",
            offsets: [
                OffsetCommitEntry(
                    partition: tp("t", 0), offset: Offset(1), metadata: String(repeating: "x", count: 4_097)),
                OffsetCommitEntry(
                    partition: tp("t", 1), offset: Offset(1), metadata: String(repeating: "x", count: 4_096)),
            ])
        #expect(errors == [tp("t", 0): .offsetMetadataTooLarge, tp("t", 1): .noError])
        let fetched = await h.coordinator.fetchOffsets(groupID: "simple", partitions: [tp("t", 0)])
        #expect(fetched.partitions.map(\.offset) == [Offset(-1)])
    }

    @Test func commitIsAcknowledgedOnlyWhenTheLogAcceptsIt() async throws {
        let h = try await Harness()
        let entry = [OffsetCommitEntry(partition: tp("t", 0), offset: Offset(3), metadata: nil)]
        await h.log.failAppends(with: .notLeader)
        let failed = await h.coordinator.commitOffsets(
            groupID: "simple", generationID: -1, memberID: "", offsets: entry)
        #expect(failed == [tp("t", 0): .notCoordinator])
        #expect(
            await h.coordinator.fetchOffsets(groupID: "simple", partitions: [tp("t", 0)]).partitions.map(\.offset) == [
                Offset(-1)
            ])

        await h.log.failAppends(with: .notReplicated)
        let unreplicated = await h.coordinator.commitOffsets(
            groupID: "simple", generationID: -1, memberID: "", offsets: entry)
        #expect(unreplicated == [tp("t", 0): .coordinatorNotAvailable])
    }

    @Test func commitToAnUnknownGroupWithAGenerationIsIllegal() async throws {
        let h = try await Harness()
        let errors = await h.coordinator.commitOffsets(
            groupID: "nobody", generationID: 3, memberID: "m",
            offsets: [OffsetCommitEntry(partition: tp("t", 0), offset: Offset(3), metadata: nil)])
        #expect(errors == [tp("t", 0): .illegalGeneration])
    }

    @Test func commitWithRetentionTimeIsStoredAsVersion1WithItsExpiry() async throws {
        let h = try await Harness()
        _ = await h.coordinator.commitOffsets(
            groupID: "simple", generationID: -1, memberID: "", retentionTimeMs: 60_000,
            offsets: [OffsetCommitEntry(partition: tp("t", 0), offset: Offset(3), metadata: nil)])
        let record = try #require(await h.log.records(in: h.offsetsPartition(of: "simple")).last?.value)
        let value = try OffsetCommitValue(decoding: record)
        #expect(value.schemaVersion == 1)
        #expect(value.expireTimestampMs == h.clock.nowMs + 60_000)
    }
}
