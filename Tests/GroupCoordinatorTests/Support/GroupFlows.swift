import GroupCoordinator
import NIOCore

extension Harness {
    /// Sends JoinGroup calls concurrently, runs `meanwhile` (to move time), and returns answers in request order.
    /// With `oneByOne`, each new member's call is known to the group before the next is sent, so join order
    /// (and with it leadership and protocol tie-breaks) is deterministic.
    func joinAll(
        _ requests: [GroupJoinRequest], oneByOne: Bool = false, meanwhile: () async throws -> Void = {}
    ) async throws -> [GroupJoinResult] {
        let coordinator = self.coordinator
        let known = oneByOne ? await describe(requests.first?.groupID ?? "g").members.count : 0
        return try await withThrowingTaskGroup(of: (Int, GroupJoinResult).self) { tasks in
            for (index, request) in requests.enumerated() {
                tasks.addTask { (index, await coordinator.joinGroup(request)) }
                if oneByOne { try await waitForMembers(known + index + 1, in: request.groupID) }
            }
            try await meanwhile()
            var results = [GroupJoinResult?](repeating: nil, count: requests.count)
            for try await (index, result) in tasks { results[index] = result }
            return results.map { $0! }
        }
    }

    /// Sends SyncGroup for every joined member concurrently (the leader with `assignments`), in join order.
    func syncAll(
        _ joins: [GroupJoinResult], group: String = "g", instances: [String?]? = nil,
        assignments: [String: ByteBuffer]
    ) async -> [GroupSyncResult] {
        let coordinator = self.coordinator
        return await withTaskGroup(of: (Int, GroupSyncResult).self) { tasks in
            for (index, join) in joins.enumerated() {
                let isLeader = join.leaderID == join.memberID
                let request = GroupSyncRequest(
                    groupID: group, generationID: join.generationID, memberID: join.memberID,
                    groupInstanceID: instances?[index], protocolType: "consumer", protocolName: join.protocolName,
                    assignments: isLeader ? assignments : [:])
                tasks.addTask { (index, await coordinator.syncGroup(request)) }
            }
            var results = [GroupSyncResult?](repeating: nil, count: joins.count)
            for await (index, result) in tasks { results[index] = result }
            return results.map { $0! }
        }
    }

    /// Two (or more) new members join an empty group through the initial delay (3 s, extended once because
    /// the second member arrived within it) and sync; each member is assigned its own client id's bytes.
    func formGroup(
        _ requests: [GroupJoinRequest] = [joinRequest(client: "a"), joinRequest(client: "b")], group: String = "g"
    ) async throws -> (joins: [GroupJoinResult], syncs: [GroupSyncResult]) {
        let joins = try await joinAll(requests, oneByOne: true) {
            try await waitForMembers(requests.count, in: group)
            await advance(byMs: config.groupInitialRebalanceDelayMs)
            await advance(byMs: config.groupInitialRebalanceDelayMs)
        }
        var assignments: [String: ByteBuffer] = [:]
        for join in joins { assignments[join.memberID] = ByteBuffer(string: "assigned:" + join.memberID) }
        let syncs = await syncAll(
            joins, group: group, instances: requests.map(\.groupInstanceID), assignments: assignments)
        return (joins, syncs)
    }
}
