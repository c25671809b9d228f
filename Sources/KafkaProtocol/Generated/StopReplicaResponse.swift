// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/StopReplica.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's StopReplica response body (API key 5),
/// versions 0–3, flexible from version 2.
public struct StopReplicaResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .stopReplica
    public static let versions: ClosedRange<Int16> = 0...3
    public static let firstFlexibleVersion: Int16? = 2

    /// `ErrorCode`: int16, versions 0+.
    public var errorCode: KafkaErrorCode
    /// `PartitionErrors`: []StopReplicaPartitionError, versions 0+.
    public var partitionErrors: [StopReplicaPartitionError]

    public init(
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        partitionErrors: [StopReplicaPartitionError] = []
    ) {
        self.errorCode = errorCode
        self.partitionErrors = partitionErrors
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 2
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
        self.partitionErrors = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> StopReplicaPartitionError in try StopReplicaPartitionError(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeKafkaInteger(self.errorCode.rawValue)
        buffer.writeKafkaArray(self.partitionErrors, compact: flexible) { (element: StopReplicaPartitionError, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `StopReplicaPartitionError` structure of `StopReplicaResponse`.
    public struct StopReplicaPartitionError: Hashable, Sendable {
        /// `TopicName`: string, versions 0+.
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
            let flexible = version >= 2
            self.topicName = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaString(self.topicName.rawValue, compact: flexible)
            buffer.writeKafkaInteger(self.partitionIndex)
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
