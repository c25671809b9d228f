import NIOCore

/// One member of a group (Kafka's `MemberMetadata`), owned by the `GroupCoordinator` actor and never
/// shared outside it.
final class GroupMember {
    /// Replaced when a static member rejoins with a fresh id.
    var id: String
    let groupInstanceID: String?
    let clientID: String
    let clientHost: String
    var rebalanceTimeoutMs: Int32
    var sessionTimeoutMs: Int32
    let protocolType: String
    /// In the member's order of preference.
    var protocols: [GroupProtocol]
    /// Empty until the leader's SyncGroup has been stored.
    var assignment = ByteBuffer()
    /// A JoinGroup call held until the join phase completes.
    var awaitingJoin: CheckedContinuation<GroupJoinResult, Never>?
    /// A SyncGroup call held until the leader's assignment is stored.
    var awaitingSync: CheckedContinuation<GroupSyncResult, Never>?
    /// Joined but not yet through a completed join phase: such a member may expire while awaiting join.
    var isNew = false
    /// When the member is removed unless it heartbeats (or is held in a join or sync) before then.
    var heartbeatDeadlineMs: Int64
    /// Join order, so listings and leader election are deterministic.
    let sequence: UInt64

    init(
        id: String, groupInstanceID: String?, clientID: String, clientHost: String, rebalanceTimeoutMs: Int32,
        sessionTimeoutMs: Int32, protocolType: String, protocols: [GroupProtocol], heartbeatDeadlineMs: Int64,
        sequence: UInt64
    ) {
        self.id = id
        self.groupInstanceID = groupInstanceID
        self.clientID = clientID
        self.clientHost = clientHost
        self.rebalanceTimeoutMs = rebalanceTimeoutMs
        self.sessionTimeoutMs = sessionTimeoutMs
        self.protocolType = protocolType
        self.protocols = protocols
        self.heartbeatDeadlineMs = heartbeatDeadlineMs
        self.sequence = sequence
    }

    var isStatic: Bool { groupInstanceID != nil }
    var isAwaitingJoin: Bool { awaitingJoin != nil }
    var isAwaitingSync: Bool { awaitingSync != nil }

    /// Whether the member may be removed for missing heartbeats at `nowMs` (Kafka's `hasSatisfiedHeartbeat`):
    /// members held in a rebalance count as alive, except new members, which time out while awaiting join.
    func hasExpired(nowMs: Int64) -> Bool {
        if !isNew && (isAwaitingJoin || isAwaitingSync) { return false }
        return nowMs >= heartbeatDeadlineMs
    }

    /// Metadata for one protocol, if the member supports it.
    func metadata(for protocolName: String) -> ByteBuffer? {
        protocols.first { $0.name == protocolName }?.metadata
    }

    /// Whether a rejoin carries exactly the metadata already known (then no rebalance is needed).
    func matches(_ other: [GroupProtocol]) -> Bool { protocols == other }

    /// The member's most preferred protocol among the candidates.
    func vote(among candidates: Set<String>) -> String? {
        protocols.first { candidates.contains($0.name) }?.name
    }

    /// Answers a held JoinGroup call, if any.
    func completeJoin(_ result: GroupJoinResult) {
        awaitingJoin?.resume(returning: result)
        awaitingJoin = nil
    }

    /// Answers a held SyncGroup call, if any.
    func completeSync(_ result: GroupSyncResult) {
        awaitingSync?.resume(returning: result)
        awaitingSync = nil
    }
}
