// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/LeaveGroup.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's LeaveGroup request body (API key 13),
/// versions 0–5, flexible from version 4.
public struct LeaveGroupRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .leaveGroup
    public static let versions: ClosedRange<Int16> = 0...5
    public static let firstFlexibleVersion: Int16? = 4
    public typealias Response = LeaveGroupResponse

    /// `GroupId`: string, versions 0+.
    public var groupID: String
    /// `MemberId`: string, versions 0-2.
    public var memberID: String
    /// `Members`: []MemberIdentity, versions 3+.
    public var members: [MemberIdentity]

    public init(
        groupID: String = "",
        memberID: String = "",
        members: [MemberIdentity] = []
    ) {
        self.groupID = groupID
        self.memberID = memberID
        self.members = members
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 4
        self.groupID = try buffer.readKafkaString(compact: flexible)
        if version <= 2 {
            self.memberID = try buffer.readKafkaString(compact: flexible)
        }
        if version >= 3 {
            self.members = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> MemberIdentity in try MemberIdentity(from: &element, version: version) }
        }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        buffer.writeKafkaString(self.groupID, compact: flexible)
        if version <= 2 {
            buffer.writeKafkaString(self.memberID, compact: flexible)
        }
        if version >= 3 {
            buffer.writeKafkaArray(self.members, compact: flexible) { (element: MemberIdentity, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `MemberIdentity` structure of `LeaveGroupRequest`.
    public struct MemberIdentity: Hashable, Sendable {
        /// `MemberId`: string, versions 3+.
        public var memberID: String
        /// `GroupInstanceId`: string, versions 3+, nullable 3+.
        public var groupInstanceID: String?
        /// `Reason`: string, versions 5+, nullable 5+.
        public var reason: String?

        public init(
            memberID: String = "",
            groupInstanceID: String? = nil,
            reason: String? = nil
        ) {
            self.memberID = memberID
            self.groupInstanceID = groupInstanceID
            self.reason = reason
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 4
            if version >= 3 {
                self.memberID = try buffer.readKafkaString(compact: flexible)
            }
            if version >= 3 {
                self.groupInstanceID = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 3)
            }
            if version >= 5 {
                self.reason = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 5)
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            if version >= 3 {
                buffer.writeKafkaString(self.memberID, compact: flexible)
            }
            if version >= 3 {
                buffer.writeKafkaNullableString(self.groupInstanceID, compact: flexible)
            }
            if version >= 5 {
                buffer.writeKafkaNullableString(self.reason, compact: flexible)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
