import NIOCore

/// A group as ListGroups reports it.
public struct GroupListing: Sendable, Hashable {
    public var groupID: String
    /// Empty for groups used only to store offsets.
    public var protocolType: String
    public var state: GroupState

    public init(groupID: String, protocolType: String, state: GroupState) {
        self.groupID = groupID
        self.protocolType = protocolType
        self.state = state
    }
}

/// A member as DescribeGroups reports it.
public struct GroupMemberDescription: Sendable, Hashable {
    public var memberID: String
    public var groupInstanceID: String?
    public var clientID: String
    public var clientHost: String
    /// Metadata for the selected protocol; empty unless the group is Stable (as Kafka reports it).
    public var metadata: ByteBuffer
    /// Empty unless the group is Stable.
    public var assignment: ByteBuffer

    public init(
        memberID: String, groupInstanceID: String?, clientID: String, clientHost: String, metadata: ByteBuffer,
        assignment: ByteBuffer
    ) {
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.clientID = clientID
        self.clientHost = clientHost
        self.metadata = metadata
        self.assignment = assignment
    }
}

/// A group as DescribeGroups reports it. An unknown group is reported Dead with no error, as Kafka does.
public struct GroupDescription: Sendable, Hashable {
    public var groupID: String
    public var error: GroupErrorCode
    public var state: GroupState
    public var protocolType: String
    /// The selected protocol while Stable, else empty.
    public var protocolName: String
    public var members: [GroupMemberDescription]

    public init(
        groupID: String, error: GroupErrorCode, state: GroupState, protocolType: String, protocolName: String,
        members: [GroupMemberDescription]
    ) {
        self.groupID = groupID
        self.error = error
        self.state = state
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.members = members
    }
}
