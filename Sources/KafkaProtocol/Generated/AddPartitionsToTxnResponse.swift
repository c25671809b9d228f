// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/AddPartitionsToTxn.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's AddPartitionsToTxn response body (API key 24),
/// versions 0–3, flexible from version 3.
public struct AddPartitionsToTxnResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .addPartitionsToTxn
    public static let versions: ClosedRange<Int16> = 0...3
    public static let firstFlexibleVersion: Int16? = 3

    /// `ThrottleTimeMs`: int32, versions 0+.
    public var throttleTimeMs: Int32
    /// `Results`: []AddPartitionsToTxnTopicResult, versions 0+.
    public var results: [AddPartitionsToTxnTopicResult]

    public init(
        throttleTimeMs: Int32 = 0,
        results: [AddPartitionsToTxnTopicResult] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.results = results
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 3
        self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        self.results = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> AddPartitionsToTxnTopicResult in try AddPartitionsToTxnTopicResult(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 3
        buffer.writeKafkaInteger(self.throttleTimeMs)
        buffer.writeKafkaArray(self.results, compact: flexible) { (element: AddPartitionsToTxnTopicResult, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `AddPartitionsToTxnTopicResult` structure of `AddPartitionsToTxnResponse`.
    public struct AddPartitionsToTxnTopicResult: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: KafkaModel.TopicName
        /// `Results`: []AddPartitionsToTxnPartitionResult, versions 0+.
        public var results: [AddPartitionsToTxnPartitionResult]

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            results: [AddPartitionsToTxnPartitionResult] = []
        ) {
            self.name = name
            self.results = results
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 3
            self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.results = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> AddPartitionsToTxnPartitionResult in try AddPartitionsToTxnPartitionResult(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 3
            buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.results, compact: flexible) { (element: AddPartitionsToTxnPartitionResult, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `AddPartitionsToTxnPartitionResult` structure of `AddPartitionsToTxnResponse`.
    public struct AddPartitionsToTxnPartitionResult: Hashable, Sendable {
        /// `PartitionIndex`: int32, versions 0+.
        public var partitionIndex: Int32
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode

        public init(
            partitionIndex: Int32 = 0,
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0)
        ) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 3
            self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 3
            buffer.writeKafkaInteger(self.partitionIndex)
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
