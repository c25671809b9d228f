// Heartbeats, leaving, session expiry and the timers that end join phases.
extension GroupCoordinator {
    /// Keeps a member's session alive.
    /// - Returns: NONE; REBALANCE_IN_PROGRESS while the group rebalances (the member must rejoin);
    ///   UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, FENCED_INSTANCE_ID, NOT_COORDINATOR,
    ///   COORDINATOR_NOT_AVAILABLE. While the partition loads the answer is NONE, as Kafka gives.
    public func heartbeat(
        groupID: String, generationID: Int32, memberID: String, groupInstanceID: String? = nil
    ) -> GroupErrorCode {
        if let error = checkGroupStatus(groupID) { return error == .coordinatorLoadInProgress ? .noError : error }
        guard let group = groups[groupID] else { return .unknownMemberID }
        if group.state == .dead { return .coordinatorNotAvailable }
        if group.isFenced(memberID: memberID, instanceID: groupInstanceID) { return .fencedInstanceID }
        guard let member = group.member(memberID) else { return .unknownMemberID }
        if generationID != group.generation { return .illegalGeneration }
        switch group.state {
        case .empty, .dead:
            return .unknownMemberID
        case .completingRebalance, .stable:
            member.heartbeatDeadlineMs = clock.nowMs.saturatingAdd(Int64(member.sessionTimeoutMs))
            return .noError
        case .preparingRebalance:
            member.heartbeatDeadlineMs = clock.nowMs.saturatingAdd(Int64(member.sessionTimeoutMs))
            return .rebalanceInProgress
        }
    }

    /// Removes members at once (a rebalance starts without waiting for their sessions to end).
    /// - Parameter members: by member id, or by `group.instance.id` with an empty member id (LeaveGroup v3+).
    /// - Returns: a group-level error, else one error per member: NONE, UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID.
    public func leaveGroup(groupID: String, members: [GroupMemberIdentity]) async -> GroupLeaveResult {
        let result = handleLeave(groupID: groupID, members: members)
        await flushOutbox()
        return result
    }

    private func handleLeave(groupID: String, members identities: [GroupMemberIdentity]) -> GroupLeaveResult {
        if let error = checkGroupStatus(groupID) { return GroupLeaveResult(error: error, members: []) }
        guard let group = groups[groupID] else {
            return GroupLeaveResult(
                error: .noError, members: identities.map { GroupMemberLeave(member: $0, error: .unknownMemberID) })
        }
        if group.state == .dead { return GroupLeaveResult(error: .coordinatorNotAvailable, members: []) }
        let outcomes = identities.map { identity -> GroupMemberLeave in
            let memberID = identity.memberID
            if !memberID.isEmpty && group.pendingMembers[memberID] != nil {
                group.pendingMembers[memberID] = nil
                tryCompleteJoin(group)
                return GroupMemberLeave(member: identity, error: .noError)
            }
            if !memberID.isEmpty && group.isFenced(memberID: memberID, instanceID: identity.groupInstanceID) {
                return GroupMemberLeave(member: identity, error: .fencedInstanceID)
            }
            let leaving = group.staticMemberID(identity.groupInstanceID).flatMap(group.member) ?? group.member(memberID)
            guard let leaving else { return GroupMemberLeave(member: identity, error: .unknownMemberID) }
            logger.info("group \(group.id): member \(leaving.id) leaves")
            removeMember(leaving, from: group)
            return GroupMemberLeave(member: identity, error: .noError)
        }
        return GroupLeaveResult(error: .noError, members: outcomes)
    }

    /// Removes a member and moves the group on (Kafka's `removeMemberAndUpdateGroup`): a Stable or
    /// CompletingRebalance group rebalances; a join phase may now be complete.
    func removeMember(_ member: GroupMember, from group: ConsumerGroup) {
        // A held JoinGroup gets UNKNOWN_MEMBER_ID so a client still alive joins again.
        member.completeJoin(.failure(.unknownMemberID))
        member.completeSync(.failure(.unknownMemberID))
        group.remove(member.id)
        switch group.state {
        case .dead, .empty:
            break
        case .stable, .completingRebalance:
            maybePrepareRebalance(group)
        case .preparingRebalance:
            tryCompleteJoin(group)
        }
    }

    /// Fires what is due at the clock's time: ends join phases whose delay or rebalance timeout passed,
    /// drops unused MEMBER_ID_REQUIRED ids and removes members whose session expired. `run()` calls it
    /// every few milliseconds; tests call it after moving a `ManualGroupClock`.
    public func runDueTimers() async {
        let now = clock.nowMs
        for group in groups.values.sorted(by: { $0.id < $1.id }) {
            guard groups[group.id] === group else { continue }
            if group.state == .preparingRebalance, let deadline = group.joinDeadlineMs, deadline <= now {
                if group.joinIsInitialDelay { initialDelayExpired(group) } else { completeJoin(group) }
            }
            for (memberID, deadline) in group.pendingMembers where deadline <= now {
                group.pendingMembers[memberID] = nil
                tryCompleteJoin(group)
            }
            for member in group.orderedMembers where member.hasExpired(nowMs: now) {
                logger.info("group \(group.id): member \(member.id) session expired, removing it")
                removeMember(member, from: group)
            }
        }
        await flushOutbox()
    }

    /// Runs timers every `tickMs` and offset expiry every `offsets.retention.check.interval.ms` until the
    /// calling task is cancelled. Group deadlines are seconds apart (session, rebalance, initial delay): a
    /// 100 ms tick keeps them to within a tenth of a second without waking an idle broker a hundred times a
    /// second.
    public nonisolated func run(tickMs: Int64 = 100) async {
        var nextExpiry = clock.nowMs.saturatingAdd(config.offsetsRetentionCheckIntervalMs)
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(tickMs))
            await runDueTimers()
            if clock.nowMs >= nextExpiry {
                await expireOffsets()
                nextExpiry = clock.nowMs.saturatingAdd(config.offsetsRetentionCheckIntervalMs)
            }
        }
    }
}
