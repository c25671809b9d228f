// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/LeaderAndIsr.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's LeaderAndIsr response body (API key 4),
/// versions 0–5, flexible from version 4.
public struct LeaderAndIsrResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .leaderAndIsr
    public static let versions: ClosedRange<Int16> = 0...5
    public static let firstFlexibleVersion: Int16? = 4

    /// `ErrorCode`: int16, versions 0+.
    public var errorCode: KafkaErrorCode
    /// `PartitionErrors`: []LeaderAndIsrPartitionError, versions 0-4.
    public var partitionErrors: [LeaderAndIsrPartitionError]
    /// `Topics`: []LeaderAndIsrTopicError, versions 5+.
    public var topics: [LeaderAndIsrTopicError]

    public init(
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        partitionErrors: [LeaderAndIsrPartitionError] = [],
        topics: [LeaderAndIsrTopicError] = []
    ) {
        self.errorCode = errorCode
        self.partitionErrors = partitionErrors
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 4
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
        if version <= 4 {
            self.partitionErrors = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> LeaderAndIsrPartitionError in try LeaderAndIsrPartitionError(from: &element, version: version) }
        }
        if version >= 5 {
            self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> LeaderAndIsrTopicError in try LeaderAndIsrTopicError(from: &element, version: version) }
        }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        buffer.writeKafkaInteger(self.errorCode.rawValue)
        if version <= 4 {
            buffer.writeKafkaArray(self.partitionErrors, compact: flexible) { (element: LeaderAndIsrPartitionError, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        }
        if version >= 5 {
            buffer.writeKafkaArray(self.topics, compact: flexible) { (element: LeaderAndIsrTopicError, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `LeaderAndIsrPartitionError` structure of `LeaderAndIsrResponse`.
    public struct LeaderAndIsrPartitionError: Hashable, Sendable {
        /// `TopicName`: string, versions 0-4.
        public var topicName: KafkaModel.TopicName
        /// `PartitionIndex`: int32, versions 0+.
        public var partitionIndex: Int32
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode

        public init(
            topicName: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitionIndex: Int32 = 0,
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0)
        ) {
            self.topicName = topicName
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 4
            if version <= 4 {
                self.topicName = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            }
            self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            if version <= 4 {
                buffer.writeKafkaString(self.topicName.rawValue, compact: flexible)
            }
            buffer.writeKafkaInteger(self.partitionIndex)
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `LeaderAndIsrTopicError` structure of `LeaderAndIsrResponse`.
    public struct LeaderAndIsrTopicError: Hashable, Sendable {
        /// `TopicId`: uuid, versions 5+.
        public var topicID: KafkaUUID
        /// `PartitionErrors`: []LeaderAndIsrPartitionError, versions 5+.
        public var partitionErrors: [LeaderAndIsrPartitionError]

        public init(
            topicID: KafkaUUID = KafkaUUID.zero,
            partitionErrors: [LeaderAndIsrPartitionError] = []
        ) {
            self.topicID = topicID
            self.partitionErrors = partitionErrors
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 4
            if version >= 5 {
                self.topicID = try buffer.readKafkaUUID()
            }
            if version >= 5 {
                self.partitionErrors = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> LeaderAndIsrPartitionError in try LeaderAndIsrPartitionError(from: &element, version: version) }
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            if version >= 5 {
                buffer.writeKafkaUUID(self.topicID)
            }
            if version >= 5 {
                buffer.writeKafkaArray(self.partitionErrors, compact: flexible) { (element: LeaderAndIsrPartitionError, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
