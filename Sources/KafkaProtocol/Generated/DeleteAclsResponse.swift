// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/DeleteAcls.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's DeleteAcls response body (API key 31),
/// versions 0–2, flexible from version 2.
public struct DeleteAclsResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .deleteAcls
    public static let versions: ClosedRange<Int16> = 0...2
    public static let firstFlexibleVersion: Int16? = 2

    /// `ThrottleTimeMs`: int32, versions 0+.
    public var throttleTimeMs: Int32
    /// `FilterResults`: []DeleteAclsFilterResult, versions 0+.
    public var filterResults: [DeleteAclsFilterResult]

    public init(
        throttleTimeMs: Int32 = 0,
        filterResults: [DeleteAclsFilterResult] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.filterResults = filterResults
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 2
        self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        self.filterResults = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> DeleteAclsFilterResult in try DeleteAclsFilterResult(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeKafkaInteger(self.throttleTimeMs)
        buffer.writeKafkaArray(self.filterResults, compact: flexible) { (element: DeleteAclsFilterResult, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `DeleteAclsFilterResult` structure of `DeleteAclsResponse`.
    public struct DeleteAclsFilterResult: Hashable, Sendable {
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode
        /// `ErrorMessage`: string, versions 0+, nullable 0+.
        public var errorMessage: String?
        /// `MatchingAcls`: []DeleteAclsMatchingAcl, versions 0+.
        public var matchingAcls: [DeleteAclsMatchingAcl]

        public init(
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            errorMessage: String? = "",
            matchingAcls: [DeleteAclsMatchingAcl] = []
        ) {
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.matchingAcls = matchingAcls
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 2
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            self.errorMessage = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
            self.matchingAcls = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> DeleteAclsMatchingAcl in try DeleteAclsMatchingAcl(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            buffer.writeKafkaNullableString(self.errorMessage, compact: flexible)
            buffer.writeKafkaArray(self.matchingAcls, compact: flexible) { (element: DeleteAclsMatchingAcl, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `DeleteAclsMatchingAcl` structure of `DeleteAclsResponse`.
    public struct DeleteAclsMatchingAcl: Hashable, Sendable {
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode
        /// `ErrorMessage`: string, versions 0+, nullable 0+.
        public var errorMessage: String?
        /// `ResourceType`: int8, versions 0+.
        public var resourceType: Int8
        /// `ResourceName`: string, versions 0+.
        public var resourceName: String
        /// `PatternType`: int8, versions 1+.
        public var patternType: Int8
        /// `Principal`: string, versions 0+.
        public var principal: String
        /// `Host`: string, versions 0+.
        public var host: String
        /// `Operation`: int8, versions 0+.
        public var operation: Int8
        /// `PermissionType`: int8, versions 0+.
        public var permissionType: Int8

        public init(
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            errorMessage: String? = "",
            resourceType: Int8 = 0,
            resourceName: String = "",
            patternType: Int8 = 3,
            principal: String = "",
            host: String = "",
            operation: Int8 = 0,
            permissionType: Int8 = 0
        ) {
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.resourceType = resourceType
            self.resourceName = resourceName
            self.patternType = patternType
            self.principal = principal
            self.host = host
            self.operation = operation
            self.permissionType = permissionType
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 2
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            self.errorMessage = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
            self.resourceType = try buffer.readKafkaInteger(as: Int8.self)
            self.resourceName = try buffer.readKafkaString(compact: flexible)
            if version >= 1 {
                self.patternType = try buffer.readKafkaInteger(as: Int8.self)
            }
            self.principal = try buffer.readKafkaString(compact: flexible)
            self.host = try buffer.readKafkaString(compact: flexible)
            self.operation = try buffer.readKafkaInteger(as: Int8.self)
            self.permissionType = try buffer.readKafkaInteger(as: Int8.self)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            buffer.writeKafkaNullableString(self.errorMessage, compact: flexible)
            buffer.writeKafkaInteger(self.resourceType)
            buffer.writeKafkaString(self.resourceName, compact: flexible)
            if version >= 1 {
                buffer.writeKafkaInteger(self.patternType)
            }
            buffer.writeKafkaString(self.principal, compact: flexible)
            buffer.writeKafkaString(self.host, compact: flexible)
            buffer.writeKafkaInteger(self.operation)
            buffer.writeKafkaInteger(self.permissionType)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
