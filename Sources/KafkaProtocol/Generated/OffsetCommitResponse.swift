// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/OffsetCommit.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's OffsetCommit response body (API key 8),
/// versions 0–8, flexible from version 8.
public struct OffsetCommitResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .offsetCommit
    public static let versions: ClosedRange<Int16> = 0...8
    public static let firstFlexibleVersion: Int16? = 8

    /// `ThrottleTimeMs`: int32, versions 3+.
    public var throttleTimeMs: Int32
    /// `Topics`: []OffsetCommitResponseTopic, versions 0+.
    public var topics: [OffsetCommitResponseTopic]

    public init(
        throttleTimeMs: Int32 = 0,
        topics: [OffsetCommitResponseTopic] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 8
        if version >= 3 {
            self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        }
        self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> OffsetCommitResponseTopic in try OffsetCommitResponseTopic(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 8
        if version >= 3 {
            buffer.writeKafkaInteger(self.throttleTimeMs)
        }
        buffer.writeKafkaArray(self.topics, compact: flexible) { (element: OffsetCommitResponseTopic, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `OffsetCommitResponseTopic` structure of `OffsetCommitResponse`.
    public struct OffsetCommitResponseTopic: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: KafkaModel.TopicName
        /// `Partitions`: []OffsetCommitResponsePartition, versions 0+.
        public var partitions: [OffsetCommitResponsePartition]

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitions: [OffsetCommitResponsePartition] = []
        ) {
            self.name = name
            self.partitions = partitions
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 8
            self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> OffsetCommitResponsePartition in try OffsetCommitResponsePartition(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 8
            buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: OffsetCommitResponsePartition, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `OffsetCommitResponsePartition` structure of `OffsetCommitResponse`.
    public struct OffsetCommitResponsePartition: Hashable, Sendable {
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
            let flexible = version >= 8
            self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 8
            buffer.writeKafkaInteger(self.partitionIndex)
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
