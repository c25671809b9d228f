// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/DeleteGroups.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's DeleteGroups response body (API key 42),
/// versions 0–2, flexible from version 2.
public struct DeleteGroupsResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .deleteGroups
    public static let versions: ClosedRange<Int16> = 0...2
    public static let firstFlexibleVersion: Int16? = 2

    /// `ThrottleTimeMs`: int32, versions 0+.
    public var throttleTimeMs: Int32
    /// `Results`: []DeletableGroupResult, versions 0+.
    public var results: [DeletableGroupResult]

    public init(
        throttleTimeMs: Int32 = 0,
        results: [DeletableGroupResult] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.results = results
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 2
        self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        self.results = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> DeletableGroupResult in try DeletableGroupResult(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeKafkaInteger(self.throttleTimeMs)
        buffer.writeKafkaArray(self.results, compact: flexible) { (element: DeletableGroupResult, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `DeletableGroupResult` structure of `DeleteGroupsResponse`.
    public struct DeletableGroupResult: Hashable, Sendable {
        /// `GroupId`: string, versions 0+.
        public var groupID: String
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode

        public init(
            groupID: String = "",
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0)
        ) {
            self.groupID = groupID
            self.errorCode = errorCode
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 2
            self.groupID = try buffer.readKafkaString(compact: flexible)
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaString(self.groupID, compact: flexible)
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
