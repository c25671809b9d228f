// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/SaslAuthenticate.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's SaslAuthenticate request body (API key 36),
/// versions 0–2, flexible from version 2.
public struct SaslAuthenticateRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .saslAuthenticate
    public static let versions: ClosedRange<Int16> = 0...2
    public static let firstFlexibleVersion: Int16? = 2
    public typealias Response = SaslAuthenticateResponse

    /// `AuthBytes`: bytes, versions 0+.
    public var authBytes: ByteBuffer

    public init(
        authBytes: ByteBuffer = ByteBuffer()
    ) {
        self.authBytes = authBytes
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 2
        self.authBytes = try buffer.readKafkaBytes(compact: flexible)
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeKafkaBytes(self.authBytes, compact: flexible)
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }
}
