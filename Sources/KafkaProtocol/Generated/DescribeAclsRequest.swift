// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/DescribeAcls.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's DescribeAcls request body (API key 29),
/// versions 0–2, flexible from version 2.
public struct DescribeAclsRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .describeAcls
    public static let versions: ClosedRange<Int16> = 0...2
    public static let firstFlexibleVersion: Int16? = 2
    public typealias Response = DescribeAclsResponse

    /// `ResourceTypeFilter`: int8, versions 0+.
    public var resourceTypeFilter: Int8
    /// `ResourceNameFilter`: string, versions 0+, nullable 0+.
    public var resourceNameFilter: String?
    /// `PatternTypeFilter`: int8, versions 1+.
    public var patternTypeFilter: Int8
    /// `PrincipalFilter`: string, versions 0+, nullable 0+.
    public var principalFilter: String?
    /// `HostFilter`: string, versions 0+, nullable 0+.
    public var hostFilter: String?
    /// `Operation`: int8, versions 0+.
    public var operation: Int8
    /// `PermissionType`: int8, versions 0+.
    public var permissionType: Int8

    public init(
        resourceTypeFilter: Int8 = 0,
        resourceNameFilter: String? = "",
        patternTypeFilter: Int8 = 3,
        principalFilter: String? = "",
        hostFilter: String? = "",
        operation: Int8 = 0,
        permissionType: Int8 = 0
    ) {
        self.resourceTypeFilter = resourceTypeFilter
        self.resourceNameFilter = resourceNameFilter
        self.patternTypeFilter = patternTypeFilter
        self.principalFilter = principalFilter
        self.hostFilter = hostFilter
        self.operation = operation
        self.permissionType = permissionType
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 2
        self.resourceTypeFilter = try buffer.readKafkaInteger(as: Int8.self)
        self.resourceNameFilter = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
        if version >= 1 {
            self.patternTypeFilter = try buffer.readKafkaInteger(as: Int8.self)
        }
        self.principalFilter = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
        self.hostFilter = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
        self.operation = try buffer.readKafkaInteger(as: Int8.self)
        self.permissionType = try buffer.readKafkaInteger(as: Int8.self)
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeKafkaInteger(self.resourceTypeFilter)
        buffer.writeKafkaNullableString(self.resourceNameFilter, compact: flexible)
        if version >= 1 {
            buffer.writeKafkaInteger(self.patternTypeFilter)
        }
        buffer.writeKafkaNullableString(self.principalFilter, compact: flexible)
        buffer.writeKafkaNullableString(self.hostFilter, compact: flexible)
        buffer.writeKafkaInteger(self.operation)
        buffer.writeKafkaInteger(self.permissionType)
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }
}
