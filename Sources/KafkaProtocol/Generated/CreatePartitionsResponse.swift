// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/CreatePartitions.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's CreatePartitions response body (API key 37),
/// versions 0–3, flexible from version 2.
public struct CreatePartitionsResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .createPartitions
    public static let versions: ClosedRange<Int16> = 0...3
    public static let firstFlexibleVersion: Int16? = 2

    /// `ThrottleTimeMs`: int32, versions 0+.
    public var throttleTimeMs: Int32
    /// `Results`: []CreatePartitionsTopicResult, versions 0+.
    public var results: [CreatePartitionsTopicResult]

    public init(
        throttleTimeMs: Int32 = 0,
        results: [CreatePartitionsTopicResult] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.results = results
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 2
        self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        self.results = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> CreatePartitionsTopicResult in try CreatePartitionsTopicResult(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeKafkaInteger(self.throttleTimeMs)
        buffer.writeKafkaArray(self.results, compact: flexible) { (element: CreatePartitionsTopicResult, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `CreatePartitionsTopicResult` structure of `CreatePartitionsResponse`.
    public struct CreatePartitionsTopicResult: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: KafkaModel.TopicName
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode
        /// `ErrorMessage`: string, versions 0+, nullable 0+.
        public var errorMessage: String?

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            errorMessage: String? = nil
        ) {
            self.name = name
            self.errorCode = errorCode
            self.errorMessage = errorMessage
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 2
            self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            self.errorMessage = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            buffer.writeKafkaNullableString(self.errorMessage, compact: flexible)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
