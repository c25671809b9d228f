import GroupCoordinator
import KafkaModel
import NIOCore
import Testing

@Suite struct RebalanceTests {
    @Test func twoMembersFormOneGenerationAndSyncDistributesAssignments() async throws {
        let h = try await Harness()
        let (joins, syncs) = try await h.formGroup()

        #expect(joins.map(\.error) == [.noError, .noError])
        #expect(joins.map(\.generationID) == [1, 1])
        #expect(Set(joins.map(\.leaderID)).count == 1)
        #expect(joins.allSatisfy { $0.protocolName == "range" && $0.protocolType == "consumer" })
        #expect(joins.map { $0.memberID.hasPrefix("a-") } == [true, false])
        let leader = try #require(joins.first { $0.leaderID == $0.memberID })
        let follower = try #require(joins.first { $0.leaderID != $0.memberID })
        #expect(Set(leader.members.map(\.memberID)) == Set(joins.map(\.memberID)))
        #expect(leader.members.allSatisfy { $0.metadata == ConsumerProtocolSubscription.encode(topics: ["orders"]) })
        #expect(follower.members.isEmpty)

        #expect(syncs.map(\.error) == [.noError, .noError])
        for (join, sync) in zip(joins, syncs) {
            #expect(sync.assignment == ByteBuffer(string: "assigned:" + join.memberID))
        }
        let description = await h.describe()
        #expect(description.state == .stable)
        #expect(description.protocolName == "range")

        // The generation was written before anyone got an assignment.
        let records = await h.log.records(in: h.offsetsPartition(of: "g"))
        let last = try #require(records.last)
        #expect(try OffsetsRecordKey(decoding: last.key) == .groupMetadata(group: "g"))
        let stored = try GroupMetadataValue(decoding: try #require(last.value))
        #expect(stored.generation == 1 && stored.leaderID == leader.memberID && stored.protocolName == "range")
        #expect(Set(stored.members.map(\.assignment)) == Set(syncs.map(\.assignment)))

        for join in joins {
            let error = await h.coordinator.heartbeat(groupID: "g", generationID: 1, memberID: join.memberID)
            #expect(error == .noError)
        }
    }

    @Test func thirdMemberTriggersRebalanceThatOldMembersLearnFromHeartbeat() async throws {
        let h = try await Harness()
        let (joins, _) = try await h.formGroup()
        let leaderID = joins[0].leaderID

        let third = Task { await h.coordinator.joinGroup(joinRequest(client: "c")) }
        try await h.waitForMembers(3)
        #expect(await h.describe().state == .preparingRebalance)
        for join in joins {
            let error = await h.coordinator.heartbeat(groupID: "g", generationID: 1, memberID: join.memberID)
            #expect(error == .rebalanceInProgress)
        }
        // Old members rejoin with their ids; once all three are in, the join phase ends without waiting.
        let rejoins = try await h.joinAll(joins.map { joinRequest(memberID: $0.memberID, client: "x") })
        let newcomer = await third.value
        let all = rejoins + [newcomer]
        #expect(all.map(\.error) == [.noError, .noError, .noError])
        #expect(all.map(\.generationID) == [2, 2, 2])
        #expect(all.allSatisfy { $0.leaderID == leaderID })
        #expect(rejoins.map(\.memberID) == joins.map(\.memberID))
        let leader = try #require(all.first { $0.memberID == leaderID })
        #expect(leader.members.count == 3)
        #expect(await h.describe().state == .completingRebalance)
    }

    @Test func memberWithoutHeartbeatsIsRemovedAfterItsSessionTimeout() async throws {
        let h = try await Harness()
        let (joins, _) = try await h.formGroup()
        let (a, b) = (joins[0].memberID, joins[1].memberID)

        await h.advance(byMs: 6_000)
        #expect(await h.coordinator.heartbeat(groupID: "g", generationID: 1, memberID: a) == .noError)
        await h.advance(byMs: 3_999)
        #expect(await h.describe().members.count == 2)  // b's 10 s session has not ended yet
        await h.advance(byMs: 1)
        let description = await h.describe()
        #expect(description.members.map(\.memberID) == [a])
        #expect(description.state == .preparingRebalance)
        #expect(await h.coordinator.heartbeat(groupID: "g", generationID: 1, memberID: b) == .unknownMemberID)
        #expect(await h.coordinator.heartbeat(groupID: "g", generationID: 1, memberID: a) == .rebalanceInProgress)

        let rejoin = await h.coordinator.joinGroup(joinRequest(memberID: a, client: "a"))
        #expect(rejoin.error == .noError && rejoin.generationID == 2 && rejoin.leaderID == a)
        #expect(rejoin.members.map(\.memberID) == [a])
    }

    @Test func leaveStartsRebalanceAtOnceAndLastLeaveEmptiesTheGroup() async throws {
        let h = try await Harness()
        let (joins, _) = try await h.formGroup()
        let (a, b) = (joins[0].memberID, joins[1].memberID)

        let left = await h.coordinator.leaveGroup(
            groupID: "g", members: [GroupMemberIdentity(memberID: b), GroupMemberIdentity(memberID: "nobody")])
        #expect(left.error == .noError)
        #expect(left.members.map(\.error) == [.noError, .unknownMemberID])
        #expect(await h.describe().state == .preparingRebalance)
        #expect(await h.coordinator.heartbeat(groupID: "g", generationID: 1, memberID: a) == .rebalanceInProgress)

        let rejoin = await h.coordinator.joinGroup(joinRequest(memberID: a, client: "a"))
        #expect(rejoin.generationID == 2 && rejoin.members.map(\.memberID) == [a])

        _ = await h.coordinator.leaveGroup(groupID: "g", members: [GroupMemberIdentity(memberID: a)])
        let description = await h.describe()
        #expect(description.state == .empty && description.members.isEmpty)
        // The empty generation is persisted.
        let last = try #require(await h.log.records(in: h.offsetsPartition(of: "g")).last)
        let stored = try GroupMetadataValue(decoding: try #require(last.value))
        #expect(stored.generation == 3 && stored.members.isEmpty && stored.protocolName == nil)
    }

    @Test func memberIDRequiredRoundHandsOutTheIDToJoinWith() async throws {
        let h = try await Harness()
        let first = await h.coordinator.joinGroup(joinRequest(client: "a", requireKnownMemberID: true))
        #expect(first.error == .memberIDRequired)
        #expect(first.memberID.hasPrefix("a-") && first.memberID.count > 2)
        #expect(first.generationID == -1)
        #expect(await h.describe().members.isEmpty)

        let joined = try await h.joinAll([
            joinRequest(memberID: first.memberID, client: "a", requireKnownMemberID: true)
        ]) {
            try await h.waitForMembers(1)
            await h.advance(byMs: 3_000)
        }
        #expect(joined[0].error == .noError)
        #expect(joined[0].memberID == first.memberID && joined[0].leaderID == first.memberID)
        #expect(joined[0].generationID == 1)
    }

    @Test func unusedRequiredMemberIDLapsesAfterTheSessionTimeout() async throws {
        let h = try await Harness()
        let first = await h.coordinator.joinGroup(joinRequest(client: "a", requireKnownMemberID: true))
        #expect(first.error == .memberIDRequired)
        await h.advance(byMs: 10_000)
        // The group was created but the id was dropped: joining with it is an unknown member now.
        let late = await h.coordinator.joinGroup(joinRequest(memberID: first.memberID, client: "a"))
        #expect(late.error == .unknownMemberID)
    }

    @Test func staleGenerationAndUnknownMembersAreRefused() async throws {
        let h = try await Harness()
        let (joins, _) = try await h.formGroup()
        let a = joins[0].memberID

        #expect(await h.coordinator.heartbeat(groupID: "g", generationID: 0, memberID: a) == .illegalGeneration)
        let staleSync = await h.coordinator.syncGroup(GroupSyncRequest(groupID: "g", generationID: 0, memberID: a))
        #expect(staleSync.error == .illegalGeneration)
        let staleCommit = await h.coordinator.commitOffsets(
            groupID: "g", generationID: 0, memberID: a,
            offsets: [OffsetCommitEntry(partition: tp("orders", 0), offset: Offset(1), metadata: nil)])
        #expect(staleCommit[tp("orders", 0)] == .illegalGeneration)

        #expect(await h.coordinator.heartbeat(groupID: "g", generationID: 1, memberID: "nobody") == .unknownMemberID)
        let unknownSync = await h.coordinator.syncGroup(
            GroupSyncRequest(groupID: "g", generationID: 1, memberID: "nobody"))
        #expect(unknownSync.error == .unknownMemberID)
        let unknownJoin = await h.coordinator.joinGroup(joinRequest(memberID: "nobody"))
        #expect(unknownJoin.error == .unknownMemberID)
        #expect(await h.coordinator.heartbeat(groupID: "other", generationID: 1, memberID: a) == .unknownMemberID)
        let invalid = await h.coordinator.joinGroup(joinRequest(group: ""))
        #expect(invalid.error == .invalidGroupID)
    }

    @Test func sessionTimeoutOutsideTheBrokerBoundsIsRefused() async throws {
        let h = try await Harness()
        let short = await h.coordinator.joinGroup(joinRequest(sessionTimeoutMs: 5_999))
        let long = await h.coordinator.joinGroup(joinRequest(sessionTimeoutMs: 1_800_001))
        #expect(short.error == .invalidSessionTimeout && long.error == .invalidSessionTimeout)
    }

    @Test func protocolIsChosenByVotesAmongThoseEveryMemberSupports() async throws {
        let h = try await Harness()
        let requests = [
            joinRequest(client: "a", protocols: [("range", ["t"]), ("roundrobin", ["t"])]),
            joinRequest(client: "b", protocols: [("roundrobin", ["t"]), ("range", ["t"])]),
            joinRequest(client: "c", protocols: [("sticky", ["t"]), ("roundrobin", ["t"]), ("range", ["t"])]),
        ]
        let joins = try await h.joinAll(requests) {
            try await h.waitForMembers(3)
            await h.advance(byMs: 3_000)
            await h.advance(byMs: 3_000)
        }
        // "sticky" is not supported by all; of the rest, roundrobin has two votes.
        #expect(joins.map(\.protocolName) == ["roundrobin", "roundrobin", "roundrobin"])

        let incompatible = await h.coordinator.joinGroup(joinRequest(client: "d", protocols: [("sticky", ["t"])]))
        #expect(incompatible.error == .inconsistentGroupProtocol)
        var otherType = joinRequest(client: "e")
        otherType.protocolType = "connect"
        #expect(await h.coordinator.joinGroup(otherType).error == .inconsistentGroupProtocol)
    }

    @Test func initialDelayIsExtendedWhileMembersKeepJoining() async throws {
        let h = try await Harness()
        let first = Task { await h.coordinator.joinGroup(joinRequest(client: "a")) }
        try await h.waitForMembers(1)
        await h.advance(byMs: 2_000)
        let second = Task { await h.coordinator.joinGroup(joinRequest(client: "b")) }
        try await h.waitForMembers(2)
        await h.advance(byMs: 1_000)
        // The first 3 s ran out, but b arrived within them: another delay starts.
        #expect(await h.describe().state == .preparingRebalance)
        await h.advance(byMs: 2_999)
        #expect(await h.describe().state == .preparingRebalance)
        await h.advance(byMs: 1)
        let (a, b) = (await first.value, await second.value)
        #expect(a.generationID == 1 && b.generationID == 1)
        #expect(await h.describe().state == .completingRebalance)
    }

    @Test func initialDelayIsCappedByTheRebalanceTimeout() async throws {
        let h = try await Harness()
        // Rebalance timeout 4 s: 3 s of delay, then at most 1 s more however many members arrive.
        let first = Task { await h.coordinator.joinGroup(joinRequest(client: "a", rebalanceTimeoutMs: 4_000)) }
        try await h.waitForMembers(1)
        await h.advance(byMs: 1_000)
        let second = Task { await h.coordinator.joinGroup(joinRequest(client: "b", rebalanceTimeoutMs: 4_000)) }
        try await h.waitForMembers(2)
        await h.advance(byMs: 2_000)
        let third = Task { await h.coordinator.joinGroup(joinRequest(client: "c", rebalanceTimeoutMs: 4_000)) }
        try await h.waitForMembers(3)
        await h.advance(byMs: 1_000)
        #expect(await h.describe().state == .completingRebalance)
        let results = [await first.value, await second.value, await third.value]
        #expect(results.map(\.generationID) == [1, 1, 1])
    }

    @Test func membersThatDoNotRejoinWithinTheRebalanceTimeoutAreRemoved() async throws {
        let h = try await Harness()
        let requests = ["a", "b"].map { joinRequest(client: $0, sessionTimeoutMs: 60_000) }
        let (joins, _) = try await h.formGroup(requests)
        let leader = joins[0].leaderID
        let follower = try #require(joins.first { $0.memberID != leader }).memberID

        // The leader rejoining starts the rebalance (observable), then a newcomer arrives; the follower never
        // rejoins, though its session (60 s) outlives the rebalance timeout (30 s).
        let rejoin = Task {
            await h.coordinator.joinGroup(joinRequest(memberID: leader, client: "a", sessionTimeoutMs: 60_000))
        }
        try await eventually { await h.describe().state == .preparingRebalance }
        let newcomer = Task { await h.coordinator.joinGroup(joinRequest(client: "c", sessionTimeoutMs: 60_000)) }
        try await h.waitForMembers(3)
        await h.advance(byMs: 29_999)
        #expect(await h.describe().state == .preparingRebalance)
        await h.advance(byMs: 1)
        let (rejoined, joined) = (await rejoin.value, await newcomer.value)
        #expect(rejoined.generationID == 2 && joined.generationID == 2)
        let members = Set(await h.describe().members.map(\.memberID))
        #expect(members == [leader, joined.memberID])
        #expect(rejoined.members.count == 2)
        #expect(await h.coordinator.heartbeat(groupID: "g", generationID: 2, memberID: follower) == .unknownMemberID)
    }

    @Test func failedAssignmentWriteAnswersEveryoneAndRebalances() async throws {
        let h = try await Harness()
        let joins = try await h.joinAll([joinRequest(client: "a"), joinRequest(client: "b")]) {
            try await h.waitForMembers(2)
            await h.advance(byMs: 3_000)
            await h.advance(byMs: 3_000)
        }
        await h.log.failAppends(with: .notReplicated)
        let syncs = await h.syncAll(joins, assignments: [:])
        let leaderIndex = try #require(joins.firstIndex { $0.leaderID == $0.memberID })
        #expect(syncs[leaderIndex].error == .coordinatorNotAvailable)
        // The follower was either held and told the same, or arrived after the rebalance had started.
        #expect([.coordinatorNotAvailable, .rebalanceInProgress].contains(syncs[1 - leaderIndex].error))
        #expect(await h.describe().state == .preparingRebalance)
    }
}

@Suite struct GroupLimitTests {
    @Test func membersBeyondGroupMaxSizeAreRefused() async throws {
        var config = Harness.defaultConfig()
        config.groupMaxSize = 1
        let h = try await Harness(config: config)
        let first = Task { await h.coordinator.joinGroup(joinRequest(client: "a")) }
        try await h.waitForMembers(1)
        let second = await h.coordinator.joinGroup(joinRequest(client: "b"))
        #expect(second.error == .groupMaxSizeReached)
        await h.advance(byMs: 3_000)
        let joined = await first.value
        #expect(joined.error == .noError && joined.generationID == 1)
        #expect(await h.coordinator.joinGroup(joinRequest(client: "c")).error == .groupMaxSizeReached)
    }

    @Test func leavingPendingMemberIDIsAccepted() async throws {
        let h = try await Harness()
        let pending = await h.coordinator.joinGroup(joinRequest(client: "a", requireKnownMemberID: true))
        let left = await h.coordinator.leaveGroup(
            groupID: "g", members: [GroupMemberIdentity(memberID: pending.memberID)])
        #expect(left.members.map(\.error) == [.noError])
        #expect(
            await h.coordinator.joinGroup(joinRequest(memberID: pending.memberID, client: "a")).error
                == .unknownMemberID)
    }
}
