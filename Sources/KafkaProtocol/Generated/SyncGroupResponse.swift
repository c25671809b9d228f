// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/SyncGroup.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's SyncGroup response body (API key 14),
/// versions 0–5, flexible from version 4.
public struct SyncGroupResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .syncGroup
    public static let versions: ClosedRange<Int16> = 0...5
    public static let firstFlexibleVersion: Int16? = 4

    /// `ThrottleTimeMs`: int32, versions 1+.
    public var throttleTimeMs: Int32
    /// `ErrorCode`: int16, versions 0+.
    public var errorCode: KafkaErrorCode
    /// `ProtocolType`: string, versions 5+, nullable 5+.
    public var protocolType: String?
    /// `ProtocolName`: string, versions 5+, nullable 5+.
    public var protocolName: String?
    /// `Assignment`: bytes, versions 0+.
    public var assignment: ByteBuffer

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        protocolType: String? = nil,
        protocolName: String? = nil,
        assignment: ByteBuffer = ByteBuffer()
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.assignment = assignment
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 4
        if version >= 1 {
            self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        }
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
        if version >= 5 {
            self.protocolType = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 5)
        }
        if version >= 5 {
            self.protocolName = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 5)
        }
        self.assignment = try buffer.readKafkaBytes(compact: flexible)
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        if version >= 1 {
            buffer.writeKafkaInteger(self.throttleTimeMs)
        }
        buffer.writeKafkaInteger(self.errorCode.rawValue)
        if version >= 5 {
            buffer.writeKafkaNullableString(self.protocolType, compact: flexible)
        }
        if version >= 5 {
            buffer.writeKafkaNullableString(self.protocolName, compact: flexible)
        }
        buffer.writeKafkaBytes(self.assignment, compact: flexible)
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }
}
