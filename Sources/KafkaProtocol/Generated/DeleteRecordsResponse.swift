// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/DeleteRecords.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's DeleteRecords response body (API key 21),
/// versions 0–2, flexible from version 2.
public struct DeleteRecordsResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .deleteRecords
    public static let versions: ClosedRange<Int16> = 0...2
    public static let firstFlexibleVersion: Int16? = 2

    /// `ThrottleTimeMs`: int32, versions 0+.
    public var throttleTimeMs: Int32
    /// `Topics`: []DeleteRecordsTopicResult, versions 0+.
    public var topics: [DeleteRecordsTopicResult]

    public init(
        throttleTimeMs: Int32 = 0,
        topics: [DeleteRecordsTopicResult] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 2
        self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> DeleteRecordsTopicResult in try DeleteRecordsTopicResult(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeKafkaInteger(self.throttleTimeMs)
        buffer.writeKafkaArray(self.topics, compact: flexible) { (element: DeleteRecordsTopicResult, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `DeleteRecordsTopicResult` structure of `DeleteRecordsResponse`.
    public struct DeleteRecordsTopicResult: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: KafkaModel.TopicName
        /// `Partitions`: []DeleteRecordsPartitionResult, versions 0+.
        public var partitions: [DeleteRecordsPartitionResult]

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitions: [DeleteRecordsPartitionResult] = []
        ) {
            self.name = name
            self.partitions = partitions
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 2
            self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> DeleteRecordsPartitionResult in try DeleteRecordsPartitionResult(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: DeleteRecordsPartitionResult, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `DeleteRecordsPartitionResult` structure of `DeleteRecordsResponse`.
    public struct DeleteRecordsPartitionResult: Hashable, Sendable {
        /// `PartitionIndex`: int32, versions 0+.
        public var partitionIndex: Int32
        /// `LowWatermark`: int64, versions 0+.
        public var lowWatermark: Int64
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode

        public init(
            partitionIndex: Int32 = 0,
            lowWatermark: Int64 = 0,
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0)
        ) {
            self.partitionIndex = partitionIndex
            self.lowWatermark = lowWatermark
            self.errorCode = errorCode
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 2
            self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            self.lowWatermark = try buffer.readKafkaInteger(as: Int64.self)
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaInteger(self.partitionIndex)
            buffer.writeKafkaInteger(self.lowWatermark)
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
