// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/OffsetDelete.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's OffsetDelete response body (API key 47),
/// versions 0–0, never flexible.
public struct OffsetDeleteResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .offsetDelete
    public static let versions: ClosedRange<Int16> = 0...0
    public static let firstFlexibleVersion: Int16? = nil

    /// `ErrorCode`: int16, versions 0+.
    public var errorCode: KafkaErrorCode
    /// `ThrottleTimeMs`: int32, versions 0+.
    public var throttleTimeMs: Int32
    /// `Topics`: []OffsetDeleteResponseTopic, versions 0+.
    public var topics: [OffsetDeleteResponseTopic]

    public init(
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        throttleTimeMs: Int32 = 0,
        topics: [OffsetDeleteResponseTopic] = []
    ) {
        self.errorCode = errorCode
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = false
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
        self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> OffsetDeleteResponseTopic in try OffsetDeleteResponseTopic(from: &element, version: version) }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = false
        buffer.writeKafkaInteger(self.errorCode.rawValue)
        buffer.writeKafkaInteger(self.throttleTimeMs)
        buffer.writeKafkaArray(self.topics, compact: flexible) { (element: OffsetDeleteResponseTopic, output: inout ByteBuffer) in element.write(into: &output, version: version) }
    }

    /// The `OffsetDeleteResponseTopic` structure of `OffsetDeleteResponse`.
    public struct OffsetDeleteResponseTopic: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: KafkaModel.TopicName
        /// `Partitions`: []OffsetDeleteResponsePartition, versions 0+.
        public var partitions: [OffsetDeleteResponsePartition]

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitions: [OffsetDeleteResponsePartition] = []
        ) {
            self.name = name
            self.partitions = partitions
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = false
            self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> OffsetDeleteResponsePartition in try OffsetDeleteResponsePartition(from: &element, version: version) }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = false
            buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: OffsetDeleteResponsePartition, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        }
    }

    /// The `OffsetDeleteResponsePartition` structure of `OffsetDeleteResponse`.
    public struct OffsetDeleteResponsePartition: Hashable, Sendable {
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
            self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaInteger(self.partitionIndex)
            buffer.writeKafkaInteger(self.errorCode.rawValue)
        }
    }
}
