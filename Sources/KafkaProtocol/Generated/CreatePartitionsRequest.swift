// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/CreatePartitions.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's CreatePartitions request body (API key 37),
/// versions 0–3, flexible from version 2.
public struct CreatePartitionsRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .createPartitions
    public static let versions: ClosedRange<Int16> = 0...3
    public static let firstFlexibleVersion: Int16? = 2
    public typealias Response = CreatePartitionsResponse

    /// `Topics`: []CreatePartitionsTopic, versions 0+.
    public var topics: [CreatePartitionsTopic]
    /// `TimeoutMs`: int32, versions 0+.
    public var timeoutMs: Int32
    /// `ValidateOnly`: bool, versions 0+.
    public var validateOnly: Bool

    public init(
        topics: [CreatePartitionsTopic] = [],
        timeoutMs: Int32 = 0,
        validateOnly: Bool = false
    ) {
        self.topics = topics
        self.timeoutMs = timeoutMs
        self.validateOnly = validateOnly
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 2
        self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> CreatePartitionsTopic in try CreatePartitionsTopic(from: &element, version: version) }
        self.timeoutMs = try buffer.readKafkaInteger(as: Int32.self)
        self.validateOnly = try buffer.readKafkaBool()
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeKafkaArray(self.topics, compact: flexible) { (element: CreatePartitionsTopic, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        buffer.writeKafkaInteger(self.timeoutMs)
        buffer.writeKafkaBool(self.validateOnly)
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `CreatePartitionsTopic` structure of `CreatePartitionsRequest`.
    public struct CreatePartitionsTopic: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: KafkaModel.TopicName
        /// `Count`: int32, versions 0+.
        public var count: Int32
        /// `Assignments`: []CreatePartitionsAssignment, versions 0+, nullable 0+.
        public var assignments: [CreatePartitionsAssignment]?

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            count: Int32 = 0,
            assignments: [CreatePartitionsAssignment]? = []
        ) {
            self.name = name
            self.count = count
            self.assignments = assignments
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 2
            self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.count = try buffer.readKafkaInteger(as: Int32.self)
            self.assignments = try buffer.readKafkaNullableArray(compact: flexible, allowNull: true) { (element: inout ByteBuffer) throws -> CreatePartitionsAssignment in try CreatePartitionsAssignment(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            buffer.writeKafkaInteger(self.count)
            buffer.writeKafkaNullableArray(self.assignments, compact: flexible) { (element: CreatePartitionsAssignment, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `CreatePartitionsAssignment` structure of `CreatePartitionsRequest`.
    public struct CreatePartitionsAssignment: Hashable, Sendable {
        /// `BrokerIds`: []int32, versions 0+.
        public var brokerIDs: [KafkaModel.BrokerID]

        public init(
            brokerIDs: [KafkaModel.BrokerID] = []
        ) {
            self.brokerIDs = brokerIDs
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 2
            self.brokerIDs = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> KafkaModel.BrokerID in try KafkaModel.BrokerID(rawValue: element.readKafkaInteger(as: Int32.self)) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaArray(self.brokerIDs, compact: flexible) { (element: KafkaModel.BrokerID, output: inout ByteBuffer) in output.writeKafkaInteger(element.rawValue) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
