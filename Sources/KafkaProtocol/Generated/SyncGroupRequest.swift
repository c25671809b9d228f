// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/SyncGroup.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's SyncGroup request body (API key 14),
/// versions 0–5, flexible from version 4.
public struct SyncGroupRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .syncGroup
    public static let versions: ClosedRange<Int16> = 0...5
    public static let firstFlexibleVersion: Int16? = 4
    public typealias Response = SyncGroupResponse

    /// `GroupId`: string, versions 0+.
    public var groupID: String
    /// `GenerationId`: int32, versions 0+.
    public var generationID: Int32
    /// `MemberId`: string, versions 0+.
    public var memberID: String
    /// `GroupInstanceId`: string, versions 3+, nullable 3+.
    public var groupInstanceID: String?
    /// `ProtocolType`: string, versions 5+, nullable 5+.
    public var protocolType: String?
    /// `ProtocolName`: string, versions 5+, nullable 5+.
    public var protocolName: String?
    /// `Assignments`: []SyncGroupRequestAssignment, versions 0+.
    public var assignments: [SyncGroupRequestAssignment]

    public init(
        groupID: String = "",
        generationID: Int32 = 0,
        memberID: String = "",
        groupInstanceID: String? = nil,
        protocolType: String? = nil,
        protocolName: String? = nil,
        assignments: [SyncGroupRequestAssignment] = []
    ) {
        self.groupID = groupID
        self.generationID = generationID
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.assignments = assignments
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 4
        self.groupID = try buffer.readKafkaString(compact: flexible)
        self.generationID = try buffer.readKafkaInteger(as: Int32.self)
        self.memberID = try buffer.readKafkaString(compact: flexible)
        if version >= 3 {
            self.groupInstanceID = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 3)
        }
        if version >= 5 {
            self.protocolType = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 5)
        }
        if version >= 5 {
            self.protocolName = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 5)
        }
        self.assignments = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> SyncGroupRequestAssignment in try SyncGroupRequestAssignment(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        buffer.writeKafkaString(self.groupID, compact: flexible)
        buffer.writeKafkaInteger(self.generationID)
        buffer.writeKafkaString(self.memberID, compact: flexible)
        if version >= 3 {
            buffer.writeKafkaNullableString(self.groupInstanceID, compact: flexible)
        }
        if version >= 5 {
            buffer.writeKafkaNullableString(self.protocolType, compact: flexible)
        }
        if version >= 5 {
            buffer.writeKafkaNullableString(self.protocolName, compact: flexible)
        }
        buffer.writeKafkaArray(self.assignments, compact: flexible) { (element: SyncGroupRequestAssignment, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `SyncGroupRequestAssignment` structure of `SyncGroupRequest`.
    public struct SyncGroupRequestAssignment: Hashable, Sendable {
        /// `MemberId`: string, versions 0+.
        public var memberID: String
        /// `Assignment`: bytes, versions 0+.
        public var assignment: ByteBuffer

        public init(
            memberID: String = "",
            assignment: ByteBuffer = ByteBuffer()
        ) {
            self.memberID = memberID
            self.assignment = assignment
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 4
            self.memberID = try buffer.readKafkaString(compact: flexible)
            self.assignment = try buffer.readKafkaBytes(compact: flexible)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            buffer.writeKafkaString(self.memberID, compact: flexible)
            buffer.writeKafkaBytes(self.assignment, compact: flexible)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
