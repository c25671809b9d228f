// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/AddPartitionsToTxn.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's AddPartitionsToTxn request body (API key 24),
/// versions 0–3, flexible from version 3.
public struct AddPartitionsToTxnRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .addPartitionsToTxn
    public static let versions: ClosedRange<Int16> = 0...3
    public static let firstFlexibleVersion: Int16? = 3
    public typealias Response = AddPartitionsToTxnResponse

    /// `TransactionalId`: string, versions 0+.
    public var transactionalID: String
    /// `ProducerId`: int64, versions 0+.
    public var producerID: Int64
    /// `ProducerEpoch`: int16, versions 0+.
    public var producerEpoch: Int16
    /// `Topics`: []AddPartitionsToTxnTopic, versions 0+.
    public var topics: [AddPartitionsToTxnTopic]

    public init(
        transactionalID: String = "",
        producerID: Int64 = 0,
        producerEpoch: Int16 = 0,
        topics: [AddPartitionsToTxnTopic] = []
    ) {
        self.transactionalID = transactionalID
        self.producerID = producerID
        self.producerEpoch = producerEpoch
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 3
        self.transactionalID = try buffer.readKafkaString(compact: flexible)
        self.producerID = try buffer.readKafkaInteger(as: Int64.self)
        self.producerEpoch = try buffer.readKafkaInteger(as: Int16.self)
        self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> AddPartitionsToTxnTopic in try AddPartitionsToTxnTopic(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 3
        buffer.writeKafkaString(self.transactionalID, compact: flexible)
        buffer.writeKafkaInteger(self.producerID)
        buffer.writeKafkaInteger(self.producerEpoch)
        buffer.writeKafkaArray(self.topics, compact: flexible) { (element: AddPartitionsToTxnTopic, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `AddPartitionsToTxnTopic` structure of `AddPartitionsToTxnRequest`.
    public struct AddPartitionsToTxnTopic: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: KafkaModel.TopicName
        /// `Partitions`: []int32, versions 0+.
        public var partitions: [Int32]

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitions: [Int32] = []
        ) {
            self.name = name
            self.partitions = partitions
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 3
            self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> Int32 in try element.readKafkaInteger(as: Int32.self) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 3
            buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: Int32, output: inout ByteBuffer) in output.writeKafkaInteger(element) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
