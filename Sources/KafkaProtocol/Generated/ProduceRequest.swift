// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/Produce.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's Produce request body (API key 0),
/// versions 0–9, flexible from version 9.
public struct ProduceRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .produce
    public static let versions: ClosedRange<Int16> = 0...9
    public static let firstFlexibleVersion: Int16? = 9
    public typealias Response = ProduceResponse

    /// `TransactionalId`: string, versions 3+, nullable 3+.
    public var transactionalID: String?
    /// `Acks`: int16, versions 0+.
    public var acks: Int16
    /// `TimeoutMs`: int32, versions 0+.
    public var timeoutMs: Int32
    /// `TopicData`: []TopicProduceData, versions 0+.
    public var topicData: [TopicProduceData]

    public init(
        transactionalID: String? = nil,
        acks: Int16 = 0,
        timeoutMs: Int32 = 0,
        topicData: [TopicProduceData] = []
    ) {
        self.transactionalID = transactionalID
        self.acks = acks
        self.timeoutMs = timeoutMs
        self.topicData = topicData
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 9
        if version >= 3 {
            self.transactionalID = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 3)
        }
        self.acks = try buffer.readKafkaInteger(as: Int16.self)
        self.timeoutMs = try buffer.readKafkaInteger(as: Int32.self)
        self.topicData = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> TopicProduceData in try TopicProduceData(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 9
        if version >= 3 {
            buffer.writeKafkaNullableString(self.transactionalID, compact: flexible)
        }
        buffer.writeKafkaInteger(self.acks)
        buffer.writeKafkaInteger(self.timeoutMs)
        buffer.writeKafkaArray(self.topicData, compact: flexible) { (element: TopicProduceData, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `TopicProduceData` structure of `ProduceRequest`.
    public struct TopicProduceData: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: KafkaModel.TopicName
        /// `PartitionData`: []PartitionProduceData, versions 0+.
        public var partitionData: [PartitionProduceData]

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitionData: [PartitionProduceData] = []
        ) {
            self.name = name
            self.partitionData = partitionData
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 9
            self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitionData = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> PartitionProduceData in try PartitionProduceData(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 9
            buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitionData, compact: flexible) { (element: PartitionProduceData, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `PartitionProduceData` structure of `ProduceRequest`.
    public struct PartitionProduceData: Hashable, Sendable {
        /// `Index`: int32, versions 0+.
        public var index: Int32
        /// `Records`: records, versions 0+, nullable 0+.
        public var records: ByteBuffer?

        public init(
            index: Int32 = 0,
            records: ByteBuffer? = nil
        ) {
            self.index = index
            self.records = records
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 9
            self.index = try buffer.readKafkaInteger(as: Int32.self)
            self.records = try buffer.readKafkaNullableBytes(compact: flexible, allowNull: true)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 9
            buffer.writeKafkaInteger(self.index)
            buffer.writeKafkaNullableBytes(self.records, compact: flexible)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
