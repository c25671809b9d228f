// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/Heartbeat.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's Heartbeat request body (API key 12),
/// versions 0–4, flexible from version 4.
public struct HeartbeatRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .heartbeat
    public static let versions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16? = 4
    public typealias Response = HeartbeatResponse

    /// `GroupId`: string, versions 0+.
    public var groupID: String
    /// `GenerationId`: int32, versions 0+.
    public var generationID: Int32
    /// `MemberId`: string, versions 0+.
    public var memberID: String
    /// `GroupInstanceId`: string, versions 3+, nullable 3+.
    public var groupInstanceID: String?

    public init(
        groupID: String = "",
        generationID: Int32 = 0,
        memberID: String = "",
        groupInstanceID: String? = nil
    ) {
        self.groupID = groupID
        self.generationID = generationID
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
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
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }
}
