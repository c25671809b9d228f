// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/ListGroups.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's ListGroups response body (API key 16),
/// versions 0–4, flexible from version 3.
public struct ListGroupsResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .listGroups
    public static let versions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16? = 3

    /// `ThrottleTimeMs`: int32, versions 1+.
    public var throttleTimeMs: Int32
    /// `ErrorCode`: int16, versions 0+.
    public var errorCode: KafkaErrorCode
    /// `Groups`: []ListedGroup, versions 0+.
    public var groups: [ListedGroup]

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        groups: [ListedGroup] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.groups = groups
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 3
        if version >= 1 {
            self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        }
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
        self.groups = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> ListedGroup in try ListedGroup(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 3
        if version >= 1 {
            buffer.writeKafkaInteger(self.throttleTimeMs)
        }
        buffer.writeKafkaInteger(self.errorCode.rawValue)
        buffer.writeKafkaArray(self.groups, compact: flexible) { (element: ListedGroup, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `ListedGroup` structure of `ListGroupsResponse`.
    public struct ListedGroup: Hashable, Sendable {
        /// `GroupId`: string, versions 0+.
        public var groupID: String
        /// `ProtocolType`: string, versions 0+.
        public var protocolType: String
        /// `GroupState`: string, versions 4+.
        public var groupState: String

        public init(
            groupID: String = "",
            protocolType: String = "",
            groupState: String = ""
        ) {
            self.groupID = groupID
            self.protocolType = protocolType
            self.groupState = groupState
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 3
            self.groupID = try buffer.readKafkaString(compact: flexible)
            self.protocolType = try buffer.readKafkaString(compact: flexible)
            if version >= 4 {
                self.groupState = try buffer.readKafkaString(compact: flexible)
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 3
            buffer.writeKafkaString(self.groupID, compact: flexible)
            buffer.writeKafkaString(self.protocolType, compact: flexible)
            if version >= 4 {
                buffer.writeKafkaString(self.groupState, compact: flexible)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
