// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/DescribeGroups.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's DescribeGroups response body (API key 15),
/// versions 0–5, flexible from version 5.
public struct DescribeGroupsResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .describeGroups
    public static let versions: ClosedRange<Int16> = 0...5
    public static let firstFlexibleVersion: Int16? = 5

    /// `ThrottleTimeMs`: int32, versions 1+.
    public var throttleTimeMs: Int32
    /// `Groups`: []DescribedGroup, versions 0+.
    public var groups: [DescribedGroup]

    public init(
        throttleTimeMs: Int32 = 0,
        groups: [DescribedGroup] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.groups = groups
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 5
        if version >= 1 {
            self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        }
        self.groups = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> DescribedGroup in try DescribedGroup(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 5
        if version >= 1 {
            buffer.writeKafkaInteger(self.throttleTimeMs)
        }
        buffer.writeKafkaArray(self.groups, compact: flexible) { (element: DescribedGroup, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `DescribedGroup` structure of `DescribeGroupsResponse`.
    public struct DescribedGroup: Hashable, Sendable {
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode
        /// `GroupId`: string, versions 0+.
        public var groupID: String
        /// `GroupState`: string, versions 0+.
        public var groupState: String
        /// `ProtocolType`: string, versions 0+.
        public var protocolType: String
        /// `ProtocolData`: string, versions 0+.
        public var protocolData: String
        /// `Members`: []DescribedGroupMember, versions 0+.
        public var members: [DescribedGroupMember]
        /// `AuthorizedOperations`: int32, versions 3+.
        public var authorizedOperations: Int32

        public init(
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            groupID: String = "",
            groupState: String = "",
            protocolType: String = "",
            protocolData: String = "",
            members: [DescribedGroupMember] = [],
            authorizedOperations: Int32 = -2147483648
        ) {
            self.errorCode = errorCode
            self.groupID = groupID
            self.groupState = groupState
            self.protocolType = protocolType
            self.protocolData = protocolData
            self.members = members
            self.authorizedOperations = authorizedOperations
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 5
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            self.groupID = try buffer.readKafkaString(compact: flexible)
            self.groupState = try buffer.readKafkaString(compact: flexible)
            self.protocolType = try buffer.readKafkaString(compact: flexible)
            self.protocolData = try buffer.readKafkaString(compact: flexible)
            self.members = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> DescribedGroupMember in try DescribedGroupMember(from: &element, version: version) }
            if version >= 3 {
                self.authorizedOperations = try buffer.readKafkaInteger(as: Int32.self)
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 5
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            buffer.writeKafkaString(self.groupID, compact: flexible)
            buffer.writeKafkaString(self.groupState, compact: flexible)
            buffer.writeKafkaString(self.protocolType, compact: flexible)
            buffer.writeKafkaString(self.protocolData, compact: flexible)
            buffer.writeKafkaArray(self.members, compact: flexible) { (element: DescribedGroupMember, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if version >= 3 {
                buffer.writeKafkaInteger(self.authorizedOperations)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `DescribedGroupMember` structure of `DescribeGroupsResponse`.
    public struct DescribedGroupMember: Hashable, Sendable {
        /// `MemberId`: string, versions 0+.
        public var memberID: String
        /// `GroupInstanceId`: string, versions 4+, nullable 4+.
        public var groupInstanceID: String?
        /// `ClientId`: string, versions 0+.
        public var clientID: String
        /// `ClientHost`: string, versions 0+.
        public var clientHost: String
        /// `MemberMetadata`: bytes, versions 0+.
        public var memberMetadata: ByteBuffer
        /// `MemberAssignment`: bytes, versions 0+.
        public var memberAssignment: ByteBuffer

        public init(
            memberID: String = "",
            groupInstanceID: String? = nil,
            clientID: String = "",
            clientHost: String = "",
            memberMetadata: ByteBuffer = ByteBuffer(),
            memberAssignment: ByteBuffer = ByteBuffer()
        ) {
            self.memberID = memberID
            self.groupInstanceID = groupInstanceID
            self.clientID = clientID
            self.clientHost = clientHost
            self.memberMetadata = memberMetadata
            self.memberAssignment = memberAssignment
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 5
            self.memberID = try buffer.readKafkaString(compact: flexible)
            if version >= 4 {
                self.groupInstanceID = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 4)
            }
            self.clientID = try buffer.readKafkaString(compact: flexible)
            self.clientHost = try buffer.readKafkaString(compact: flexible)
            self.memberMetadata = try buffer.readKafkaBytes(compact: flexible)
            self.memberAssignment = try buffer.readKafkaBytes(compact: flexible)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 5
            buffer.writeKafkaString(self.memberID, compact: flexible)
            if version >= 4 {
                buffer.writeKafkaNullableString(self.groupInstanceID, compact: flexible)
            }
            buffer.writeKafkaString(self.clientID, compact: flexible)
            buffer.writeKafkaString(self.clientHost, compact: flexible)
            buffer.writeKafkaBytes(self.memberMetadata, compact: flexible)
            buffer.writeKafkaBytes(self.memberAssignment, compact: flexible)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
