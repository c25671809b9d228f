// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/OffsetDelete.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's OffsetDelete request body (API key 47),
/// versions 0–0, never flexible.
public struct OffsetDeleteRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .offsetDelete
    public static let versions: ClosedRange<Int16> = 0...0
    public static let firstFlexibleVersion: Int16? = nil
    public typealias Response = OffsetDeleteResponse

    /// `GroupId`: string, versions 0+.
    public var groupID: String
    /// `Topics`: []OffsetDeleteRequestTopic, versions 0+.
    public var topics: [OffsetDeleteRequestTopic]

    public init(
        groupID: String = "",
        topics: [OffsetDeleteRequestTopic] = []
    ) {
        self.groupID = groupID
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = false
        self.groupID = try buffer.readKafkaString(compact: flexible)
        self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> OffsetDeleteRequestTopic in try OffsetDeleteRequestTopic(from: &element, version: version) }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = false
        buffer.writeKafkaString(self.groupID, compact: flexible)
        buffer.writeKafkaArray(self.topics, compact: flexible) { (element: OffsetDeleteRequestTopic, output: inout ByteBuffer) in element.write(into: &output, version: version) }
    }

    /// The `OffsetDeleteRequestTopic` structure of `OffsetDeleteRequest`.
    public struct OffsetDeleteRequestTopic: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: KafkaModel.TopicName
        /// `Partitions`: []OffsetDeleteRequestPartition, versions 0+.
        public var partitions: [OffsetDeleteRequestPartition]

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitions: [OffsetDeleteRequestPartition] = []
        ) {
            self.name = name
            self.partitions = partitions
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = false
            self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> OffsetDeleteRequestPartition in try OffsetDeleteRequestPartition(from: &element, version: version) }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = false
            buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: OffsetDeleteRequestPartition, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        }
    }

    /// The `OffsetDeleteRequestPartition` structure of `OffsetDeleteRequest`.
    public struct OffsetDeleteRequestPartition: Hashable, Sendable {
        /// `PartitionIndex`: int32, versions 0+.
        public var partitionIndex: Int32

        public init(
            partitionIndex: Int32 = 0
        ) {
            self.partitionIndex = partitionIndex
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaInteger(self.partitionIndex)
        }
    }
}
