// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/JoinGroup.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's JoinGroup response body (API key 11),
/// versions 0–9, flexible from version 6.
public struct JoinGroupResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .joinGroup
    public static let versions: ClosedRange<Int16> = 0...9
    public static let firstFlexibleVersion: Int16? = 6

    /// `ThrottleTimeMs`: int32, versions 2+.
    public var throttleTimeMs: Int32
    /// `ErrorCode`: int16, versions 0+.
    public var errorCode: KafkaErrorCode
    /// `GenerationId`: int32, versions 0+.
    public var generationID: Int32
    /// `ProtocolType`: string, versions 7+, nullable 7+.
    public var protocolType: String?
    /// `ProtocolName`: string, versions 0+, nullable 7+.
    public var protocolName: String?
    /// `Leader`: string, versions 0+.
    public var leader: String
    /// `SkipAssignment`: bool, versions 9+.
    public var skipAssignment: Bool
    /// `MemberId`: string, versions 0+.
    public var memberID: String
    /// `Members`: []JoinGroupResponseMember, versions 0+.
    public var members: [JoinGroupResponseMember]

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        generationID: Int32 = -1,
        protocolType: String? = nil,
        protocolName: String? = "",
        leader: String = "",
        skipAssignment: Bool = false,
        memberID: String = "",
        members: [JoinGroupResponseMember] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.generationID = generationID
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.leader = leader
        self.skipAssignment = skipAssignment
        self.memberID = memberID
        self.members = members
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 6
        if version >= 2 {
            self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        }
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
        self.generationID = try buffer.readKafkaInteger(as: Int32.self)
        if version >= 7 {
            self.protocolType = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 7)
        }
        self.protocolName = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 7)
        self.leader = try buffer.readKafkaString(compact: flexible)
        if version >= 9 {
            self.skipAssignment = try buffer.readKafkaBool()
        }
        self.memberID = try buffer.readKafkaString(compact: flexible)
        self.members = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> JoinGroupResponseMember in try JoinGroupResponseMember(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 6
        if version >= 2 {
            buffer.writeKafkaInteger(self.throttleTimeMs)
        }
        buffer.writeKafkaInteger(self.errorCode.rawValue)
        buffer.writeKafkaInteger(self.generationID)
        if version >= 7 {
            buffer.writeKafkaNullableString(self.protocolType, compact: flexible)
        }
        buffer.writeKafkaNullableString(self.protocolName, compact: flexible)
        buffer.writeKafkaString(self.leader, compact: flexible)
        if version >= 9 {
            buffer.writeKafkaBool(self.skipAssignment)
        }
        buffer.writeKafkaString(self.memberID, compact: flexible)
        buffer.writeKafkaArray(self.members, compact: flexible) { (element: JoinGroupResponseMember, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `JoinGroupResponseMember` structure of `JoinGroupResponse`.
    public struct JoinGroupResponseMember: Hashable, Sendable {
        /// `MemberId`: string, versions 0+.
        public var memberID: String
        /// `GroupInstanceId`: string, versions 5+, nullable 5+.
        public var groupInstanceID: String?
        /// `Metadata`: bytes, versions 0+.
        public var metadata: ByteBuffer

        public init(
            memberID: String = "",
            groupInstanceID: String? = nil,
            metadata: ByteBuffer = ByteBuffer()
        ) {
            self.memberID = memberID
            self.groupInstanceID = groupInstanceID
            self.metadata = metadata
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 6
            self.memberID = try buffer.readKafkaString(compact: flexible)
            if version >= 5 {
                self.groupInstanceID = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 5)
            }
            self.metadata = try buffer.readKafkaBytes(compact: flexible)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            buffer.writeKafkaString(self.memberID, compact: flexible)
            if version >= 5 {
                buffer.writeKafkaNullableString(self.groupInstanceID, compact: flexible)
            }
            buffer.writeKafkaBytes(self.metadata, compact: flexible)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
