// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/ApiVersions.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's ApiVersions request body (API key 18),
/// versions 0–3, flexible from version 3.
public struct ApiVersionsRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .apiVersions
    public static let versions: ClosedRange<Int16> = 0...3
    public static let firstFlexibleVersion: Int16? = 3
    public typealias Response = ApiVersionsResponse

    /// `ClientSoftwareName`: string, versions 3+.
    public var clientSoftwareName: String
    /// `ClientSoftwareVersion`: string, versions 3+.
    public var clientSoftwareVersion: String

    public init(
        clientSoftwareName: String = "",
        clientSoftwareVersion: String = ""
    ) {
        self.clientSoftwareName = clientSoftwareName
        self.clientSoftwareVersion = clientSoftwareVersion
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 3
        if version >= 3 {
            self.clientSoftwareName = try buffer.readKafkaString(compact: flexible)
        }
        if version >= 3 {
            self.clientSoftwareVersion = try buffer.readKafkaString(compact: flexible)
        }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 3
        if version >= 3 {
            buffer.writeKafkaString(self.clientSoftwareName, compact: flexible)
        }
        if version >= 3 {
            buffer.writeKafkaString(self.clientSoftwareVersion, compact: flexible)
        }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }
}
