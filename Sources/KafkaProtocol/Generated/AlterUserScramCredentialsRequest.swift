// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/AlterUserScramCredentials.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's AlterUserScramCredentials request body (API key 51),
/// versions 0–0, flexible from version 0.
public struct AlterUserScramCredentialsRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .alterUserScramCredentials
    public static let versions: ClosedRange<Int16> = 0...0
    public static let firstFlexibleVersion: Int16? = 0
    public typealias Response = AlterUserScramCredentialsResponse

    /// `Deletions`: []ScramCredentialDeletion, versions 0+.
    public var deletions: [ScramCredentialDeletion]
    /// `Upsertions`: []ScramCredentialUpsertion, versions 0+.
    public var upsertions: [ScramCredentialUpsertion]

    public init(
        deletions: [ScramCredentialDeletion] = [],
        upsertions: [ScramCredentialUpsertion] = []
    ) {
        self.deletions = deletions
        self.upsertions = upsertions
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 0
        self.deletions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> ScramCredentialDeletion in try ScramCredentialDeletion(from: &element, version: version) }
        self.upsertions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> ScramCredentialUpsertion in try ScramCredentialUpsertion(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 0
        buffer.writeKafkaArray(self.deletions, compact: flexible) { (element: ScramCredentialDeletion, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        buffer.writeKafkaArray(self.upsertions, compact: flexible) { (element: ScramCredentialUpsertion, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `ScramCredentialDeletion` structure of `AlterUserScramCredentialsRequest`.
    public struct ScramCredentialDeletion: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: String
        /// `Mechanism`: int8, versions 0+.
        public var mechanism: Int8

        public init(
            name: String = "",
            mechanism: Int8 = 0
        ) {
            self.name = name
            self.mechanism = mechanism
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 0
            self.name = try buffer.readKafkaString(compact: flexible)
            self.mechanism = try buffer.readKafkaInteger(as: Int8.self)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 0
            buffer.writeKafkaString(self.name, compact: flexible)
            buffer.writeKafkaInteger(self.mechanism)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `ScramCredentialUpsertion` structure of `AlterUserScramCredentialsRequest`.
    public struct ScramCredentialUpsertion: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: String
        /// `Mechanism`: int8, versions 0+.
        public var mechanism: Int8
        /// `Iterations`: int32, versions 0+.
        public var iterations: Int32
        /// `Salt`: bytes, versions 0+.
        public var salt: ByteBuffer
        /// `SaltedPassword`: bytes, versions 0+.
        public var saltedPassword: ByteBuffer

        public init(
            name: String = "",
            mechanism: Int8 = 0,
            iterations: Int32 = 0,
            salt: ByteBuffer = ByteBuffer(),
            saltedPassword: ByteBuffer = ByteBuffer()
        ) {
            self.name = name
            self.mechanism = mechanism
            self.iterations = iterations
            self.salt = salt
            self.saltedPassword = saltedPassword
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 0
            self.name = try buffer.readKafkaString(compact: flexible)
            self.mechanism = try buffer.readKafkaInteger(as: Int8.self)
            self.iterations = try buffer.readKafkaInteger(as: Int32.self)
            self.salt = try buffer.readKafkaBytes(compact: flexible)
            self.saltedPassword = try buffer.readKafkaBytes(compact: flexible)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 0
            buffer.writeKafkaString(self.name, compact: flexible)
            buffer.writeKafkaInteger(self.mechanism)
            buffer.writeKafkaInteger(self.iterations)
            buffer.writeKafkaBytes(self.salt, compact: flexible)
            buffer.writeKafkaBytes(self.saltedPassword, compact: flexible)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
