// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/LeaveGroup.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's LeaveGroup response body (API key 13),
/// versions 0–5, flexible from version 4.
public struct LeaveGroupResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .leaveGroup
    public static let versions: ClosedRange<Int16> = 0...5
    public static let firstFlexibleVersion: Int16? = 4

    /// `ThrottleTimeMs`: int32, versions 1+.
    public var throttleTimeMs: Int32
    /// `ErrorCode`: int16, versions 0+.
    public var errorCode: KafkaErrorCode
    /// `Members`: []MemberResponse, versions 3+.
    public var members: [MemberResponse]

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        members: [MemberResponse] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.members = members
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 4
        if version >= 1 {
            self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        }
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
        if version >= 3 {
            self.members = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> MemberResponse in try MemberResponse(from: &element, version: version) }
        }
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
        if version >= 3 {
            buffer.writeKafkaArray(self.members, compact: flexible) { (element: MemberResponse, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `MemberResponse` structure of `LeaveGroupResponse`.
    public struct MemberResponse: Hashable, Sendable {
        /// `MemberId`: string, versions 3+.
        public var memberID: String
        /// `GroupInstanceId`: string, versions 3+, nullable 3+.
        public var groupInstanceID: String?
        /// `ErrorCode`: int16, versions 3+.
        public var errorCode: KafkaErrorCode

        public init(
            memberID: String = "",
            groupInstanceID: String? = "",
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0)
        ) {
            self.memberID = memberID
            self.groupInstanceID = groupInstanceID
            self.errorCode = errorCode
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
            if version >= 3 {
                self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
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
            if version >= 3 {
                buffer.writeKafkaInteger(self.errorCode.rawValue)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
