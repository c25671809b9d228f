// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/ControlledShutdown.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's ControlledShutdown request body (API key 7),
/// versions 0–3, flexible from version 3.
public struct ControlledShutdownRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .controlledShutdown
    public static let versions: ClosedRange<Int16> = 0...3
    public static let firstFlexibleVersion: Int16? = 3
    public typealias Response = ControlledShutdownResponse

    /// `BrokerId`: int32, versions 0+.
    public var brokerID: KafkaModel.BrokerID
    /// `BrokerEpoch`: int64, versions 2+.
    public var brokerEpoch: Int64

    public init(
        brokerID: KafkaModel.BrokerID = KafkaModel.BrokerID(rawValue: 0),
        brokerEpoch: Int64 = -1
    ) {
        self.brokerID = brokerID
        self.brokerEpoch = brokerEpoch
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 3
        self.brokerID = try KafkaModel.BrokerID(rawValue: buffer.readKafkaInteger(as: Int32.self))
        if version >= 2 {
            self.brokerEpoch = try buffer.readKafkaInteger(as: Int64.self)
        }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 3
        buffer.writeKafkaInteger(self.brokerID.rawValue)
        if version >= 2 {
            buffer.writeKafkaInteger(self.brokerEpoch)
        }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }
}
