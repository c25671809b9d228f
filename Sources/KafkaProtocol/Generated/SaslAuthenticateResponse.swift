// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/SaslAuthenticate.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's SaslAuthenticate response body (API key 36),
/// versions 0–2, flexible from version 2.
public struct SaslAuthenticateResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .saslAuthenticate
    public static let versions: ClosedRange<Int16> = 0...2
    public static let firstFlexibleVersion: Int16? = 2

    /// `ErrorCode`: int16, versions 0+.
    public var errorCode: KafkaErrorCode
    /// `ErrorMessage`: string, versions 0+, nullable 0+.
    public var errorMessage: String?
    /// `AuthBytes`: bytes, versions 0+.
    public var authBytes: ByteBuffer
    /// `SessionLifetimeMs`: int64, versions 1+.
    public var sessionLifetimeMs: Int64

    public init(
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        errorMessage: String? = "",
        authBytes: ByteBuffer = ByteBuffer(),
        sessionLifetimeMs: Int64 = 0
    ) {
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.authBytes = authBytes
        self.sessionLifetimeMs = sessionLifetimeMs
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 2
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
        self.errorMessage = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
        self.authBytes = try buffer.readKafkaBytes(compact: flexible)
        if version >= 1 {
            self.sessionLifetimeMs = try buffer.readKafkaInteger(as: Int64.self)
        }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeKafkaInteger(self.errorCode.rawValue)
        buffer.writeKafkaNullableString(self.errorMessage, compact: flexible)
        buffer.writeKafkaBytes(self.authBytes, compact: flexible)
        if version >= 1 {
            buffer.writeKafkaInteger(self.sessionLifetimeMs)
        }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }
}
