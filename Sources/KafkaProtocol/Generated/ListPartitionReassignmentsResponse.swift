// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/ListPartitionReassignments.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's ListPartitionReassignments response body (API key 46),
/// versions 0–0, flexible from version 0.
public struct ListPartitionReassignmentsResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .listPartitionReassignments
    public static let versions: ClosedRange<Int16> = 0...0
    public static let firstFlexibleVersion: Int16? = 0

    /// `ThrottleTimeMs`: int32, versions 0+.
    public var throttleTimeMs: Int32
    /// `ErrorCode`: int16, versions 0+.
    public var errorCode: KafkaErrorCode
    /// `ErrorMessage`: string, versions 0+, nullable 0+.
    public var errorMessage: String?
    /// `Topics`: []OngoingTopicReassignment, versions 0+.
    public var topics: [OngoingTopicReassignment]

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        errorMessage: String? = "",
        topics: [OngoingTopicReassignment] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 0
        self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
        self.errorMessage = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
        self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> OngoingTopicReassignment in try OngoingTopicReassignment(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 0
        buffer.writeKafkaInteger(self.throttleTimeMs)
        buffer.writeKafkaInteger(self.errorCode.rawValue)
        buffer.writeKafkaNullableString(self.errorMessage, compact: flexible)
        buffer.writeKafkaArray(self.topics, compact: flexible) { (element: OngoingTopicReassignment, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `OngoingTopicReassignment` structure of `ListPartitionReassignmentsResponse`.
    public struct OngoingTopicReassignment: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: KafkaModel.TopicName
        /// `Partitions`: []OngoingPartitionReassignment, versions 0+.
        public var partitions: [OngoingPartitionReassignment]

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitions: [OngoingPartitionReassignment] = []
        ) {
            self.name = name
            self.partitions = partitions
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 0
            self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> OngoingPartitionReassignment in try OngoingPartitionReassignment(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 0
            buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: OngoingPartitionReassignment, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `OngoingPartitionReassignment` structure of `ListPartitionReassignmentsResponse`.
    public struct OngoingPartitionReassignment: Hashable, Sendable {
        /// `PartitionIndex`: int32, versions 0+.
        public var partitionIndex: Int32
        /// `Replicas`: []int32, versions 0+.
        public var replicas: [KafkaModel.BrokerID]
        /// `AddingReplicas`: []int32, versions 0+.
        public var addingReplicas: [KafkaModel.BrokerID]
        /// `RemovingReplicas`: []int32, versions 0+.
        public var removingReplicas: [KafkaModel.BrokerID]

        public init(
            partitionIndex: Int32 = 0,
            replicas: [KafkaModel.BrokerID] = [],
            addingReplicas: [KafkaModel.BrokerID] = [],
            removingReplicas: [KafkaModel.BrokerID] = []
        ) {
            self.partitionIndex = partitionIndex
            self.replicas = replicas
            self.addingReplicas = addingReplicas
            self.removingReplicas = removingReplicas
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 0
            self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            self.replicas = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> KafkaModel.BrokerID in try KafkaModel.BrokerID(rawValue: element.readKafkaInteger(as: Int32.self)) }
            self.addingReplicas = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> KafkaModel.BrokerID in try KafkaModel.BrokerID(rawValue: element.readKafkaInteger(as: Int32.self)) }
            self.removingReplicas = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> KafkaModel.BrokerID in try KafkaModel.BrokerID(rawValue: element.readKafkaInteger(as: Int32.self)) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 0
            buffer.writeKafkaInteger(self.partitionIndex)
            buffer.writeKafkaArray(self.replicas, compact: flexible) { (element: KafkaModel.BrokerID, output: inout ByteBuffer) in output.writeKafkaInteger(element.rawValue) }
            buffer.writeKafkaArray(self.addingReplicas, compact: flexible) { (element: KafkaModel.BrokerID, output: inout ByteBuffer) in output.writeKafkaInteger(element.rawValue) }
            buffer.writeKafkaArray(self.removingReplicas, compact: flexible) { (element: KafkaModel.BrokerID, output: inout ByteBuffer) in output.writeKafkaInteger(element.rawValue) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
