// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/InitProducerId.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's InitProducerId request body (API key 22),
/// versions 0–4, flexible from version 2.
public struct InitProducerIdRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .initProducerId
    public static let versions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16? = 2
    public typealias Response = InitProducerIdResponse

    /// `TransactionalId`: string, versions 0+, nullable 0+.
    public var transactionalID: String?
    /// `TransactionTimeoutMs`: int32, versions 0+.
    public var transactionTimeoutMs: Int32
    /// `ProducerId`: int64, versions 3+.
    public var producerID: Int64
    /// `ProducerEpoch`: int16, versions 3+.
    public var producerEpoch: Int16

    public init(
        transactionalID: String? = "",
        transactionTimeoutMs: Int32 = 0,
        producerID: Int64 = -1,
        producerEpoch: Int16 = -1
    ) {
        self.transactionalID = transactionalID
        self.transactionTimeoutMs = transactionTimeoutMs
        self.producerID = producerID
        self.producerEpoch = producerEpoch
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 2
        self.transactionalID = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
        self.transactionTimeoutMs = try buffer.readKafkaInteger(as: Int32.self)
        if version >= 3 {
            self.producerID = try buffer.readKafkaInteger(as: Int64.self)
        }
        if version >= 3 {
            self.producerEpoch = try buffer.readKafkaInteger(as: Int16.self)
        }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeKafkaNullableString(self.transactionalID, compact: flexible)
        buffer.writeKafkaInteger(self.transactionTimeoutMs)
        if version >= 3 {
            buffer.writeKafkaInteger(self.producerID)
        }
        if version >= 3 {
            buffer.writeKafkaInteger(self.producerEpoch)
        }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }
}
