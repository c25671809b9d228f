// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/SaslHandshake.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's SaslHandshake request body (API key 17),
/// versions 0–1, never flexible.
public struct SaslHandshakeRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .saslHandshake
    public static let versions: ClosedRange<Int16> = 0...1
    public static let firstFlexibleVersion: Int16? = nil
    public typealias Response = SaslHandshakeResponse

    /// `Mechanism`: string, versions 0+.
    public var mechanism: String

    public init(
        mechanism: String = ""
    ) {
        self.mechanism = mechanism
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = false
        self.mechanism = try buffer.readKafkaString(compact: flexible)
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = false
        buffer.writeKafkaString(self.mechanism, compact: flexible)
    }
}
