// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/DescribeAcls.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's DescribeAcls response body (API key 29),
/// versions 0–2, flexible from version 2.
public struct DescribeAclsResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .describeAcls
    public static let versions: ClosedRange<Int16> = 0...2
    public static let firstFlexibleVersion: Int16? = 2

    /// `ThrottleTimeMs`: int32, versions 0+.
    public var throttleTimeMs: Int32
    /// `ErrorCode`: int16, versions 0+.
    public var errorCode: KafkaErrorCode
    /// `ErrorMessage`: string, versions 0+, nullable 0+.
    public var errorMessage: String?
    /// `Resources`: []DescribeAclsResource, versions 0+.
    public var resources: [DescribeAclsResource]

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        errorMessage: String? = "",
        resources: [DescribeAclsResource] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.resources = resources
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 2
        self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
        self.errorMessage = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
        self.resources = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> DescribeAclsResource in try DescribeAclsResource(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeKafkaInteger(self.throttleTimeMs)
        buffer.writeKafkaInteger(self.errorCode.rawValue)
        buffer.writeKafkaNullableString(self.errorMessage, compact: flexible)
        buffer.writeKafkaArray(self.resources, compact: flexible) { (element: DescribeAclsResource, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `DescribeAclsResource` structure of `DescribeAclsResponse`.
    public struct DescribeAclsResource: Hashable, Sendable {
        /// `ResourceType`: int8, versions 0+.
        public var resourceType: Int8
        /// `ResourceName`: string, versions 0+.
        public var resourceName: String
        /// `PatternType`: int8, versions 1+.
        public var patternType: Int8
        /// `Acls`: []AclDescription, versions 0+.
        public var acls: [AclDescription]

        public init(
            resourceType: Int8 = 0,
            resourceName: String = "",
            patternType: Int8 = 3,
            acls: [AclDescription] = []
        ) {
            self.resourceType = resourceType
            self.resourceName = resourceName
            self.patternType = patternType
            self.acls = acls
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 2
            self.resourceType = try buffer.readKafkaInteger(as: Int8.self)
            self.resourceName = try buffer.readKafkaString(compact: flexible)
            if version >= 1 {
                self.patternType = try buffer.readKafkaInteger(as: Int8.self)
            }
            self.acls = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> AclDescription in try AclDescription(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaInteger(self.resourceType)
            buffer.writeKafkaString(self.resourceName, compact: flexible)
            if version >= 1 {
                buffer.writeKafkaInteger(self.patternType)
            }
            buffer.writeKafkaArray(self.acls, compact: flexible) { (element: AclDescription, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `AclDescription` structure of `DescribeAclsResponse`.
    public struct AclDescription: Hashable, Sendable {
        /// `Principal`: string, versions 0+.
        public var principal: String
        /// `Host`: string, versions 0+.
        public var host: String
        /// `Operation`: int8, versions 0+.
        public var operation: Int8
        /// `PermissionType`: int8, versions 0+.
        public var permissionType: Int8

        public init(
            principal: String = "",
            host: String = "",
            operation: Int8 = 0,
            permissionType: Int8 = 0
        ) {
            self.principal = principal
            self.host = host
            self.operation = operation
            self.permissionType = permissionType
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 2
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
