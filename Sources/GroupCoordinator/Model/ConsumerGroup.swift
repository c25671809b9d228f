import KafkaModel
import NIOCore

/// A group's state (Kafka's `GroupMetadata`): members, generation, committed offsets. Owned by the
/// `GroupCoordinator` actor and never shared outside it; reference identity tells the coordinator, after an
/// `await`, whether the group it was working on is still the one it holds.
final class ConsumerGroup {
    let id: String
    /// The `__consumer_offsets` partition holding the group.
    let partition: Int32
    private(set) var state: GroupState
    /// When the state last changed (persisted as `currentStateTimestamp`); nil for groups loaded from old records.
    private(set) var stateTimestampMs: Int64?
    var protocolType: String?
    var generation: Int32 = 0
    /// The selected protocol of the current generation.
    var protocolName: String?
    var leaderID: String?
    private(set) var members: [String: GroupMember] = [:]
    /// `group.instance.id` → current member id.
    private(set) var staticMembers: [String: String] = [:]
    /// Ids handed out with MEMBER_ID_REQUIRED, with the time they lapse unless used to join.
    var pendingMembers: [String: Int64] = [:]
    /// Topics the members consume, known for consumer-protocol groups (nil when unknown).
    var subscribedTopics: Set<String>?

    /// While PreparingRebalance: when the join phase ends even if members are missing.
    var joinDeadlineMs: Int64?
    /// Whether the pending join phase is the delayed first rebalance of an empty group.
    var joinIsInitialDelay = false
    /// Rebalance time still available to extend the initial delay.
    var initialDelayRemainingMs: Int64 = 0
    /// A member joined during the initial delay, so the delay may be extended.
    var newMemberAdded = false
    /// The generation whose leader assignment is being written; a repeated leader SyncGroup must not write it
    /// again.
    var assignmentStoreGeneration: Int32?

    var offsets: [TopicPartition: OffsetCommitValue] = [:]
    /// Partitions with commits being appended; never expired meanwhile.
    var pendingOffsetCommits: [TopicPartition: Int] = [:]
    /// TxnOffsetCommit offsets per producer id, written but not yet committed by a COMMIT marker: invisible to
    /// OffsetFetch (UNSTABLE_OFFSET_COMMIT with RequireStable) until then, dropped by an ABORT.
    var pendingTransactionalOffsets: [Int64: [TopicPartition: OffsetCommitValue]] = [:]

    private var nextSequence: UInt64 = 0

    init(id: String, partition: Int32, state: GroupState = .empty, nowMs: Int64?) {
        self.id = id
        self.partition = partition
        self.state = state
        self.stateTimestampMs = nowMs
    }

    /// Moves to `next` if it lists the current state among its legal predecessors; otherwise leaves the state
    /// alone and returns false. Requests drive these moves, so an illegal one is refused (and logged by the
    /// caller) rather than trapping: a coordinator bug must not take the broker down with every group in it.
    @discardableResult
    func transition(to next: GroupState, nowMs: Int64) -> Bool {
        guard next.legalPredecessors.contains(state) else { return false }
        state = next
        stateTimestampMs = nowMs
        return true
    }

    // MARK: Members

    var isEmpty: Bool { members.isEmpty }
    /// Members in join order.
    var orderedMembers: [GroupMember] { members.values.sorted { $0.sequence < $1.sequence } }
    var awaitingJoinCount: Int { members.values.reduce(0) { $0 + ($1.isAwaitingJoin ? 1 : 0) } }
    var hasAllMembersJoined: Bool { members.count == awaitingJoinCount && pendingMembers.isEmpty }
    /// The longest rebalance timeout of the members: how long a join phase may last.
    var rebalanceTimeoutMs: Int64 { members.values.map { Int64($0.rebalanceTimeoutMs) }.max() ?? 0 }

    func member(_ id: String) -> GroupMember? { members[id] }
    func has(_ memberID: String) -> Bool { members[memberID] != nil }
    func isLeader(_ memberID: String) -> Bool { leaderID == memberID }
    func staticMemberID(_ instanceID: String?) -> String? { instanceID.flatMap { staticMembers[$0] } }

    /// A static member whose instance is now held by a different member id (Kafka's `isStaticMemberFenced`).
    func isFenced(memberID: String, instanceID: String?) -> Bool {
        guard let current = staticMemberID(instanceID) else { return false }
        return current != memberID
    }

    func makeSequence() -> UInt64 {
        nextSequence += 1
        return nextSequence
    }

    func add(_ member: GroupMember) {
        if members.isEmpty { protocolType = member.protocolType }
        members[member.id] = member
        if leaderID == nil { leaderID = member.id }
        if let instance = member.groupInstanceID { staticMembers[instance] = member.id }
        pendingMembers[member.id] = nil
    }

    /// Removes a member; the leadership passes to the earliest remaining member.
    func remove(_ memberID: String) {
        guard let member = members.removeValue(forKey: memberID) else { return }
        if let instance = member.groupInstanceID, staticMembers[instance] == memberID {
            staticMembers[instance] = nil
        }
        if leaderID == memberID { leaderID = orderedMembers.first?.id }
    }

    /// Gives a static member a new id (Kafka's `replaceGroupInstance`); a call held under the old id is
    /// answered FENCED_INSTANCE_ID.
    func replaceStaticMember(oldID: String, newID: String) -> GroupMember? {
        guard let member = members.removeValue(forKey: oldID) else { return nil }
        member.completeJoin(.failure(.fencedInstanceID, memberID: oldID))
        member.completeSync(.failure(.fencedInstanceID))
        member.id = newID
        members[newID] = member
        if leaderID == oldID { leaderID = newID }
        if let instance = member.groupInstanceID { staticMembers[instance] = newID }
        return member
    }

    // MARK: Protocols

    /// Whether a joining member's protocols fit the group (Kafka's `supportsProtocols`).
    func supports(protocolType: String, protocols: [GroupProtocol]) -> Bool {
        if state == .empty { return !protocolType.isEmpty && !protocols.isEmpty }
        guard self.protocolType == protocolType else { return false }
        let candidates = candidateProtocols()
        return protocols.contains { candidates.contains($0.name) }
    }

    /// Protocols every member supports.
    func candidateProtocols() -> Set<String> {
        var candidates: Set<String>?
        for member in members.values {
            let names = Set(member.protocols.map(\.name))
            candidates = candidates.map { $0.intersection(names) } ?? names
        }
        return candidates ?? []
    }

    /// The protocol with the most votes, each member voting for its most preferred candidate; ties go to the
    /// earliest member's preference, so the choice is deterministic.
    func selectProtocol() -> String? {
        let candidates = candidateProtocols()
        let ordered = orderedMembers
        var votes: [String: Int] = [:]
        for member in ordered {
            if let vote = member.vote(among: candidates) { votes[vote, default: 0] += 1 }
        }
        guard let best = votes.values.max() else { return nil }
        let preference = ordered.first?.protocols.map(\.name) ?? []
        return preference.first { votes[$0] == best } ?? votes.first { $0.value == best }?.key
    }

    /// The members with their metadata for the selected protocol, as the leader receives them.
    func currentMemberMetadata() -> [GroupJoinMember] {
        guard let protocolName else { return [] }
        return orderedMembers.map {
            GroupJoinMember(
                memberID: $0.id, groupInstanceID: $0.groupInstanceID,
                metadata: $0.metadata(for: protocolName) ?? ByteBuffer())
        }
    }

    func computeSubscribedTopics() -> Set<String>? {
        guard protocolType == ConsumerProtocolSubscription.protocolType, let protocolName else {
            return members.isEmpty ? [] : nil
        }
        var topics = Set<String>()
        for member in members.values {
            guard let metadata = member.metadata(for: protocolName),
                let memberTopics = ConsumerProtocolSubscription.topics(in: metadata)
            else { return nil }
            topics.formUnion(memberTopics)
        }
        return topics
    }

    /// Starts the next generation (Kafka's `initNextGeneration`): CompletingRebalance with a selected protocol,
    /// or Empty when no member is left. Returns false, changing nothing, when the group is not in a state a
    /// join phase can end from.
    @discardableResult
    func initNextGeneration(nowMs: Int64) -> Bool {
        let next: GroupState = members.isEmpty ? .empty : .completingRebalance
        guard next.legalPredecessors.contains(state) else { return false }
        // The generation may come from a `__consumer_offsets` record, so it can be Int32.max: wrap to 1 rather
        // than trap (Java wraps to a negative value, which would read as a standalone commit's -1 here).
        generation = generation == .max ? 1 : generation + 1
        protocolName = members.isEmpty ? nil : selectProtocol()
        transition(to: next, nowMs: nowMs)
        subscribedTopics = computeSubscribedTopics()
        return true
    }

    /// The record that persists the group, with the given assignment per member id.
    func metadataValue(assignments: [String: ByteBuffer]) -> GroupMetadataValue {
        GroupMetadataValue(
            protocolType: protocolType ?? "", generation: generation, protocolName: protocolName, leaderID: leaderID,
            currentStateTimestampMs: stateTimestampMs ?? -1,
            members: orderedMembers.map { member in
                GroupMetadataValue.Member(
                    memberID: member.id, groupInstanceID: member.groupInstanceID, clientID: member.clientID,
                    clientHost: member.clientHost, rebalanceTimeoutMs: member.rebalanceTimeoutMs,
                    sessionTimeoutMs: member.sessionTimeoutMs,
                    subscription: protocolName.flatMap { member.metadata(for: $0) } ?? ByteBuffer(),
                    assignment: assignments[member.id] ?? ByteBuffer())
            })
    }

    /// Restores persisted state (used while loading; the group is then Stable, or Empty without members).
    func restore(from value: GroupMetadataValue, nowMs: Int64) {
        generation = value.generation
        protocolName = value.protocolName
        for persisted in value.members {
            let member = GroupMember(
                id: persisted.memberID, groupInstanceID: persisted.groupInstanceID, clientID: persisted.clientID,
                clientHost: persisted.clientHost, rebalanceTimeoutMs: persisted.rebalanceTimeoutMs,
                sessionTimeoutMs: persisted.sessionTimeoutMs, protocolType: value.protocolType,
                protocols: [GroupProtocol(name: value.protocolName ?? "", metadata: persisted.subscription)],
                heartbeatDeadlineMs: nowMs.saturatingAdd(Int64(persisted.sessionTimeoutMs)), sequence: makeSequence())
            member.assignment = persisted.assignment
            add(member)
        }
        protocolType = value.protocolType.isEmpty ? nil : value.protocolType
        leaderID = value.leaderID.flatMap { members[$0] != nil ? $0 : nil } ?? orderedMembers.first?.id
        state = members.isEmpty ? .empty : .stable
        stateTimestampMs = value.currentStateTimestampMs >= 0 ? value.currentStateTimestampMs : nil
        subscribedTopics = computeSubscribedTopics()
    }

    /// Marks the group removed: held calls are answered with `error`.
    func markDead(nowMs: Int64, answering error: GroupErrorCode) {
        for member in members.values {
            member.completeJoin(.failure(error, memberID: member.id))
            member.completeSync(.failure(error))
        }
        transition(to: .dead, nowMs: nowMs)
    }
}
