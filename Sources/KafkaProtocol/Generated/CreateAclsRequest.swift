// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/CreateAcls.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's CreateAcls request body (API key 30),
/// versions 0–2, flexible from version 2.
public struct CreateAclsRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .createAcls
    public static let versions: ClosedRange<Int16> = 0...2
    public static let firstFlexibleVersion: Int16? = 2
    public typealias Response = CreateAclsResponse

    /// `Creations`: []AclCreation, versions 0+.
    public var creations: [AclCreation]

    public init(
        creations: [AclCreation] = []
    ) {
        self.creations = creations
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 2
        self.creations = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> AclCreation in try AclCreation(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeKafkaArray(self.creations, compact: flexible) { (element: AclCreation, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `AclCreation` structure of `CreateAclsRequest`.
    public struct AclCreation: Hashable, Sendable {
        /// `ResourceType`: int8, versions 0+.
        public var resourceType: Int8
        /// `ResourceName`: string, versions 0+.
        public var resourceName: String
        /// `ResourcePatternType`: int8, versions 1+.
        public var resourcePatternType: Int8
        /// `Principal`: string, versions 0+.
        public var principal: String
        /// `Host`: string, versions 0+.
        public var host: String
        /// `Operation`: int8, versions 0+.
        public var operation: Int8
        /// `PermissionType`: int8, versions 0+.
        public var permissionType: Int8

        public init(
            resourceType: Int8 = 0,
            resourceName: String = "",
            resourcePatternType: Int8 = 3,
            principal: String = "",
            host: String = "",
            operation: Int8 = 0,
            permissionType: Int8 = 0
        ) {
            self.resourceType = resourceType
            self.resourceName = resourceName
            self.resourcePatternType = resourcePatternType
            self.principal = principal
            self.host = host
            self.operation = operation
            self.permissionType = permissionType
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 2
            self.resourceType = try buffer.readKafkaInteger(as: Int8.self)
            self.resourceName = try buffer.readKafkaString(compact: flexible)
            if version >= 1 {
                self.resourcePatternType = try buffer.readKafkaInteger(as: Int8.self)
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
            buffer.writeKafkaInteger(self.resourceType)
            buffer.writeKafkaString(self.resourceName, compact: flexible)
            if version >= 1 {
                buffer.writeKafkaInteger(self.resourcePatternType)
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
