// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/DescribeUserScramCredentials.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's DescribeUserScramCredentials request body (API key 50),
/// versions 0–0, flexible from version 0.
public struct DescribeUserScramCredentialsRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .describeUserScramCredentials
    public static let versions: ClosedRange<Int16> = 0...0
    public static let firstFlexibleVersion: Int16? = 0
    public typealias Response = DescribeUserScramCredentialsResponse

    /// `Users`: []UserName, versions 0+, nullable 0+.
    public var users: [UserName]?

    public init(
        users: [UserName]? = []
    ) {
        self.users = users
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 0
        self.users = try buffer.readKafkaNullableArray(compact: flexible, allowNull: true) { (element: inout ByteBuffer) throws -> UserName in try UserName(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 0
        buffer.writeKafkaNullableArray(self.users, compact: flexible) { (element: UserName, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `UserName` structure of `DescribeUserScramCredentialsRequest`.
    public struct UserName: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: String

        public init(
            name: String = ""
        ) {
            self.name = name
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 0
            self.name = try buffer.readKafkaString(compact: flexible)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 0
            buffer.writeKafkaString(self.name, compact: flexible)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
