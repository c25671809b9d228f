// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/InitProducerId.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's InitProducerId response body (API key 22),
/// versions 0–4, flexible from version 2.
public struct InitProducerIdResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .initProducerId
    public static let versions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16? = 2

    /// `ThrottleTimeMs`: int32, versions 0+.
    public var throttleTimeMs: Int32
    /// `ErrorCode`: int16, versions 0+.
    public var errorCode: KafkaErrorCode
    /// `ProducerId`: int64, versions 0+.
    public var producerID: Int64
    /// `ProducerEpoch`: int16, versions 0+.
    public var producerEpoch: Int16

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        producerID: Int64 = -1,
        producerEpoch: Int16 = 0
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.producerID = producerID
        self.producerEpoch = producerEpoch
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 2
        self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
        self.producerID = try buffer.readKafkaInteger(as: Int64.self)
        self.producerEpoch = try buffer.readKafkaInteger(as: Int16.self)
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeKafkaInteger(self.throttleTimeMs)
        buffer.writeKafkaInteger(self.errorCode.rawValue)
        buffer.writeKafkaInteger(self.producerID)
        buffer.writeKafkaInteger(self.producerEpoch)
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }
}
