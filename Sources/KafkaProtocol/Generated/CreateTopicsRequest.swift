// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/CreateTopics.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's CreateTopics request body (API key 19),
/// versions 0–7, flexible from version 5.
public struct CreateTopicsRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .createTopics
    public static let versions: ClosedRange<Int16> = 0...7
    public static let firstFlexibleVersion: Int16? = 5
    public typealias Response = CreateTopicsResponse

    /// `Topics`: []CreatableTopic, versions 0+.
    public var topics: [CreatableTopic]
    /// `timeoutMs`: int32, versions 0+.
    public var timeoutMs: Int32
    /// `validateOnly`: bool, versions 1+.
    public var validateOnly: Bool

    public init(
        topics: [CreatableTopic] = [],
        timeoutMs: Int32 = 60000,
        validateOnly: Bool = false
    ) {
        self.topics = topics
        self.timeoutMs = timeoutMs
        self.validateOnly = validateOnly
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 5
        self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> CreatableTopic in try CreatableTopic(from: &element, version: version) }
        self.timeoutMs = try buffer.readKafkaInteger(as: Int32.self)
        if version >= 1 {
            self.validateOnly = try buffer.readKafkaBool()
        }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 5
        buffer.writeKafkaArray(self.topics, compact: flexible) { (element: CreatableTopic, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        buffer.writeKafkaInteger(self.timeoutMs)
        if version >= 1 {
            buffer.writeKafkaBool(self.validateOnly)
        }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `CreatableTopic` structure of `CreateTopicsRequest`.
    public struct CreatableTopic: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: KafkaModel.TopicName
        /// `NumPartitions`: int32, versions 0+.
        public var numPartitions: Int32
        /// `ReplicationFactor`: int16, versions 0+.
        public var replicationFactor: Int16
        /// `Assignments`: []CreatableReplicaAssignment, versions 0+.
        public var assignments: [CreatableReplicaAssignment]
        /// `Configs`: []CreateableTopicConfig, versions 0+.
        public var configs: [CreateableTopicConfig]

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            numPartitions: Int32 = 0,
            replicationFactor: Int16 = 0,
            assignments: [CreatableReplicaAssignment] = [],
            configs: [CreateableTopicConfig] = []
        ) {
            self.name = name
            self.numPartitions = numPartitions
            self.replicationFactor = replicationFactor
            self.assignments = assignments
            self.configs = configs
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 5
            self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.numPartitions = try buffer.readKafkaInteger(as: Int32.self)
            self.replicationFactor = try buffer.readKafkaInteger(as: Int16.self)
            self.assignments = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> CreatableReplicaAssignment in try CreatableReplicaAssignment(from: &element, version: version) }
            self.configs = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> CreateableTopicConfig in try CreateableTopicConfig(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 5
            buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            buffer.writeKafkaInteger(self.numPartitions)
            buffer.writeKafkaInteger(self.replicationFactor)
            buffer.writeKafkaArray(self.assignments, compact: flexible) { (element: CreatableReplicaAssignment, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            buffer.writeKafkaArray(self.configs, compact: flexible) { (element: CreateableTopicConfig, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `CreatableReplicaAssignment` structure of `CreateTopicsRequest`.
    public struct CreatableReplicaAssignment: Hashable, Sendable {
        /// `PartitionIndex`: int32, versions 0+.
        public var partitionIndex: Int32
        /// `BrokerIds`: []int32, versions 0+.
        public var brokerIDs: [KafkaModel.BrokerID]

        public init(
            partitionIndex: Int32 = 0,
            brokerIDs: [KafkaModel.BrokerID] = []
        ) {
            self.partitionIndex = partitionIndex
            self.brokerIDs = brokerIDs
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 5
            self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            self.brokerIDs = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> KafkaModel.BrokerID in try KafkaModel.BrokerID(rawValue: element.readKafkaInteger(as: Int32.self)) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 5
            buffer.writeKafkaInteger(self.partitionIndex)
            buffer.writeKafkaArray(self.brokerIDs, compact: flexible) { (element: KafkaModel.BrokerID, output: inout ByteBuffer) in output.writeKafkaInteger(element.rawValue) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `CreateableTopicConfig` structure of `CreateTopicsRequest`.
    public struct CreateableTopicConfig: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: String
        /// `Value`: string, versions 0+, nullable 0+.
        public var value: String?

        public init(
            name: String = "",
            value: String? = ""
        ) {
            self.name = name
            self.value = value
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 5
            self.name = try buffer.readKafkaString(compact: flexible)
            self.value = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 5
            buffer.writeKafkaString(self.name, compact: flexible)
            buffer.writeKafkaNullableString(self.value, compact: flexible)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
