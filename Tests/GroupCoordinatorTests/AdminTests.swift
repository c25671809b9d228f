import GroupCoordinator
import KafkaModel
import NIOCore
import Testing

@Suite struct AdminTests {
    @Test func listAndDescribeShowMembersWithMetadataAndAssignment() async throws {
        let h = try await Harness()
        let (joins, syncs) = try await h.formGroup()
        _ = await h.coordinator.commitOffsets(
            groupID: "simple", generationID: -1, memberID: "",
            offsets: [OffsetCommitEntry(partition: tp("t", 0), offset: Offset(1), metadata: nil)])

        let listed = await h.coordinator.listGroups()
        #expect(listed.error == .noError)
        #expect(
            listed.groups == [
                GroupListing(groupID: "g", protocolType: "consumer", state: .stable),
                GroupListing(groupID: "simple", protocolType: "", state: .empty),
            ])
        #expect(await h.coordinator.listGroups(states: [.empty]).groups.map(\.groupID) == ["simple"])

        let description = await h.describe()
        #expect(description.error == .noError && description.protocolType == "consumer")
        #expect(description.members.map(\.memberID) == joins.map(\.memberID))
        #expect(description.members.map(\.clientID) == ["a", "b"])
        #expect(description.members.map(\.assignment) == syncs.map(\.assignment))
        #expect(
            description.members.allSatisfy { $0.metadata == ConsumerProtocolSubscription.encode(topics: ["orders"]) })

        let unknown = await h.coordinator.describeGroups(["nobody"])[0]
        #expect(unknown.error == .noError && unknown.state == .dead && unknown.members.isEmpty)
    }

    @Test func onlyEmptyGroupsAreDeletedAndTheirTombstonesWritten() async throws {
        let h = try await Harness()
        _ = try await h.formGroup()
        _ = await h.coordinator.commitOffsets(
            groupID: "simple", generationID: -1, memberID: "",
            offsets: [OffsetCommitEntry(partition: tp("t", 0), offset: Offset(1), metadata: nil)])

        let errors = await h.coordinator.deleteGroups(["g", "simple", "nobody"])
        #expect(errors == ["g": .nonEmptyGroup, "simple": .noError, "nobody": .groupIDNotFound])
        #expect(await h.coordinator.describeGroups(["simple"])[0].state == .dead)
        #expect(
            await h.coordinator.fetchOffsets(groupID: "simple", partitions: [tp("t", 0)]).partitions.map(\.offset) == [
                Offset(-1)
            ])
        let records = try await h.log.decodedRecords(in: h.offsetsPartition(of: "simple")).filter {
            $0.key.group == "simple"
        }
        #expect(
            records.suffix(2).map(\.key) == [
                .offsetCommit(group: "simple", partition: tp("t", 0)), .groupMetadata(group: "simple"),
            ])
        #expect(records.suffix(2).allSatisfy { $0.isTombstone })
        #expect(await h.coordinator.deleteGroups(["simple"]) == ["simple": .groupIDNotFound])

        // After failover the deleted group stays deleted.
        let second = try await Harness(log: h.log, clock: h.clock)
        #expect(await second.coordinator.listGroups().groups.map(\.groupID) == ["g"])
    }

    @Test func offsetDeleteRefusesTopicsTheGroupStillConsumes() async throws {
        let h = try await Harness()
        let (joins, _) = try await h.formGroup()
        _ = await h.coordinator.commitOffsets(
            groupID: "g", generationID: 1, memberID: joins[0].memberID,
            offsets: [
                OffsetCommitEntry(partition: tp("orders", 0), offset: Offset(1), metadata: nil),
                OffsetCommitEntry(partition: tp("retired", 0), offset: Offset(2), metadata: nil),
            ])
        let result = await h.coordinator.deleteOffsets(groupID: "g", partitions: [tp("orders", 0), tp("retired", 0)])
        #expect(result.error == .noError)
        #expect(result.partitions == [tp("orders", 0): .groupSubscribedToTopic, tp("retired", 0): .noError])
        let fetched = await h.coordinator.fetchOffsets(groupID: "g", partitions: nil)
        #expect(fetched.partitions.map(\.partition) == [tp("orders", 0)])
        #expect(
            await h.coordinator.deleteOffsets(groupID: "nobody", partitions: [tp("t", 0)]).error == .groupIDNotFound)
    }

    @Test func offsetsOfEmptyGroupsExpireAfterRetentionAndTheGroupGoes() async throws {
        var config = Harness.defaultConfig()
        config.offsetsRetentionMs = 60_000
        let h = try await Harness(config: config)
        _ = await h.coordinator.commitOffsets(
            groupID: "simple", generationID: -1, memberID: "",
            offsets: [OffsetCommitEntry(partition: tp("t", 0), offset: Offset(1), metadata: nil)])

        h.clock.advance(byMs: 59_999)
        await h.coordinator.expireOffsets()
        #expect(
            await h.coordinator.fetchOffsets(groupID: "simple", partitions: [tp("t", 0)]).partitions.map(\.offset) == [
                Offset(1)
            ])

        h.clock.advance(byMs: 1)
        await h.coordinator.expireOffsets()
        #expect(
            await h.coordinator.fetchOffsets(groupID: "simple", partitions: [tp("t", 0)]).partitions.map(\.offset) == [
                Offset(-1)
            ])
        #expect(await h.coordinator.listGroups().groups.isEmpty)
        let records = try await h.log.decodedRecords(in: h.offsetsPartition(of: "simple"))
        #expect(
            records.suffix(2).map(\.key) == [
                .offsetCommit(group: "simple", partition: tp("t", 0)), .groupMetadata(group: "simple"),
            ])
        #expect(records.suffix(2).allSatisfy { $0.isTombstone })
    }

    @Test func consumerGroupOffsetsAreKeptWhileConsumedAndExpireOnceTheGroupHasBeenEmptyLongEnough() async throws {
        var config = Harness.defaultConfig()
        config.offsetsRetentionMs = 60_000
        let h = try await Harness(config: config)
        let joined = try await h.joinAll([joinRequest(client: "a", sessionTimeoutMs: 600_000)]) {
            try await h.waitForMembers(1)
            await h.advance(byMs: 3_000)
        }
        let member = joined[0].memberID
        _ = await h.syncAll(joined, assignments: [:])
        _ = await h.coordinator.commitOffsets(
            groupID: "g", generationID: 1, memberID: member,
            offsets: [OffsetCommitEntry(partition: tp("orders", 0), offset: Offset(1), metadata: nil)])

        h.clock.advance(byMs: 120_000)
        await h.coordinator.expireOffsets()
        // Still subscribed to "orders": kept however old.
        #expect(await h.coordinator.fetchOffsets(groupID: "g", partitions: nil).partitions.count == 1)

        _ = await h.coordinator.leaveGroup(groupID: "g", members: [GroupMemberIdentity(memberID: member)])
        #expect(await h.describe().state == .empty)
        h.clock.advance(byMs: 59_999)
        await h.coordinator.expireOffsets()
        #expect(await h.coordinator.fetchOffsets(groupID: "g", partitions: nil).partitions.count == 1)
        h.clock.advance(byMs: 1)
        await h.coordinator.expireOffsets()
        #expect(await h.coordinator.fetchOffsets(groupID: "g", partitions: nil).partitions.isEmpty)
        #expect(await h.describe().state == .dead)
    }
}
