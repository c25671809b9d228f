import GroupCoordinator
import KafkaModel
import NIOCore
import Testing

@Suite struct OwnershipTests {
    @Test func newCoordinatorLoadsGroupsAndOffsetsFromTheLogAfterFailover() async throws {
        let log = InMemoryGroupLog()
        let clock = ManualGroupClock()
        let first = try await Harness(log: log, clock: clock)
        let (joins, syncs) = try await first.formGroup()
        let member = joins[0].memberID
        _ = await first.coordinator.commitOffsets(
            groupID: "g", generationID: 1, memberID: member,
            offsets: [
                OffsetCommitEntry(
                    partition: tp("orders", 0), offset: Offset(99), leaderEpoch: LeaderEpoch(4), metadata: "m")
            ])
        _ = await first.coordinator.commitOffsets(
            groupID: "simple", generationID: -1, memberID: "",
            offsets: [OffsetCommitEntry(partition: tp("orders", 1), offset: Offset(5), metadata: nil)])
        _ = await first.coordinator.commitOffsets(
            groupID: "simple", generationID: -1, memberID: "",
            offsets: [OffsetCommitEntry(partition: tp("orders", 1), offset: Offset(6), metadata: "later")])

        // Another broker takes over the offsets partitions and reads them back.
        let second = try await Harness(log: log, clock: clock)
        let description = await second.describe()
        #expect(description.state == .stable)
        #expect(description.protocolName == "range")
        #expect(Set(description.members.map(\.memberID)) == Set(joins.map(\.memberID)))
        #expect(Set(description.members.map(\.assignment)) == Set(syncs.map(\.assignment)))
        #expect(description.members.allSatisfy { $0.clientHost == "/10.0.0.1" })

        let fetched = await second.coordinator.fetchOffsets(groupID: "g", partitions: nil)
        #expect(
            fetched.partitions == [
                FetchedOffset(
                    partition: tp("orders", 0), offset: Offset(99), leaderEpoch: LeaderEpoch(4), metadata: "m",
                    error: .noError)
            ])
        let simple = await second.coordinator.fetchOffsets(groupID: "simple", partitions: [tp("orders", 1)])
        #expect(simple.partitions.map(\.offset) == [Offset(6)])
        #expect(simple.partitions.map(\.metadata) == ["later"])

        // Members carry on with their generation, and get their assignment from SyncGroup.
        #expect(await second.coordinator.heartbeat(groupID: "g", generationID: 1, memberID: member) == .noError)
        let sync = await second.coordinator.syncGroup(GroupSyncRequest(groupID: "g", generationID: 1, memberID: member))
        #expect(sync.assignment == syncs[0].assignment)
        let listed = await second.coordinator.listGroups()
        #expect(listed.groups.map(\.groupID) == ["g", "simple"])
    }

    @Test func groupsAnswerLoadInProgressUntilTheirPartitionIsLoaded() async throws {
        let log = InMemoryGroupLog()
        let clock = ManualGroupClock()
        let first = try await Harness(log: log, clock: clock)
        let (joins, _) = try await first.formGroup()
        let partition = first.offsetsPartition(of: "g")

        let coordinator = GroupCoordinator(config: Harness.defaultConfig(), log: log, clock: clock)
        await log.blockReads()
        let loading = Task { try await coordinator.becameLeader(ofPartition: partition) }
        try await eventually { await log.hasBlockedRead }

        #expect(await coordinator.joinGroup(joinRequest()).error == .coordinatorLoadInProgress)
        // Heartbeats are answered NONE and SyncGroup REBALANCE_IN_PROGRESS while loading, as Kafka does.
        #expect(await coordinator.heartbeat(groupID: "g", generationID: 1, memberID: joins[0].memberID) == .noError)
        let sync = await coordinator.syncGroup(
            GroupSyncRequest(groupID: "g", generationID: 1, memberID: joins[0].memberID))
        #expect(sync.error == .rebalanceInProgress)
        #expect(await coordinator.fetchOffsets(groupID: "g", partitions: nil).error == .coordinatorLoadInProgress)
        #expect(await coordinator.listGroups().error == .coordinatorLoadInProgress)
        #expect(await coordinator.describeGroups(["g"])[0].error == .coordinatorLoadInProgress)

        await log.releaseReads()
        try await loading.value
        #expect(await coordinator.describeGroups(["g"])[0].state == .stable)
        #expect(await coordinator.listGroups().error == .noError)
    }

    @Test func resigningAnswersHeldAndLaterCallsWithNotCoordinator() async throws {
        let h = try await Harness()
        let held = Task { await h.coordinator.joinGroup(joinRequest(client: "a")) }
        try await h.waitForMembers(1)
        let partition = h.offsetsPartition(of: "g")
        await h.coordinator.resigned(fromPartition: partition)

        #expect(await held.value.error == .notCoordinator)
        #expect(await h.coordinator.joinGroup(joinRequest()).error == .notCoordinator)
        #expect(await h.coordinator.heartbeat(groupID: "g", generationID: 1, memberID: "m") == .notCoordinator)
        let commit = await h.coordinator.commitOffsets(
            groupID: "g", generationID: -1, memberID: "",
            offsets: [OffsetCommitEntry(partition: tp("t", 0), offset: Offset(1), metadata: nil)])
        #expect(commit == [tp("t", 0): .notCoordinator])
        // Groups of other partitions are still served.
        let other = try #require((0..<1000).map { "group-\($0)" }.first { h.offsetsPartition(of: $0) != partition })
        let simple = await h.coordinator.commitOffsets(
            groupID: other, generationID: -1, memberID: "",
            offsets: [OffsetCommitEntry(partition: tp("t", 0), offset: Offset(1), metadata: nil)])
        #expect(simple == [tp("t", 0): .noError])
    }

    @Test func partitionsNeverLedAreNotCoordinated() async throws {
        let coordinator = GroupCoordinator(
            config: Harness.defaultConfig(), log: InMemoryGroupLog(), clock: ManualGroupClock())
        #expect(await coordinator.joinGroup(joinRequest()).error == .notCoordinator)
        #expect(
            await coordinator.fetchOffsets(groupID: "g", partitions: [tp("t", 0)]).partitions.map(\.error) == [
                .notCoordinator
            ])
        #expect(coordinator.partitionFor(groupID: "hello") == 99_162_322 % Harness.partitionCount)
    }
}
