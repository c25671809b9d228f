// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/OffsetForLeaderEpoch.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's OffsetForLeaderEpoch response body (API key 23),
/// versions 0–4, flexible from version 4.
public struct OffsetForLeaderEpochResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .offsetForLeaderEpoch
    public static let versions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16? = 4

    /// `ThrottleTimeMs`: int32, versions 2+.
    public var throttleTimeMs: Int32
    /// `Topics`: []OffsetForLeaderTopicResult, versions 0+.
    public var topics: [OffsetForLeaderTopicResult]

    public init(
        throttleTimeMs: Int32 = 0,
        topics: [OffsetForLeaderTopicResult] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 4
        if version >= 2 {
            self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        }
        self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> OffsetForLeaderTopicResult in try OffsetForLeaderTopicResult(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        if version >= 2 {
            buffer.writeKafkaInteger(self.throttleTimeMs)
        }
        buffer.writeKafkaArray(self.topics, compact: flexible) { (element: OffsetForLeaderTopicResult, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `OffsetForLeaderTopicResult` structure of `OffsetForLeaderEpochResponse`.
    public struct OffsetForLeaderTopicResult: Hashable, Sendable {
        /// `Topic`: string, versions 0+.
        public var topic: KafkaModel.TopicName
        /// `Partitions`: []EpochEndOffset, versions 0+.
        public var partitions: [EpochEndOffset]

        public init(
            topic: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitions: [EpochEndOffset] = []
        ) {
            self.topic = topic
            self.partitions = partitions
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 4
            self.topic = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> EpochEndOffset in try EpochEndOffset(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            buffer.writeKafkaString(self.topic.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: EpochEndOffset, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `EpochEndOffset` structure of `OffsetForLeaderEpochResponse`.
    public struct EpochEndOffset: Hashable, Sendable {
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode
        /// `Partition`: int32, versions 0+.
        public var partition: Int32
        /// `LeaderEpoch`: int32, versions 1+.
        public var leaderEpoch: Int32
        /// `EndOffset`: int64, versions 0+.
        public var endOffset: Int64

        public init(
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            partition: Int32 = 0,
            leaderEpoch: Int32 = -1,
            endOffset: Int64 = -1
        ) {
            self.errorCode = errorCode
            self.partition = partition
            self.leaderEpoch = leaderEpoch
            self.endOffset = endOffset
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 4
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            self.partition = try buffer.readKafkaInteger(as: Int32.self)
            if version >= 1 {
                self.leaderEpoch = try buffer.readKafkaInteger(as: Int32.self)
            }
            self.endOffset = try buffer.readKafkaInteger(as: Int64.self)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            buffer.writeKafkaInteger(self.partition)
            if version >= 1 {
                buffer.writeKafkaInteger(self.leaderEpoch)
            }
            buffer.writeKafkaInteger(self.endOffset)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
