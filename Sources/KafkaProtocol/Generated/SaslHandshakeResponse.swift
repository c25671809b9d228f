// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/SaslHandshake.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's SaslHandshake response body (API key 17),
/// versions 0–1, never flexible.
public struct SaslHandshakeResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .saslHandshake
    public static let versions: ClosedRange<Int16> = 0...1
    public static let firstFlexibleVersion: Int16? = nil

    /// `ErrorCode`: int16, versions 0+.
    public var errorCode: KafkaErrorCode
    /// `Mechanisms`: []string, versions 0+.
    public var mechanisms: [String]

    public init(
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        mechanisms: [String] = []
    ) {
        self.errorCode = errorCode
        self.mechanisms = mechanisms
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = false
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
        self.mechanisms = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> String in try element.readKafkaString(compact: flexible) }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = false
        buffer.writeKafkaInteger(self.errorCode.rawValue)
        buffer.writeKafkaArray(self.mechanisms, compact: flexible) { (element: String, output: inout ByteBuffer) in output.writeKafkaString(element, compact: flexible) }
    }
}
