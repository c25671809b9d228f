import NIOCore

/// A SyncGroup request, independent of its wire version.
public struct GroupSyncRequest: Sendable, Hashable {
    public var groupID: String
    public var generationID: Int32
    public var memberID: String
    public var groupInstanceID: String?
    /// SyncGroup v5+: checked against the group's when present.
    public var protocolType: String?
    /// SyncGroup v5+: checked against the group's when present.
    public var protocolName: String?
    /// The leader's assignment per member id; empty for followers.
    public var assignments: [String: ByteBuffer]

    public init(
        groupID: String, generationID: Int32, memberID: String, groupInstanceID: String? = nil,
        protocolType: String? = nil, protocolName: String? = nil, assignments: [String: ByteBuffer] = [:]
    ) {
        self.groupID = groupID
        self.generationID = generationID
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.assignments = assignments
    }
}

/// The answer to SyncGroup.
public struct GroupSyncResult: Sendable, Hashable {
    public var error: GroupErrorCode
    public var protocolType: String?
    public var protocolName: String?
    /// The member's assignment; empty with an error.
    public var assignment: ByteBuffer

    public init(error: GroupErrorCode, protocolType: String?, protocolName: String?, assignment: ByteBuffer) {
        self.error = error
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.assignment = assignment
    }

    public static func failure(_ error: GroupErrorCode) -> GroupSyncResult {
        GroupSyncResult(error: error, protocolType: nil, protocolName: nil, assignment: ByteBuffer())
    }
}

/// A member named in LeaveGroup (v3+ lists several; v0–v2 one, by member id).
public struct GroupMemberIdentity: Sendable, Hashable {
    /// Empty when a static member is removed by instance id alone.
    public var memberID: String
    public var groupInstanceID: String?

    public init(memberID: String, groupInstanceID: String? = nil) {
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
    }
}

/// One member's outcome in LeaveGroup.
public struct GroupMemberLeave: Sendable, Hashable {
    public var member: GroupMemberIdentity
    public var error: GroupErrorCode

    public init(member: GroupMemberIdentity, error: GroupErrorCode) {
        self.member = member
        self.error = error
    }
}

/// The answer to LeaveGroup: a group-level error, then one outcome per member in request order.
public struct GroupLeaveResult: Sendable, Hashable {
    public var error: GroupErrorCode
    public var members: [GroupMemberLeave]

    public init(error: GroupErrorCode, members: [GroupMemberLeave]) {
        self.error = error
        self.members = members
    }
}
