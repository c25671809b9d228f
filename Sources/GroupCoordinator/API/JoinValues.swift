import NIOCore

/// One protocol a member supports (for consumers, an assignor such as "range" with subscription bytes).
public struct GroupProtocol: Sendable, Hashable {
    public var name: String
    public var metadata: ByteBuffer

    public init(name: String, metadata: ByteBuffer) {
        self.name = name
        self.metadata = metadata
    }
}

/// A JoinGroup request, independent of its wire version.
public struct GroupJoinRequest: Sendable, Hashable {
    public var groupID: String
    /// Empty for a member joining for the first time.
    public var memberID: String
    /// `group.instance.id` of a static member (JoinGroup v5+).
    public var groupInstanceID: String?
    public var clientID: String
    public var clientHost: String
    /// JoinGroup v0 has none: pass the session timeout, as Kafka does.
    public var rebalanceTimeoutMs: Int32
    public var sessionTimeoutMs: Int32
    public var protocolType: String
    /// In the member's order of preference.
    public var protocols: [GroupProtocol]
    /// JoinGroup v4+: a new dynamic member first gets MEMBER_ID_REQUIRED with its id, then joins with it.
    public var requireKnownMemberID: Bool

    public init(
        groupID: String, memberID: String = "", groupInstanceID: String? = nil, clientID: String,
        clientHost: String, rebalanceTimeoutMs: Int32, sessionTimeoutMs: Int32, protocolType: String,
        protocols: [GroupProtocol], requireKnownMemberID: Bool
    ) {
        self.groupID = groupID
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.clientID = clientID
        self.clientHost = clientHost
        self.rebalanceTimeoutMs = rebalanceTimeoutMs
        self.sessionTimeoutMs = sessionTimeoutMs
        self.protocolType = protocolType
        self.protocols = protocols
        self.requireKnownMemberID = requireKnownMemberID
    }
}

/// A member as the leader sees it in its JoinGroup response.
public struct GroupJoinMember: Sendable, Hashable {
    public var memberID: String
    public var groupInstanceID: String?
    /// The member's metadata for the selected protocol.
    public var metadata: ByteBuffer

    public init(memberID: String, groupInstanceID: String?, metadata: ByteBuffer) {
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.metadata = metadata
    }
}

/// The answer to JoinGroup.
public struct GroupJoinResult: Sendable, Hashable {
    public var error: GroupErrorCode
    /// -1 with an error.
    public var generationID: Int32
    public var protocolType: String?
    public var protocolName: String?
    /// Empty with an error.
    public var leaderID: String
    /// The member's id; with MEMBER_ID_REQUIRED, the id to join with.
    public var memberID: String
    /// Every member with its metadata, for the leader only; empty for followers.
    public var members: [GroupJoinMember]

    public init(
        error: GroupErrorCode, generationID: Int32, protocolType: String?, protocolName: String?, leaderID: String,
        memberID: String, members: [GroupJoinMember]
    ) {
        self.error = error
        self.generationID = generationID
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.leaderID = leaderID
        self.memberID = memberID
        self.members = members
    }

    /// An error answer, shaped as Kafka's `JoinGroupResult(memberId, error)`.
    public static func failure(_ error: GroupErrorCode, memberID: String = "") -> GroupJoinResult {
        GroupJoinResult(
            error: error, generationID: -1, protocolType: nil, protocolName: nil, leaderID: "", memberID: memberID,
            members: [])
    }
}
