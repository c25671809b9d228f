import NIOCore

// SyncGroup: the leader hands in the assignment, which is written to the log before anyone gets theirs.
extension GroupCoordinator {
    /// Fetches the member's assignment for the current generation. Followers are held until the leader's
    /// SyncGroup has been written through `GroupLog`; the group is then Stable.
    /// - Returns: the assignment, or UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS (rejoin),
    ///   FENCED_INSTANCE_ID, INCONSISTENT_GROUP_PROTOCOL, NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE or the
    ///   error of a failed write.
    public func syncGroup(_ request: GroupSyncRequest) async -> GroupSyncResult {
        await withCheckedContinuation { (respond: CheckedContinuation<GroupSyncResult, Never>) in
            handleSync(request, respond: respond)
        }
    }

    func handleSync(_ request: GroupSyncRequest, respond: CheckedContinuation<GroupSyncResult, Never>) {
        if let error = checkGroupStatus(request.groupID) {
            // A loading coordinator has lost the rebalance in progress: tell the member to rejoin (older clients
            // do not expect COORDINATOR_LOAD_IN_PROGRESS here).
            return respond.resume(
                returning: .failure(error == .coordinatorLoadInProgress ? .rebalanceInProgress : error))
        }
        guard let group = groups[request.groupID] else { return respond.resume(returning: .failure(.unknownMemberID)) }
        if group.state == .dead { return respond.resume(returning: .failure(.coordinatorNotAvailable)) }
        if group.isFenced(memberID: request.memberID, instanceID: request.groupInstanceID) {
            return respond.resume(returning: .failure(.fencedInstanceID))
        }
        guard let member = group.member(request.memberID) else {
            return respond.resume(returning: .failure(.unknownMemberID))
        }
        if request.generationID != group.generation { return respond.resume(returning: .failure(.illegalGeneration)) }
        if let type = request.protocolType, type != group.protocolType {
            return respond.resume(returning: .failure(.inconsistentGroupProtocol))
        }
        if let name = request.protocolName, name != group.protocolName {
            return respond.resume(returning: .failure(.inconsistentGroupProtocol))
        }

        switch group.state {
        case .empty, .dead:
            respond.resume(returning: .failure(.unknownMemberID))
        case .preparingRebalance:
            respond.resume(returning: .failure(.rebalanceInProgress))
        case .completingRebalance:
            member.completeSync(.failure(.rebalanceInProgress))  // a repeated SyncGroup supersedes the held one
            member.awaitingSync = respond
            if group.isLeader(member.id) && group.assignmentStoreGeneration != group.generation {
                storeLeaderAssignment(group, request.assignments)
            }
        case .stable:
            member.heartbeatDeadlineMs = clock.nowMs.saturatingAdd(Int64(member.sessionTimeoutMs))
            respond.resume(
                returning: GroupSyncResult(
                    error: .noError, protocolType: group.protocolType, protocolName: group.protocolName,
                    assignment: member.assignment))
        }
    }

    private func storeLeaderAssignment(_ group: ConsumerGroup, _ leaderAssignments: [String: ByteBuffer]) {
        // Members the leader left out get an empty assignment; ids it invented are ignored.
        var assignments: [String: ByteBuffer] = [:]
        for member in group.members.values { assignments[member.id] = leaderAssignments[member.id] ?? ByteBuffer() }
        group.assignmentStoreGeneration = group.generation
        let record = groupRecord(group, assignments: assignments)
        let identity = ObjectIdentifier(group)
        let (groupID, partition, generation) = (group.id, group.partition, group.generation)
        Task {
            let error = await self.append(partition: partition, records: [record])
            self.leaderAssignmentStored(
                groupID: groupID, identity: identity, generation: generation, assignments: assignments, error: error)
            await self.flushOutbox()
        }
    }

    private func leaderAssignmentStored(
        groupID: String, identity: ObjectIdentifier, generation: Int32, assignments: [String: ByteBuffer],
        error: GroupErrorCode
    ) {
        guard let group = group(groupID, identity: identity) else { return }
        if group.assignmentStoreGeneration == generation { group.assignmentStoreGeneration = nil }
        // A rebalance that started meanwhile has already answered the held calls.
        guard group.state == .completingRebalance, group.generation == generation else { return }
        if error != .noError {
            resetAssignment(group, answering: error)
            maybePrepareRebalance(group)
            return
        }
        let now = clock.nowMs
        for member in group.members.values {
            member.assignment = assignments[member.id] ?? ByteBuffer()
        }
        guard group.transition(to: .stable, nowMs: now) else {
            return logger.error("group \(group.id): refusing to become stable from \(group.state.rawValue)")
        }
        logger.info("group \(group.id): generation \(generation) is stable")
        for member in group.members.values {
            member.completeSync(
                GroupSyncResult(
                    error: .noError, protocolType: group.protocolType, protocolName: group.protocolName,
                    assignment: member.assignment))
            member.heartbeatDeadlineMs = now.saturatingAdd(Int64(member.sessionTimeoutMs))
        }
    }

    /// Clears assignments and answers held SyncGroup calls with `error`.
    func resetAssignment(_ group: ConsumerGroup, answering error: GroupErrorCode) {
        for member in group.members.values {
            member.assignment = ByteBuffer()
            member.completeSync(.failure(error))
        }
    }
}
