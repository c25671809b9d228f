// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/FindCoordinator.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's FindCoordinator request body (API key 10),
/// versions 0–4, flexible from version 3.
public struct FindCoordinatorRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .findCoordinator
    public static let versions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16? = 3
    public typealias Response = FindCoordinatorResponse

    /// `Key`: string, versions 0-3.
    public var key: String
    /// `KeyType`: int8, versions 1+.
    public var keyType: Int8
    /// `CoordinatorKeys`: []string, versions 4+.
    public var coordinatorKeys: [String]

    public init(
        key: String = "",
        keyType: Int8 = 0,
        coordinatorKeys: [String] = []
    ) {
        self.key = key
        self.keyType = keyType
        self.coordinatorKeys = coordinatorKeys
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 3
        if version <= 3 {
            self.key = try buffer.readKafkaString(compact: flexible)
        }
        if version >= 1 {
            self.keyType = try buffer.readKafkaInteger(as: Int8.self)
        }
        if version >= 4 {
            self.coordinatorKeys = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> String in try element.readKafkaString(compact: flexible) }
        }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 3
        if version <= 3 {
            buffer.writeKafkaString(self.key, compact: flexible)
        }
        if version >= 1 {
            buffer.writeKafkaInteger(self.keyType)
        }
        if version >= 4 {
            buffer.writeKafkaArray(self.coordinatorKeys, compact: flexible) { (element: String, output: inout ByteBuffer) in output.writeKafkaString(element, compact: flexible) }
        }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }
}
