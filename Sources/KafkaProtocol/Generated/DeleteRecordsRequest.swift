// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/DeleteRecords.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's DeleteRecords request body (API key 21),
/// versions 0–2, flexible from version 2.
public struct DeleteRecordsRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .deleteRecords
    public static let versions: ClosedRange<Int16> = 0...2
    public static let firstFlexibleVersion: Int16? = 2
    public typealias Response = DeleteRecordsResponse

    /// `Topics`: []DeleteRecordsTopic, versions 0+.
    public var topics: [DeleteRecordsTopic]
    /// `TimeoutMs`: int32, versions 0+.
    public var timeoutMs: Int32

    public init(
        topics: [DeleteRecordsTopic] = [],
        timeoutMs: Int32 = 0
    ) {
        self.topics = topics
        self.timeoutMs = timeoutMs
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 2
        self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> DeleteRecordsTopic in try DeleteRecordsTopic(from: &element, version: version) }
        self.timeoutMs = try buffer.readKafkaInteger(as: Int32.self)
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeKafkaArray(self.topics, compact: flexible) { (element: DeleteRecordsTopic, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        buffer.writeKafkaInteger(self.timeoutMs)
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `DeleteRecordsTopic` structure of `DeleteRecordsRequest`.
    public struct DeleteRecordsTopic: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: KafkaModel.TopicName
        /// `Partitions`: []DeleteRecordsPartition, versions 0+.
        public var partitions: [DeleteRecordsPartition]

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitions: [DeleteRecordsPartition] = []
        ) {
            self.name = name
            self.partitions = partitions
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 2
            self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> DeleteRecordsPartition in try DeleteRecordsPartition(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: DeleteRecordsPartition, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `DeleteRecordsPartition` structure of `DeleteRecordsRequest`.
    public struct DeleteRecordsPartition: Hashable, Sendable {
        /// `PartitionIndex`: int32, versions 0+.
        public var partitionIndex: Int32
        /// `Offset`: int64, versions 0+.
        public var offset: Int64

        public init(
            partitionIndex: Int32 = 0,
            offset: Int64 = 0
        ) {
            self.partitionIndex = partitionIndex
            self.offset = offset
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 2
            self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            self.offset = try buffer.readKafkaInteger(as: Int64.self)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaInteger(self.partitionIndex)
            buffer.writeKafkaInteger(self.offset)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
