// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/UpdateMetadata.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's UpdateMetadata response body (API key 6),
/// versions 0–7, flexible from version 6.
public struct UpdateMetadataResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .updateMetadata
    public static let versions: ClosedRange<Int16> = 0...7
    public static let firstFlexibleVersion: Int16? = 6

    /// `ErrorCode`: int16, versions 0+.
    public var errorCode: KafkaErrorCode

    public init(
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0)
    ) {
        self.errorCode = errorCode
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 6
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 6
        buffer.writeKafkaInteger(self.errorCode.rawValue)
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }
}
