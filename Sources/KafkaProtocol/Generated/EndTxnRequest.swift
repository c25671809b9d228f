// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/EndTxn.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's EndTxn request body (API key 26),
/// versions 0–3, flexible from version 3.
public struct EndTxnRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .endTxn
    public static let versions: ClosedRange<Int16> = 0...3
    public static let firstFlexibleVersion: Int16? = 3
    public typealias Response = EndTxnResponse

    /// `TransactionalId`: string, versions 0+.
    public var transactionalID: String
    /// `ProducerId`: int64, versions 0+.
    public var producerID: Int64
    /// `ProducerEpoch`: int16, versions 0+.
    public var producerEpoch: Int16
    /// `Committed`: bool, versions 0+.
    public var committed: Bool

    public init(
        transactionalID: String = "",
        producerID: Int64 = 0,
        producerEpoch: Int16 = 0,
        committed: Bool = false
    ) {
        self.transactionalID = transactionalID
        self.producerID = producerID
        self.producerEpoch = producerEpoch
        self.committed = committed
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 3
        self.transactionalID = try buffer.readKafkaString(compact: flexible)
        self.producerID = try buffer.readKafkaInteger(as: Int64.self)
        self.producerEpoch = try buffer.readKafkaInteger(as: Int16.self)
        self.committed = try buffer.readKafkaBool()
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 3
        buffer.writeKafkaString(self.transactionalID, compact: flexible)
        buffer.writeKafkaInteger(self.producerID)
        buffer.writeKafkaInteger(self.producerEpoch)
        buffer.writeKafkaBool(self.committed)
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }
}
