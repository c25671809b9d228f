import NIOCore

// JoinGroup and the join phase of a rebalance (Kafka's `handleJoinGroup`, `prepareRebalance`, `onCompleteJoin`).
extension GroupCoordinator {
    /// Joins (or rejoins) a member. Held until the join phase completes: every known member has rejoined,
    /// or the rebalance timeout (or the delay of a new group's first rebalance) has passed.
    /// - Returns: the generation, selected protocol and leader; the leader also gets every member's metadata.
    ///   Errors: NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS, INVALID_GROUP_ID, INVALID_SESSION_TIMEOUT,
    ///   UNKNOWN_MEMBER_ID, MEMBER_ID_REQUIRED (with the id to use), INCONSISTENT_GROUP_PROTOCOL,
    ///   FENCED_INSTANCE_ID, GROUP_MAX_SIZE_REACHED, COORDINATOR_NOT_AVAILABLE.
    public func joinGroup(_ request: GroupJoinRequest) async -> GroupJoinResult {
        let result = await withCheckedContinuation { (respond: CheckedContinuation<GroupJoinResult, Never>) in
            handleJoin(request, respond: respond)
        }
        await flushOutbox()
        return result
    }

    func handleJoin(_ request: GroupJoinRequest, respond: CheckedContinuation<GroupJoinResult, Never>) {
        if let error = checkGroupStatus(request.groupID) {
            return respond.resume(returning: .failure(error, memberID: request.memberID))
        }
        guard (config.groupMinSessionTimeoutMs...config.groupMaxSessionTimeoutMs).contains(request.sessionTimeoutMs)
        else { return respond.resume(returning: .failure(.invalidSessionTimeout, memberID: request.memberID)) }

        let isUnknownMember = request.memberID.isEmpty
        let group: ConsumerGroup
        if let existing = groups[request.groupID] {
            group = existing
        } else if isUnknownMember {
            group = ConsumerGroup(
                id: request.groupID, partition: partitionFor(groupID: request.groupID), nowMs: clock.nowMs)
            groups[request.groupID] = group
        } else {
            return respond.resume(returning: .failure(.unknownMemberID, memberID: request.memberID))
        }

        if !acceptsJoiningMember(group, memberID: request.memberID) {
            if let member = group.member(request.memberID) { removeMember(member, from: group) }
            respond.resume(returning: .failure(.groupMaxSizeReached))
        } else if isUnknownMember {
            joinUnknownMember(request, group: group, respond: respond)
        } else {
            joinKnownMember(request, group: group, respond: respond)
        }
        tryCompleteJoin(group)
    }

    /// `group.max.size`: counted over members already rejoined while PreparingRebalance, over all members
    /// otherwise; known members are always accepted.
    private func acceptsJoiningMember(_ group: ConsumerGroup, memberID: String) -> Bool {
        switch group.state {
        case .empty, .dead:
            return true
        case .preparingRebalance:
            return group.member(memberID)?.isAwaitingJoin == true || group.awaitingJoinCount < config.groupMaxSize
        case .completingRebalance, .stable:
            return group.has(memberID) || group.members.count < config.groupMaxSize
        }
    }

    private func joinUnknownMember(
        _ request: GroupJoinRequest, group: ConsumerGroup, respond: CheckedContinuation<GroupJoinResult, Never>
    ) {
        if group.state == .dead {
            return respond.resume(returning: .failure(.coordinatorNotAvailable))
        }
        guard group.supports(protocolType: request.protocolType, protocols: request.protocols) else {
            return respond.resume(returning: .failure(.inconsistentGroupProtocol))
        }
        let newMemberID = makeMemberID(clientID: request.clientID)
        if let instanceID = request.groupInstanceID {
            if let oldMemberID = group.staticMemberID(instanceID) {
                replaceStaticMember(
                    group, oldMemberID: oldMemberID, newMemberID: newMemberID, request: request, respond: respond)
            } else {
                addMemberAndRebalance(group, memberID: newMemberID, request: request, respond: respond)
            }
        } else if request.requireKnownMemberID {
            // KIP-394: hand out the id first, so a client that times out and retries rejoins under the same id
            // instead of leaving a defunct member behind.
            group.pendingMembers[newMemberID] = clock.nowMs.saturatingAdd(Int64(request.sessionTimeoutMs))
            respond.resume(returning: .failure(.memberIDRequired, memberID: newMemberID))
        } else {
            addMemberAndRebalance(group, memberID: newMemberID, request: request, respond: respond)
        }
    }

    private func joinKnownMember(
        _ request: GroupJoinRequest, group: ConsumerGroup, respond: CheckedContinuation<GroupJoinResult, Never>
    ) {
        let memberID = request.memberID
        if group.state == .dead {
            return respond.resume(returning: .failure(.coordinatorNotAvailable, memberID: memberID))
        }
        guard group.supports(protocolType: request.protocolType, protocols: request.protocols) else {
            return respond.resume(returning: .failure(.inconsistentGroupProtocol, memberID: memberID))
        }
        if group.pendingMembers[memberID] != nil && request.groupInstanceID == nil {
            return addMemberAndRebalance(group, memberID: memberID, request: request, respond: respond)
        }
        if group.isFenced(memberID: memberID, instanceID: request.groupInstanceID) {
            return respond.resume(returning: .failure(.fencedInstanceID, memberID: memberID))
        }
        let instanceUnknown = request.groupInstanceID != nil && group.staticMemberID(request.groupInstanceID) == nil
        guard let member = group.member(memberID), !instanceUnknown else {
            return respond.resume(returning: .failure(.unknownMemberID, memberID: memberID))
        }
        switch group.state {
        case .preparingRebalance:
            updateMemberAndRebalance(group, member: member, request: request, respond: respond)
        case .completingRebalance:
            if member.matches(request.protocols) {
                // The member lost the JoinGroup answer: repeat it for the current generation.
                respond.resume(returning: currentGenerationAnswer(group, for: member, includeMembers: true))
            } else {
                updateMemberAndRebalance(group, member: member, request: request, respond: respond)
            }
        case .stable:
            if group.isLeader(memberID) || !member.matches(request.protocols) {
                // A leader rejoins to rebalance after changes the metadata does not show (new partitions).
                updateMemberAndRebalance(group, member: member, request: request, respond: respond)
            } else {
                respond.resume(returning: currentGenerationAnswer(group, for: member, includeMembers: false))
            }
        case .empty, .dead:
            respond.resume(returning: .failure(.unknownMemberID, memberID: memberID))
        }
    }

    private func currentGenerationAnswer(
        _ group: ConsumerGroup, for member: GroupMember, includeMembers: Bool
    ) -> GroupJoinResult {
        GroupJoinResult(
            error: .noError, generationID: group.generation, protocolType: group.protocolType,
            protocolName: group.protocolName, leaderID: group.leaderID ?? "", memberID: member.id,
            members: includeMembers && group.isLeader(member.id) ? group.currentMemberMetadata() : [])
    }

    private func addMemberAndRebalance(
        _ group: ConsumerGroup, memberID: String, request: GroupJoinRequest,
        respond: CheckedContinuation<GroupJoinResult, Never>
    ) {
        let member = GroupMember(
            id: memberID, groupInstanceID: request.groupInstanceID, clientID: request.clientID,
            clientHost: request.clientHost, rebalanceTimeoutMs: request.rebalanceTimeoutMs,
            sessionTimeoutMs: request.sessionTimeoutMs, protocolType: request.protocolType,
            protocols: request.protocols, heartbeatDeadlineMs: clock.nowMs.saturatingAdd(Self.newMemberJoinTimeoutMs),
            sequence: group.makeSequence())
        member.isNew = true
        // A member arriving during a new group's initial delay extends that delay.
        if group.state == .preparingRebalance && group.generation == 0 { group.newMemberAdded = true }
        group.add(member)
        member.awaitingJoin = respond
        logger.info("group \(group.id): member \(memberID) joins (instance \(request.groupInstanceID ?? "none"))")
        maybePrepareRebalance(group)
    }

    private func updateMemberAndRebalance(
        _ group: ConsumerGroup, member: GroupMember, request: GroupJoinRequest,
        respond: CheckedContinuation<GroupJoinResult, Never>
    ) {
        member.protocols = request.protocols
        member.rebalanceTimeoutMs = request.rebalanceTimeoutMs
        member.sessionTimeoutMs = request.sessionTimeoutMs
        // A repeated JoinGroup supersedes the held one, whose client has given up on it.
        member.completeJoin(.failure(.rebalanceInProgress, memberID: member.id))
        member.awaitingJoin = respond
        maybePrepareRebalance(group)
    }

    /// A known `group.instance.id` joins with no member id: it takes over the old member's place under a new
    /// id (the old id is fenced). A Stable group whose protocol does not change keeps its generation: the new
    /// id is persisted and the member, answered as a follower, gets its old assignment back from SyncGroup.
    private func replaceStaticMember(
        _ group: ConsumerGroup, oldMemberID: String, newMemberID: String, request: GroupJoinRequest,
        respond: CheckedContinuation<GroupJoinResult, Never>
    ) {
        let currentLeader = group.leaderID
        guard let member = group.replaceStaticMember(oldID: oldMemberID, newID: newMemberID) else {
            return respond.resume(returning: .failure(.unknownMemberID))
        }
        logger.info("group \(group.id): static member \(request.groupInstanceID ?? "") rejoins as \(newMemberID)")
        member.heartbeatDeadlineMs = clock.nowMs.saturatingAdd(Int64(request.sessionTimeoutMs))
        let oldProtocols = member.protocols
        member.protocols = request.protocols
        member.awaitingJoin = respond

        switch group.state {
        case .stable:
            guard group.selectProtocol() == group.protocolName else {
                return maybePrepareRebalance(group)
            }
            let assignments = Dictionary(uniqueKeysWithValues: group.members.values.map { ($0.id, $0.assignment) })
            let record = groupRecord(group, assignments: assignments)
            let identity = ObjectIdentifier(group)
            let (groupID, partition, generation) = (group.id, group.partition, group.generation)
            Task {
                let error = await self.append(partition: partition, records: [record])
                self.staticMemberStored(
                    groupID: groupID, identity: identity, generation: generation, oldMemberID: oldMemberID,
                    newMemberID: newMemberID, oldProtocols: oldProtocols, currentLeader: currentLeader, error: error)
                await self.flushOutbox()
            }
        case .completingRebalance:
            // The leader may be assigning to the old id: only a new generation keeps assignments consistent.
            prepareRebalance(group)
        case .preparingRebalance:
            break
        case .empty, .dead:
            // A group with a static member has members, and dead groups are answered before this point.
            member.completeJoin(.failure(.unknownMemberID))
        }
    }

    private func staticMemberStored(
        groupID: String, identity: ObjectIdentifier, generation: Int32, oldMemberID: String, newMemberID: String,
        oldProtocols: [GroupProtocol], currentLeader: String?, error: GroupErrorCode
    ) {
        guard let group = group(groupID, identity: identity), let member = group.member(newMemberID),
            group.state == .stable, group.generation == generation
        else { return }  // unloaded (callers answered) or rebalancing (the member is held in the join phase)
        if error != .noError {
            // The new id is not durable: give the instance its old id back.
            member.protocols = oldProtocols
            member.completeJoin(
                GroupJoinResult(
                    error: error, generationID: group.generation, protocolType: group.protocolType,
                    protocolName: group.protocolName, leaderID: currentLeader ?? "", memberID: "", members: []))
            _ = group.replaceStaticMember(oldID: newMemberID, newID: oldMemberID)
            return
        }
        // Answer with the old leader id, so even a former leader acts as a follower and fetches its assignment
        // from SyncGroup instead of computing a new one a Stable group would not distribute.
        member.completeJoin(
            GroupJoinResult(
                error: .noError, generationID: group.generation, protocolType: group.protocolType,
                protocolName: group.protocolName, leaderID: currentLeader ?? "", memberID: newMemberID, members: []))
    }

    // MARK: Rebalance

    func maybePrepareRebalance(_ group: ConsumerGroup) {
        if GroupState.preparingRebalance.legalPredecessors.contains(group.state) { prepareRebalance(group) }
    }

    /// Starts a join phase: held SyncGroup calls are told to rejoin; a group that was Empty waits
    /// `group.initial.rebalance.delay.ms` for more members, any other the longest member rebalance timeout.
    func prepareRebalance(_ group: ConsumerGroup) {
        let now = clock.nowMs
        if group.state == .completingRebalance { resetAssignment(group, answering: .rebalanceInProgress) }
        let wasEmpty = group.state == .empty
        guard group.transition(to: .preparingRebalance, nowMs: now) else {
            return logger.error("group \(group.id): refusing to prepare a rebalance from \(group.state.rawValue)")
        }
        if wasEmpty {
            group.joinIsInitialDelay = true
            group.newMemberAdded = false
            group.initialDelayRemainingMs = max(group.rebalanceTimeoutMs.saturatingSubtract(config.groupInitialRebalanceDelayMs), 0)
            group.joinDeadlineMs = now.saturatingAdd(config.groupInitialRebalanceDelayMs)
        } else {
            group.joinIsInitialDelay = false
            group.joinDeadlineMs = now.saturatingAdd(group.rebalanceTimeoutMs)
        }
        rebalancesStarted &+= 1
        logger.info("group \(group.id): preparing rebalance from generation \(group.generation)")
        tryCompleteJoin(group)
    }

    /// Completes the join phase if it is done: all members rejoined, or an initial delay that has run out.
    func tryCompleteJoin(_ group: ConsumerGroup) {
        guard group.state == .preparingRebalance else { return }
        if group.joinIsInitialDelay {
            if let deadline = group.joinDeadlineMs, deadline <= clock.nowMs { initialDelayExpired(group) }
        } else if group.hasAllMembersJoined {
            completeJoin(group)
        }
    }

    /// The initial delay ran out: extend it while members keep arriving (within the rebalance timeout).
    func initialDelayExpired(_ group: ConsumerGroup) {
        if group.newMemberAdded && group.initialDelayRemainingMs > 0 {
            group.newMemberAdded = false
            let delay = min(config.groupInitialRebalanceDelayMs, group.initialDelayRemainingMs)
            group.initialDelayRemainingMs = max(group.initialDelayRemainingMs.saturatingSubtract(delay), 0)
            group.joinDeadlineMs = clock.nowMs.saturatingAdd(delay)
        } else {
            completeJoin(group)
        }
    }

    /// Ends the join phase (Kafka's `onCompleteJoin`): dynamic members that did not rejoin are dropped, the
    /// next generation starts, and every held JoinGroup is answered.
    func completeJoin(_ group: ConsumerGroup) {
        let now = clock.nowMs
        for member in group.orderedMembers where !member.isAwaitingJoin && !member.isStatic {
            logger.info("group \(group.id): member \(member.id) did not rejoin in time, removing it")
            group.remove(member.id)
        }
        guard group.state != .dead else { return }
        if !electJoinedLeader(group) && !group.isEmpty {
            // Only static members that did not rejoin are left: wait for them, or for their sessions to end.
            group.joinIsInitialDelay = false
            group.joinDeadlineMs = now.saturatingAdd(group.rebalanceTimeoutMs)
            return
        }
        guard group.initNextGeneration(nowMs: now) else {
            return logger.error("group \(group.id): refusing to end a join phase from \(group.state.rawValue)")
        }
        group.joinDeadlineMs = nil
        group.joinIsInitialDelay = false
        if group.state == .empty {
            logger.info("group \(group.id): generation \(group.generation) is empty")
            enqueue(partition: group.partition, records: [groupRecord(group, assignments: [:])])
            return
        }
        let protocolName = group.protocolName ?? "none"
        logger.info("group \(group.id): generation \(group.generation), \(group.members.count) members, \(protocolName)")
        for member in group.orderedMembers {
            member.completeJoin(currentGenerationAnswer(group, for: member, includeMembers: true))
            member.heartbeatDeadlineMs = now.saturatingAdd(Int64(member.sessionTimeoutMs))
            member.isNew = false
        }
    }

    /// Keeps the leader if it rejoined, else picks the first member that did; false when none did.
    private func electJoinedLeader(_ group: ConsumerGroup) -> Bool {
        if let leader = group.leaderID.flatMap(group.member), leader.isAwaitingJoin { return true }
        guard let joined = group.orderedMembers.first(where: \.isAwaitingJoin) else { return false }
        group.leaderID = joined.id
        return true
    }
}
