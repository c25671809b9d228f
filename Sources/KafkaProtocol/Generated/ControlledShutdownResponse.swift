// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/ControlledShutdown.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's ControlledShutdown response body (API key 7),
/// versions 0–3, flexible from version 3.
public struct ControlledShutdownResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .controlledShutdown
    public static let versions: ClosedRange<Int16> = 0...3
    public static let firstFlexibleVersion: Int16? = 3

    /// `ErrorCode`: int16, versions 0+.
    public var errorCode: KafkaErrorCode
    /// `RemainingPartitions`: []RemainingPartition, versions 0+.
    public var remainingPartitions: [RemainingPartition]

    public init(
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        remainingPartitions: [RemainingPartition] = []
    ) {
        self.errorCode = errorCode
        self.remainingPartitions = remainingPartitions
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 3
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
        self.remainingPartitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> RemainingPartition in try RemainingPartition(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 3
        buffer.writeKafkaInteger(self.errorCode.rawValue)
        buffer.writeKafkaArray(self.remainingPartitions, compact: flexible) { (element: RemainingPartition, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `RemainingPartition` structure of `ControlledShutdownResponse`.
    public struct RemainingPartition: Hashable, Sendable {
        /// `TopicName`: string, versions 0+.
        public var topicName: KafkaModel.TopicName
        /// `PartitionIndex`: int32, versions 0+.
        public var partitionIndex: Int32

        public init(
            topicName: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitionIndex: Int32 = 0
        ) {
            self.topicName = topicName
            self.partitionIndex = partitionIndex
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 3
            self.topicName = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 3
            buffer.writeKafkaString(self.topicName.rawValue, compact: flexible)
            buffer.writeKafkaInteger(self.partitionIndex)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
