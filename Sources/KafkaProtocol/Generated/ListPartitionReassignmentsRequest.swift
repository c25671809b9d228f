// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/ListPartitionReassignments.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's ListPartitionReassignments request body (API key 46),
/// versions 0–0, flexible from version 0.
public struct ListPartitionReassignmentsRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .listPartitionReassignments
    public static let versions: ClosedRange<Int16> = 0...0
    public static let firstFlexibleVersion: Int16? = 0
    public typealias Response = ListPartitionReassignmentsResponse

    /// `TimeoutMs`: int32, versions 0+.
    public var timeoutMs: Int32
    /// `Topics`: []ListPartitionReassignmentsTopics, versions 0+, nullable 0+.
    public var topics: [ListPartitionReassignmentsTopics]?

    public init(
        timeoutMs: Int32 = 60000,
        topics: [ListPartitionReassignmentsTopics]? = nil
    ) {
        self.timeoutMs = timeoutMs
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 0
        self.timeoutMs = try buffer.readKafkaInteger(as: Int32.self)
        self.topics = try buffer.readKafkaNullableArray(compact: flexible, allowNull: true) { (element: inout ByteBuffer) throws -> ListPartitionReassignmentsTopics in try ListPartitionReassignmentsTopics(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 0
        buffer.writeKafkaInteger(self.timeoutMs)
        buffer.writeKafkaNullableArray(self.topics, compact: flexible) { (element: ListPartitionReassignmentsTopics, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `ListPartitionReassignmentsTopics` structure of `ListPartitionReassignmentsRequest`.
    public struct ListPartitionReassignmentsTopics: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: KafkaModel.TopicName
        /// `PartitionIndexes`: []int32, versions 0+.
        public var partitionIndexes: [Int32]

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitionIndexes: [Int32] = []
        ) {
            self.name = name
            self.partitionIndexes = partitionIndexes
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 0
            self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitionIndexes = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> Int32 in try element.readKafkaInteger(as: Int32.self) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 0
            buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitionIndexes, compact: flexible) { (element: Int32, output: inout ByteBuffer) in output.writeKafkaInteger(element) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
