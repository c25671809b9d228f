// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/IncrementalAlterConfigs.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's IncrementalAlterConfigs response body (API key 44),
/// versions 0–1, flexible from version 1.
public struct IncrementalAlterConfigsResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .incrementalAlterConfigs
    public static let versions: ClosedRange<Int16> = 0...1
    public static let firstFlexibleVersion: Int16? = 1

    /// `ThrottleTimeMs`: int32, versions 0+.
    public var throttleTimeMs: Int32
    /// `Responses`: []AlterConfigsResourceResponse, versions 0+.
    public var responses: [AlterConfigsResourceResponse]

    public init(
        throttleTimeMs: Int32 = 0,
        responses: [AlterConfigsResourceResponse] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.responses = responses
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 1
        self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        self.responses = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> AlterConfigsResourceResponse in try AlterConfigsResourceResponse(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 1
        buffer.writeKafkaInteger(self.throttleTimeMs)
        buffer.writeKafkaArray(self.responses, compact: flexible) { (element: AlterConfigsResourceResponse, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `AlterConfigsResourceResponse` structure of `IncrementalAlterConfigsResponse`.
    public struct AlterConfigsResourceResponse: Hashable, Sendable {
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode
        /// `ErrorMessage`: string, versions 0+, nullable 0+.
        public var errorMessage: String?
        /// `ResourceType`: int8, versions 0+.
        public var resourceType: Int8
        /// `ResourceName`: string, versions 0+.
        public var resourceName: String

        public init(
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            errorMessage: String? = "",
            resourceType: Int8 = 0,
            resourceName: String = ""
        ) {
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.resourceType = resourceType
            self.resourceName = resourceName
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 1
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            self.errorMessage = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
            self.resourceType = try buffer.readKafkaInteger(as: Int8.self)
            self.resourceName = try buffer.readKafkaString(compact: flexible)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 1
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            buffer.writeKafkaNullableString(self.errorMessage, compact: flexible)
            buffer.writeKafkaInteger(self.resourceType)
            buffer.writeKafkaString(self.resourceName, compact: flexible)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
