// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/Produce.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's Produce response body (API key 0),
/// versions 0–9, flexible from version 9.
public struct ProduceResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .produce
    public static let versions: ClosedRange<Int16> = 0...9
    public static let firstFlexibleVersion: Int16? = 9

    /// `Responses`: []TopicProduceResponse, versions 0+.
    public var responses: [TopicProduceResponse]
    /// `ThrottleTimeMs`: int32, versions 1+.
    public var throttleTimeMs: Int32

    public init(
        responses: [TopicProduceResponse] = [],
        throttleTimeMs: Int32 = 0
    ) {
        self.responses = responses
        self.throttleTimeMs = throttleTimeMs
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 9
        self.responses = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> TopicProduceResponse in try TopicProduceResponse(from: &element, version: version) }
        if version >= 1 {
            self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 9
        buffer.writeKafkaArray(self.responses, compact: flexible) { (element: TopicProduceResponse, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if version >= 1 {
            buffer.writeKafkaInteger(self.throttleTimeMs)
        }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `TopicProduceResponse` structure of `ProduceResponse`.
    public struct TopicProduceResponse: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: KafkaModel.TopicName
        /// `PartitionResponses`: []PartitionProduceResponse, versions 0+.
        public var partitionResponses: [PartitionProduceResponse]

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitionResponses: [PartitionProduceResponse] = []
        ) {
            self.name = name
            self.partitionResponses = partitionResponses
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 9
            self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitionResponses = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> PartitionProduceResponse in try PartitionProduceResponse(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 9
            buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitionResponses, compact: flexible) { (element: PartitionProduceResponse, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `PartitionProduceResponse` structure of `ProduceResponse`.
    public struct PartitionProduceResponse: Hashable, Sendable {
        /// `Index`: int32, versions 0+.
        public var index: Int32
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode
        /// `BaseOffset`: int64, versions 0+.
        public var baseOffset: Int64
        /// `LogAppendTimeMs`: int64, versions 2+.
        public var logAppendTimeMs: Int64
        /// `LogStartOffset`: int64, versions 5+.
        public var logStartOffset: Int64
        /// `RecordErrors`: []BatchIndexAndErrorMessage, versions 8+.
        public var recordErrors: [BatchIndexAndErrorMessage]
        /// `ErrorMessage`: string, versions 8+, nullable 8+.
        public var errorMessage: String?

        public init(
            index: Int32 = 0,
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            baseOffset: Int64 = 0,
            logAppendTimeMs: Int64 = -1,
            logStartOffset: Int64 = -1,
            recordErrors: [BatchIndexAndErrorMessage] = [],
            errorMessage: String? = nil
        ) {
            self.index = index
            self.errorCode = errorCode
            self.baseOffset = baseOffset
            self.logAppendTimeMs = logAppendTimeMs
            self.logStartOffset = logStartOffset
            self.recordErrors = recordErrors
            self.errorMessage = errorMessage
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 9
            self.index = try buffer.readKafkaInteger(as: Int32.self)
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            self.baseOffset = try buffer.readKafkaInteger(as: Int64.self)
            if version >= 2 {
                self.logAppendTimeMs = try buffer.readKafkaInteger(as: Int64.self)
            }
            if version >= 5 {
                self.logStartOffset = try buffer.readKafkaInteger(as: Int64.self)
            }
            if version >= 8 {
                self.recordErrors = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> BatchIndexAndErrorMessage in try BatchIndexAndErrorMessage(from: &element, version: version) }
            }
            if version >= 8 {
                self.errorMessage = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 8)
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 9
            buffer.writeKafkaInteger(self.index)
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            buffer.writeKafkaInteger(self.baseOffset)
            if version >= 2 {
                buffer.writeKafkaInteger(self.logAppendTimeMs)
            }
            if version >= 5 {
                buffer.writeKafkaInteger(self.logStartOffset)
            }
            if version >= 8 {
                buffer.writeKafkaArray(self.recordErrors, compact: flexible) { (element: BatchIndexAndErrorMessage, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            }
            if version >= 8 {
                buffer.writeKafkaNullableString(self.errorMessage, compact: flexible)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `BatchIndexAndErrorMessage` structure of `ProduceResponse`.
    public struct BatchIndexAndErrorMessage: Hashable, Sendable {
        /// `BatchIndex`: int32, versions 8+.
        public var batchIndex: Int32
        /// `BatchIndexErrorMessage`: string, versions 8+, nullable 8+.
        public var batchIndexErrorMessage: String?

        public init(
            batchIndex: Int32 = 0,
            batchIndexErrorMessage: String? = nil
        ) {
            self.batchIndex = batchIndex
            self.batchIndexErrorMessage = batchIndexErrorMessage
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 9
            if version >= 8 {
                self.batchIndex = try buffer.readKafkaInteger(as: Int32.self)
            }
            if version >= 8 {
                self.batchIndexErrorMessage = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 8)
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 9
            if version >= 8 {
                buffer.writeKafkaInteger(self.batchIndex)
            }
            if version >= 8 {
                buffer.writeKafkaNullableString(self.batchIndexErrorMessage, compact: flexible)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
