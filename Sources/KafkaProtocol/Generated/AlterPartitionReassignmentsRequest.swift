// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/AlterPartitionReassignments.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's AlterPartitionReassignments request body (API key 45),
/// versions 0–0, flexible from version 0.
public struct AlterPartitionReassignmentsRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .alterPartitionReassignments
    public static let versions: ClosedRange<Int16> = 0...0
    public static let firstFlexibleVersion: Int16? = 0
    public typealias Response = AlterPartitionReassignmentsResponse

    /// `TimeoutMs`: int32, versions 0+.
    public var timeoutMs: Int32
    /// `Topics`: []ReassignableTopic, versions 0+.
    public var topics: [ReassignableTopic]

    public init(
        timeoutMs: Int32 = 60000,
        topics: [ReassignableTopic] = []
    ) {
        self.timeoutMs = timeoutMs
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 0
        self.timeoutMs = try buffer.readKafkaInteger(as: Int32.self)
        self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> ReassignableTopic in try ReassignableTopic(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 0
        buffer.writeKafkaInteger(self.timeoutMs)
        buffer.writeKafkaArray(self.topics, compact: flexible) { (element: ReassignableTopic, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `ReassignableTopic` structure of `AlterPartitionReassignmentsRequest`.
    public struct ReassignableTopic: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: KafkaModel.TopicName
        /// `Partitions`: []ReassignablePartition, versions 0+.
        public var partitions: [ReassignablePartition]

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitions: [ReassignablePartition] = []
        ) {
            self.name = name
            self.partitions = partitions
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 0
            self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> ReassignablePartition in try ReassignablePartition(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 0
            buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: ReassignablePartition, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `ReassignablePartition` structure of `AlterPartitionReassignmentsRequest`.
    public struct ReassignablePartition: Hashable, Sendable {
        /// `PartitionIndex`: int32, versions 0+.
        public var partitionIndex: Int32
        /// `Replicas`: []int32, versions 0+, nullable 0+.
        public var replicas: [KafkaModel.BrokerID]?

        public init(
            partitionIndex: Int32 = 0,
            replicas: [KafkaModel.BrokerID]? = nil
        ) {
            self.partitionIndex = partitionIndex
            self.replicas = replicas
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 0
            self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            self.replicas = try buffer.readKafkaNullableArray(compact: flexible, allowNull: true) { (element: inout ByteBuffer) throws -> KafkaModel.BrokerID in try KafkaModel.BrokerID(rawValue: element.readKafkaInteger(as: Int32.self)) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 0
            buffer.writeKafkaInteger(self.partitionIndex)
            buffer.writeKafkaNullableArray(self.replicas, compact: flexible) { (element: KafkaModel.BrokerID, output: inout ByteBuffer) in output.writeKafkaInteger(element.rawValue) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
