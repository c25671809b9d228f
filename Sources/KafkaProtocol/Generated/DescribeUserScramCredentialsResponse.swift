// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/DescribeUserScramCredentials.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's DescribeUserScramCredentials response body (API key 50),
/// versions 0–0, flexible from version 0.
public struct DescribeUserScramCredentialsResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .describeUserScramCredentials
    public static let versions: ClosedRange<Int16> = 0...0
    public static let firstFlexibleVersion: Int16? = 0

    /// `ThrottleTimeMs`: int32, versions 0+.
    public var throttleTimeMs: Int32
    /// `ErrorCode`: int16, versions 0+.
    public var errorCode: KafkaErrorCode
    /// `ErrorMessage`: string, versions 0+, nullable 0+.
    public var errorMessage: String?
    /// `Results`: []DescribeUserScramCredentialsResult, versions 0+.
    public var results: [DescribeUserScramCredentialsResult]

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        errorMessage: String? = "",
        results: [DescribeUserScramCredentialsResult] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.results = results
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 0
        self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
        self.errorMessage = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
        self.results = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> DescribeUserScramCredentialsResult in try DescribeUserScramCredentialsResult(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 0
        buffer.writeKafkaInteger(self.throttleTimeMs)
        buffer.writeKafkaInteger(self.errorCode.rawValue)
        buffer.writeKafkaNullableString(self.errorMessage, compact: flexible)
        buffer.writeKafkaArray(self.results, compact: flexible) { (element: DescribeUserScramCredentialsResult, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `DescribeUserScramCredentialsResult` structure of `DescribeUserScramCredentialsResponse`.
    public struct DescribeUserScramCredentialsResult: Hashable, Sendable {
        /// `User`: string, versions 0+.
        public var user: String
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode
        /// `ErrorMessage`: string, versions 0+, nullable 0+.
        public var errorMessage: String?
        /// `CredentialInfos`: []CredentialInfo, versions 0+.
        public var credentialInfos: [CredentialInfo]

        public init(
            user: String = "",
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            errorMessage: String? = "",
            credentialInfos: [CredentialInfo] = []
        ) {
            self.user = user
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.credentialInfos = credentialInfos
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 0
            self.user = try buffer.readKafkaString(compact: flexible)
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            self.errorMessage = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
            self.credentialInfos = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> CredentialInfo in try CredentialInfo(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 0
            buffer.writeKafkaString(self.user, compact: flexible)
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            buffer.writeKafkaNullableString(self.errorMessage, compact: flexible)
            buffer.writeKafkaArray(self.credentialInfos, compact: flexible) { (element: CredentialInfo, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `CredentialInfo` structure of `DescribeUserScramCredentialsResponse`.
    public struct CredentialInfo: Hashable, Sendable {
        /// `Mechanism`: int8, versions 0+.
        public var mechanism: Int8
        /// `Iterations`: int32, versions 0+.
        public var iterations: Int32

        public init(
            mechanism: Int8 = 0,
            iterations: Int32 = 0
        ) {
            self.mechanism = mechanism
            self.iterations = iterations
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 0
            self.mechanism = try buffer.readKafkaInteger(as: Int8.self)
            self.iterations = try buffer.readKafkaInteger(as: Int32.self)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 0
            buffer.writeKafkaInteger(self.mechanism)
            buffer.writeKafkaInteger(self.iterations)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
