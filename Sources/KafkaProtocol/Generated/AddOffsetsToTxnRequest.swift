// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/AddOffsetsToTxn.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's AddOffsetsToTxn request body (API key 25),
/// versions 0–3, flexible from version 3.
public struct AddOffsetsToTxnRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .addOffsetsToTxn
    public static let versions: ClosedRange<Int16> = 0...3
    public static let firstFlexibleVersion: Int16? = 3
    public typealias Response = AddOffsetsToTxnResponse

    /// `TransactionalId`: string, versions 0+.
    public var transactionalID: String
    /// `ProducerId`: int64, versions 0+.
    public var producerID: Int64
    /// `ProducerEpoch`: int16, versions 0+.
    public var producerEpoch: Int16
    /// `GroupId`: string, versions 0+.
    public var groupID: String

    public init(
        transactionalID: String = "",
        producerID: Int64 = 0,
        producerEpoch: Int16 = 0,
        groupID: String = ""
    ) {
        self.transactionalID = transactionalID
        self.producerID = producerID
        self.producerEpoch = producerEpoch
        self.groupID = groupID
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 3
        self.transactionalID = try buffer.readKafkaString(compact: flexible)
        self.producerID = try buffer.readKafkaInteger(as: Int64.self)
        self.producerEpoch = try buffer.readKafkaInteger(as: Int16.self)
        self.groupID = try buffer.readKafkaString(compact: flexible)
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 3
        buffer.writeKafkaString(self.transactionalID, compact: flexible)
        buffer.writeKafkaInteger(self.producerID)
        buffer.writeKafkaInteger(self.producerEpoch)
        buffer.writeKafkaString(self.groupID, compact: flexible)
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }
}
