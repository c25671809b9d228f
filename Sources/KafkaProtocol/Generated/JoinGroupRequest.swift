// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/JoinGroup.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's JoinGroup request body (API key 11),
/// versions 0–9, flexible from version 6.
public struct JoinGroupRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .joinGroup
    public static let versions: ClosedRange<Int16> = 0...9
    public static let firstFlexibleVersion: Int16? = 6
    public typealias Response = JoinGroupResponse

    /// `GroupId`: string, versions 0+.
    public var groupID: String
    /// `SessionTimeoutMs`: int32, versions 0+.
    public var sessionTimeoutMs: Int32
    /// `RebalanceTimeoutMs`: int32, versions 1+.
    public var rebalanceTimeoutMs: Int32
    /// `MemberId`: string, versions 0+.
    public var memberID: String
    /// `GroupInstanceId`: string, versions 5+, nullable 5+.
    public var groupInstanceID: String?
    /// `ProtocolType`: string, versions 0+.
    public var protocolType: String
    /// `Protocols`: []JoinGroupRequestProtocol, versions 0+.
    public var protocols: [JoinGroupRequestProtocol]
    /// `Reason`: string, versions 8+, nullable 8+.
    public var reason: String?

    public init(
        groupID: String = "",
        sessionTimeoutMs: Int32 = 0,
        rebalanceTimeoutMs: Int32 = -1,
        memberID: String = "",
        groupInstanceID: String? = nil,
        protocolType: String = "",
        protocols: [JoinGroupRequestProtocol] = [],
        reason: String? = nil
    ) {
        self.groupID = groupID
        self.sessionTimeoutMs = sessionTimeoutMs
        self.rebalanceTimeoutMs = rebalanceTimeoutMs
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.protocolType = protocolType
        self.protocols = protocols
        self.reason = reason
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 6
        self.groupID = try buffer.readKafkaString(compact: flexible)
        self.sessionTimeoutMs = try buffer.readKafkaInteger(as: Int32.self)
        if version >= 1 {
            self.rebalanceTimeoutMs = try buffer.readKafkaInteger(as: Int32.self)
        }
        self.memberID = try buffer.readKafkaString(compact: flexible)
        if version >= 5 {
            self.groupInstanceID = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 5)
        }
        self.protocolType = try buffer.readKafkaString(compact: flexible)
        self.protocols = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> JoinGroupRequestProtocol in try JoinGroupRequestProtocol(from: &element, version: version) }
        if version >= 8 {
            self.reason = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 8)
        }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 6
        buffer.writeKafkaString(self.groupID, compact: flexible)
        buffer.writeKafkaInteger(self.sessionTimeoutMs)
        if version >= 1 {
            buffer.writeKafkaInteger(self.rebalanceTimeoutMs)
        }
        buffer.writeKafkaString(self.memberID, compact: flexible)
        if version >= 5 {
            buffer.writeKafkaNullableString(self.groupInstanceID, compact: flexible)
        }
        buffer.writeKafkaString(self.protocolType, compact: flexible)
        buffer.writeKafkaArray(self.protocols, compact: flexible) { (element: JoinGroupRequestProtocol, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if version >= 8 {
            buffer.writeKafkaNullableString(self.reason, compact: flexible)
        }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `JoinGroupRequestProtocol` structure of `JoinGroupRequest`.
    public struct JoinGroupRequestProtocol: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: String
        /// `Metadata`: bytes, versions 0+.
        public var metadata: ByteBuffer

        public init(
            name: String = "",
            metadata: ByteBuffer = ByteBuffer()
        ) {
            self.name = name
            self.metadata = metadata
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 6
            self.name = try buffer.readKafkaString(compact: flexible)
            self.metadata = try buffer.readKafkaBytes(compact: flexible)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            buffer.writeKafkaString(self.name, compact: flexible)
            buffer.writeKafkaBytes(self.metadata, compact: flexible)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
