// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/ListOffsets.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's ListOffsets response body (API key 2),
/// versions 0–7, flexible from version 6.
public struct ListOffsetsResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .listOffsets
    public static let versions: ClosedRange<Int16> = 0...7
    public static let firstFlexibleVersion: Int16? = 6

    /// `ThrottleTimeMs`: int32, versions 2+.
    public var throttleTimeMs: Int32
    /// `Topics`: []ListOffsetsTopicResponse, versions 0+.
    public var topics: [ListOffsetsTopicResponse]

    public init(
        throttleTimeMs: Int32 = 0,
        topics: [ListOffsetsTopicResponse] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 6
        if version >= 2 {
            self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        }
        self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> ListOffsetsTopicResponse in try ListOffsetsTopicResponse(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 6
        if version >= 2 {
            buffer.writeKafkaInteger(self.throttleTimeMs)
        }
        buffer.writeKafkaArray(self.topics, compact: flexible) { (element: ListOffsetsTopicResponse, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `ListOffsetsTopicResponse` structure of `ListOffsetsResponse`.
    public struct ListOffsetsTopicResponse: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: KafkaModel.TopicName
        /// `Partitions`: []ListOffsetsPartitionResponse, versions 0+.
        public var partitions: [ListOffsetsPartitionResponse]

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitions: [ListOffsetsPartitionResponse] = []
        ) {
            self.name = name
            self.partitions = partitions
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 6
            self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> ListOffsetsPartitionResponse in try ListOffsetsPartitionResponse(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: ListOffsetsPartitionResponse, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `ListOffsetsPartitionResponse` structure of `ListOffsetsResponse`.
    public struct ListOffsetsPartitionResponse: Hashable, Sendable {
        /// `PartitionIndex`: int32, versions 0+.
        public var partitionIndex: Int32
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode
        /// `OldStyleOffsets`: []int64, versions 0.
        public var oldStyleOffsets: [Int64]
        /// `Timestamp`: int64, versions 1+.
        public var timestamp: Int64
        /// `Offset`: int64, versions 1+.
        public var offset: Int64
        /// `LeaderEpoch`: int32, versions 4+.
        public var leaderEpoch: Int32

        public init(
            partitionIndex: Int32 = 0,
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            oldStyleOffsets: [Int64] = [],
            timestamp: Int64 = -1,
            offset: Int64 = -1,
            leaderEpoch: Int32 = -1
        ) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
            self.oldStyleOffsets = oldStyleOffsets
            self.timestamp = timestamp
            self.offset = offset
            self.leaderEpoch = leaderEpoch
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 6
            self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            if version <= 0 {
                self.oldStyleOffsets = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> Int64 in try element.readKafkaInteger(as: Int64.self) }
            }
            if version >= 1 {
                self.timestamp = try buffer.readKafkaInteger(as: Int64.self)
            }
            if version >= 1 {
                self.offset = try buffer.readKafkaInteger(as: Int64.self)
            }
            if version >= 4 {
                self.leaderEpoch = try buffer.readKafkaInteger(as: Int32.self)
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            buffer.writeKafkaInteger(self.partitionIndex)
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            if version <= 0 {
                buffer.writeKafkaArray(self.oldStyleOffsets, compact: flexible) { (element: Int64, output: inout ByteBuffer) in output.writeKafkaInteger(element) }
            }
            if version >= 1 {
                buffer.writeKafkaInteger(self.timestamp)
            }
            if version >= 1 {
                buffer.writeKafkaInteger(self.offset)
            }
            if version >= 4 {
                buffer.writeKafkaInteger(self.leaderEpoch)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
