// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/AlterPartitionReassignments.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's AlterPartitionReassignments response body (API key 45),
/// versions 0–0, flexible from version 0.
public struct AlterPartitionReassignmentsResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .alterPartitionReassignments
    public static let versions: ClosedRange<Int16> = 0...0
    public static let firstFlexibleVersion: Int16? = 0

    /// `ThrottleTimeMs`: int32, versions 0+.
    public var throttleTimeMs: Int32
    /// `ErrorCode`: int16, versions 0+.
    public var errorCode: KafkaErrorCode
    /// `ErrorMessage`: string, versions 0+, nullable 0+.
    public var errorMessage: String?
    /// `Responses`: []ReassignableTopicResponse, versions 0+.
    public var responses: [ReassignableTopicResponse]

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        errorMessage: String? = "",
        responses: [ReassignableTopicResponse] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.responses = responses
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 0
        self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
        self.errorMessage = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
        self.responses = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> ReassignableTopicResponse in try ReassignableTopicResponse(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 0
        buffer.writeKafkaInteger(self.throttleTimeMs)
        buffer.writeKafkaInteger(self.errorCode.rawValue)
        buffer.writeKafkaNullableString(self.errorMessage, compact: flexible)
        buffer.writeKafkaArray(self.responses, compact: flexible) { (element: ReassignableTopicResponse, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `ReassignableTopicResponse` structure of `AlterPartitionReassignmentsResponse`.
    public struct ReassignableTopicResponse: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: KafkaModel.TopicName
        /// `Partitions`: []ReassignablePartitionResponse, versions 0+.
        public var partitions: [ReassignablePartitionResponse]

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitions: [ReassignablePartitionResponse] = []
        ) {
            self.name = name
            self.partitions = partitions
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 0
            self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> ReassignablePartitionResponse in try ReassignablePartitionResponse(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 0
            buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: ReassignablePartitionResponse, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `ReassignablePartitionResponse` structure of `AlterPartitionReassignmentsResponse`.
    public struct ReassignablePartitionResponse: Hashable, Sendable {
        /// `PartitionIndex`: int32, versions 0+.
        public var partitionIndex: Int32
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode
        /// `ErrorMessage`: string, versions 0+, nullable 0+.
        public var errorMessage: String?

        public init(
            partitionIndex: Int32 = 0,
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            errorMessage: String? = ""
        ) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
            self.errorMessage = errorMessage
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 0
            self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            self.errorMessage = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 0
            buffer.writeKafkaInteger(self.partitionIndex)
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            buffer.writeKafkaNullableString(self.errorMessage, compact: flexible)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
