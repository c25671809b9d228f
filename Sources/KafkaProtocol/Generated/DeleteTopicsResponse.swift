// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/DeleteTopics.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's DeleteTopics response body (API key 20),
/// versions 0–6, flexible from version 4.
public struct DeleteTopicsResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .deleteTopics
    public static let versions: ClosedRange<Int16> = 0...6
    public static let firstFlexibleVersion: Int16? = 4

    /// `ThrottleTimeMs`: int32, versions 1+.
    public var throttleTimeMs: Int32
    /// `Responses`: []DeletableTopicResult, versions 0+.
    public var responses: [DeletableTopicResult]

    public init(
        throttleTimeMs: Int32 = 0,
        responses: [DeletableTopicResult] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.responses = responses
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 4
        if version >= 1 {
            self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        }
        self.responses = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> DeletableTopicResult in try DeletableTopicResult(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        if version >= 1 {
            buffer.writeKafkaInteger(self.throttleTimeMs)
        }
        buffer.writeKafkaArray(self.responses, compact: flexible) { (element: DeletableTopicResult, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `DeletableTopicResult` structure of `DeleteTopicsResponse`.
    public struct DeletableTopicResult: Hashable, Sendable {
        /// `Name`: string, versions 0+, nullable 6+.
        public var name: KafkaModel.TopicName?
        /// `TopicId`: uuid, versions 6+.
        public var topicID: KafkaUUID
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode
        /// `ErrorMessage`: string, versions 5+, nullable 5+.
        public var errorMessage: String?

        public init(
            name: KafkaModel.TopicName? = KafkaModel.TopicName(rawValue: ""),
            topicID: KafkaUUID = KafkaUUID.zero,
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            errorMessage: String? = nil
        ) {
            self.name = name
            self.topicID = topicID
            self.errorCode = errorCode
            self.errorMessage = errorMessage
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 4
            self.name = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 6).map { KafkaModel.TopicName(rawValue: $0) }
            if version >= 6 {
                self.topicID = try buffer.readKafkaUUID()
            }
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            if version >= 5 {
                self.errorMessage = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 5)
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            buffer.writeKafkaNullableString(self.name?.rawValue, compact: flexible)
            if version >= 6 {
                buffer.writeKafkaUUID(self.topicID)
            }
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            if version >= 5 {
                buffer.writeKafkaNullableString(self.errorMessage, compact: flexible)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
