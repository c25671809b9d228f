import KafkaModel

/// `/kafka-acl/<ResourceType>/<name>` (literal patterns) and `/kafka-acl-extended/prefixed/<ResourceType>/<name>`
/// (prefixed) — persistent; every ACL entry of one resource pattern (Kafka's `ZkAclStore`, `AclEntry`):
/// `{"version":1,"acls":[{"principal":"User:alice","permissionType":"Allow","operation":"Read","host":"*"}]}`.
public struct AclZNode: Hashable, Sendable {
    public static let literalRoot = "/kafka-acl"
    public static let prefixedRoot = "/kafka-acl-extended/prefixed"

    public var entries: Set<AccessControlEntry>

    public init(entries: Set<AccessControlEntry>) { self.entries = entries }

    /// The folder holding one resource type's ACL znodes of a pattern type (nil for filter-only pattern types).
    public static func folder(_ type: AclResourceType, _ patternType: AclPatternType) -> String? {
        switch patternType {
        case .literal: "\(literalRoot)/\(type.zkName)"
        case .prefixed: "\(prefixedRoot)/\(type.zkName)"
        default: nil
        }
    }

    /// The znode of a storable pattern (nil for a pattern type that is not stored).
    public static func path(_ pattern: ResourcePattern) -> String? {
        folder(pattern.resourceType, pattern.patternType).map { "\($0)/\(pattern.name)" }
    }

    public func encoded() -> [UInt8] {
        let acls: [[String: Any]] = entries.sorted { "\($0)" < "\($1)" }.map {
            ["principal": $0.principal, "permissionType": $0.permission.zkName, "operation": $0.operation.zkName,
             "host": $0.host]
        }
        return ZNodeJSON.encode(["version": 1, "acls": acls])
    }

    /// - Throws: `ZNodeDecodingError` naming the znode, for JSON that is not Kafka's or an entry whose principal,
    ///   operation or permission is not one Kafka writes.
    public static func decode(_ bytes: [UInt8], path: String) throws(ZNodeDecodingError) -> AclZNode {
        let json = try ZNodeJSON(bytes, path: path)
        _ = try json.version(in: 1...1)
        let entries = try json.objects("acls") { (item: ZNodeJSON) throws(ZNodeDecodingError) -> AccessControlEntry in
            let operationName = try item.string("operation"), permissionName = try item.string("permissionType")
            guard let operation = AclOperation(name: operationName), ![.any, .unknown].contains(operation) else {
                throw item.fail("unknown operation \"\(operationName)\"")
            }
            guard let permission = AclPermissionType(name: permissionName), permission == .allow || permission == .deny
            else { throw item.fail("unknown permissionType \"\(permissionName)\"") }
            let entry = AccessControlEntry(principal: try item.string("principal"), host: try item.string("host"),
                                           operation: operation, permission: permission)
            if let invalidity = entry.invalidity { throw item.fail(invalidity) }
            return entry
        }
        return AclZNode(entries: Set(entries))
    }
}

/// The change notifications every broker watches to refresh its ACL cache — persistent-sequential, one per
/// changed pattern: `/kafka-acl-changes/acl_changes_<seq>` holding `Topic:orders` for a literal pattern, and
/// `/kafka-acl-extended-changes/acl_changes_<seq>` holding
/// `{"version":1,"resourceType":"Topic","name":"orders-","patternType":"PREFIXED"}` for the others.
public struct AclChangeNotificationZNode: Hashable, Sendable {
    public static let literalChangesPath = "/kafka-acl-changes"
    public static let extendedChangesPath = "/kafka-acl-extended-changes"
    public static let prefix = "acl_changes_"

    public var pattern: ResourcePattern

    public init(_ pattern: ResourcePattern) { self.pattern = pattern }

    /// Where to create the notification (a sequential prefix) for this pattern's type.
    public var sequentialPrefix: String {
        "\(pattern.patternType == .literal ? Self.literalChangesPath : Self.extendedChangesPath)/\(Self.prefix)"
    }

    public func encoded() -> [UInt8] {
        if pattern.patternType == .literal { return Array("\(pattern.resourceType.zkName):\(pattern.name)".utf8) }
        return ZNodeJSON.encode(["version": 1, "resourceType": pattern.resourceType.zkName, "name": pattern.name,
                                 "patternType": pattern.patternType.name])
    }

    /// - Parameter extended: the notification came from `/kafka-acl-extended-changes`.
    /// - Throws: `ZNodeDecodingError` naming the notification.
    public static func decode(_ bytes: [UInt8], extended: Bool, path: String) throws(ZNodeDecodingError)
        -> AclChangeNotificationZNode
    {
        if !extended {
            guard let text = String(validating: bytes, as: UTF8.self), let colon = text.firstIndex(of: ":") else {
                throw ZNodeDecodingError(path: path, reason: "not <ResourceType>:<name>")
            }
            let typeName = String(text[..<colon]), name = String(text[text.index(after: colon)...])
            guard let type = AclResourceType(name: typeName), AclResourceType.concrete.contains(type), !name.isEmpty
            else { throw ZNodeDecodingError(path: path, reason: "unknown resource \"\(typeName)\"") }
            return AclChangeNotificationZNode(ResourcePattern(type, name))
        }
        let json = try ZNodeJSON(bytes, path: path)
        _ = try json.version(in: 1...1)
        let typeName = try json.string("resourceType"), patternName = try json.string("patternType")
        guard let type = AclResourceType(name: typeName), AclResourceType.concrete.contains(type) else {
            throw json.fail("unknown resourceType \"\(typeName)\"")
        }
        guard let patternType = AclPatternType(name: patternName), patternType == .literal || patternType == .prefixed
        else { throw json.fail("unknown patternType \"\(patternName)\"") }
        return AclChangeNotificationZNode(ResourcePattern(type, try json.string("name"), patternType))
    }
}
