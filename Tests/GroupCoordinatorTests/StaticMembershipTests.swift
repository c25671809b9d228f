import GroupCoordinator
import KafkaModel
import NIOCore
import Testing

@Suite struct StaticMembershipTests {
    private func formStaticGroup(_ h: Harness) async throws -> (joins: [GroupJoinResult], syncs: [GroupSyncResult]) {
        try await h.formGroup([joinRequest(instance: "instance-a", client: "a"), joinRequest(client: "b")])
    }

    @Test func restartedStaticMemberGetsItsAssignmentBackWithoutRebalance() async throws {
        let h = try await Harness()
        let (joins, syncs) = try await formStaticGroup(h)
        let (oldID, b) = (joins[0].memberID, joins[1].memberID)
        let leaderID = joins[0].leaderID

        // The instance restarts: it joins with no member id, as a new process does.
        let rejoin = await h.coordinator.joinGroup(joinRequest(instance: "instance-a", client: "a"))
        #expect(rejoin.error == .noError)
        #expect(rejoin.memberID != oldID && rejoin.memberID.hasPrefix("a-"))
        #expect(rejoin.generationID == 1)
        // The old leader id comes back, so the member acts as a follower even if it led before.
        #expect(rejoin.leaderID == leaderID)
        #expect(rejoin.members.isEmpty)
        #expect(await h.describe().state == .stable)

        let sync = await h.coordinator.syncGroup(
            GroupSyncRequest(groupID: "g", generationID: 1, memberID: rejoin.memberID, groupInstanceID: "instance-a"))
        #expect(sync.error == .noError)
        #expect(sync.assignment == syncs[0].assignment)
        #expect(await h.coordinator.heartbeat(groupID: "g", generationID: 1, memberID: b) == .noError)
        #expect(await h.describe().state == .stable)

        // The replacement is durable: the latest group record names the new id.
        let last = try #require(await h.log.records(in: h.offsetsPartition(of: "g")).last)
        let stored = try GroupMetadataValue(decoding: try #require(last.value))
        #expect(stored.generation == 1)
        #expect(stored.members.first { $0.groupInstanceID == "instance-a" }?.memberID == rejoin.memberID)
        #expect(stored.members.first { $0.groupInstanceID == "instance-a" }?.assignment == syncs[0].assignment)
    }

    @Test func oldMemberIDOfAReplacedStaticMemberIsFenced() async throws {
        let h = try await Harness()
        let (joins, _) = try await formStaticGroup(h)
        let oldID = joins[0].memberID
        let rejoin = await h.coordinator.joinGroup(joinRequest(instance: "instance-a", client: "a"))
        #expect(rejoin.error == .noError)

        let heartbeat = await h.coordinator.heartbeat(
            groupID: "g", generationID: 1, memberID: oldID, groupInstanceID: "instance-a")
        #expect(heartbeat == .fencedInstanceID)
        let join = await h.coordinator.joinGroup(joinRequest(memberID: oldID, instance: "instance-a", client: "a"))
        #expect(join.error == .fencedInstanceID)
        let sync = await h.coordinator.syncGroup(
            GroupSyncRequest(groupID: "g", generationID: 1, memberID: oldID, groupInstanceID: "instance-a"))
        #expect(sync.error == .fencedInstanceID)
        let commit = await h.coordinator.commitOffsets(
            groupID: "g", generationID: 1, memberID: oldID, groupInstanceID: "instance-a",
            offsets: [OffsetCommitEntry(partition: tp("orders", 0), offset: Offset(5), metadata: nil)])
        #expect(commit[tp("orders", 0)] == .fencedInstanceID)
        let leave = await h.coordinator.leaveGroup(
            groupID: "g", members: [GroupMemberIdentity(memberID: oldID, groupInstanceID: "instance-a")])
        #expect(leave.members.map(\.error) == [.fencedInstanceID])
        #expect(await h.describe().state == .stable)
    }

    @Test func staticMemberRejoiningWithChangedProtocolsRebalances() async throws {
        let h = try await Harness()
        let (joins, _) = try await h.formGroup([
            joinRequest(instance: "instance-a", client: "a", protocols: [("range", ["t"]), ("roundrobin", ["t"])]),
            joinRequest(client: "b", protocols: [("roundrobin", ["t"]), ("range", ["t"])]),
        ])
        // One vote each: the earliest member's preference wins.
        #expect(joins.map(\.protocolName) == ["range", "range"])

        let unsupported = await h.coordinator.joinGroup(
            joinRequest(instance: "instance-a", client: "a", protocols: [("sticky", ["t"])]))
        #expect(unsupported.error == .inconsistentGroupProtocol)

        // The restarted instance now prefers roundrobin: the vote changes, so the group rebalances.
        let restarted = Task {
            await h.coordinator.joinGroup(
                joinRequest(instance: "instance-a", client: "a", protocols: [("roundrobin", ["t"]), ("range", ["t"])]))
        }
        try await eventually { await h.describe().state == .preparingRebalance }
        let follower = await h.coordinator.joinGroup(
            joinRequest(memberID: joins[1].memberID, client: "b", protocols: [("roundrobin", ["t"]), ("range", ["t"])]))
        let rejoined = await restarted.value
        #expect(rejoined.error == .noError && rejoined.generationID == 2 && rejoined.protocolName == "roundrobin")
        #expect(follower.generationID == 2)
        #expect(rejoined.memberID != joins[0].memberID)
    }

    @Test func staticMemberIsRemovedByInstanceIDAlone() async throws {
        let h = try await Harness()
        _ = try await formStaticGroup(h)
        let leave = await h.coordinator.leaveGroup(
            groupID: "g", members: [GroupMemberIdentity(memberID: "", groupInstanceID: "instance-a")])
        #expect(leave.members.map(\.error) == [.noError])
        let description = await h.describe()
        #expect(description.members.count == 1)
        #expect(description.members.allSatisfy { $0.groupInstanceID == nil })
        #expect(description.state == .preparingRebalance)
    }
}
