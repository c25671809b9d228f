// Kafka's authorizer model (`org.apache.kafka.common.acl` and `.resource`): what an ACL names and how a request
// is matched against the ACLs. Codes are the wire codes of CreateAcls/DescribeAcls/DeleteAcls.

/// A kind of resource ACLs protect. `any` and `unknown` only appear in filters and answers.
public enum AclResourceType: Int8, Sendable, CaseIterable {
    case unknown = 0, any = 1, topic = 2, group = 3, cluster = 4, transactionalID = 5, delegationToken = 6

    /// The name in znode paths and change events (`/kafka-acl/Topic/...`).
    public var zkName: String {
        switch self {
        case .unknown: "Unknown"
        case .any: "Any"
        case .topic: "Topic"
        case .group: "Group"
        case .cluster: "Cluster"
        case .transactionalID: "TransactionalId"
        case .delegationToken: "DelegationToken"
        }
    }

    /// Kafka's upper-case name (`TRANSACTIONAL_ID`), as the admin tools print it.
    public var name: String { upperSnakeCase(zkName) }

    /// The types an ACL can be stored for.
    public static let concrete: [AclResourceType] = [.topic, .group, .cluster, .transactionalID, .delegationToken]

    /// Reads a znode or event name, ignoring case (as Kafka's `ResourceType.fromString`); also takes `TOPIC` and
    /// `TRANSACTIONAL_ID`. Nil for anything else.
    public init?(name: String) {
        let folded = String(name.lowercased().filter { $0 != "_" })
        guard let match = Self.allCases.first(where: { $0.zkName.lowercased() == folded }) else { return nil }
        self = match
    }
}

/// How an ACL's resource name applies: exactly (`literal`, `*` meaning every resource) or to every name it starts
/// (`prefixed`). `any` and `match` only appear in filters.
public enum AclPatternType: Int8, Sendable, CaseIterable {
    case unknown = 0, any = 1, match = 2, literal = 3, prefixed = 4

    public var name: String {
        switch self {
        case .unknown: "UNKNOWN"
        case .any: "ANY"
        case .match: "MATCH"
        case .literal: "LITERAL"
        case .prefixed: "PREFIXED"
        }
    }

    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.name == name.uppercased() }) else { return nil }
        self = match
    }
}

/// What an ACL allows or denies.
public enum AclOperation: Int8, Sendable, CaseIterable {
    case unknown = 0, any = 1, all = 2, read = 3, write = 4, create = 5, delete = 6, alter = 7, describe = 8,
         clusterAction = 9, describeConfigs = 10, alterConfigs = 11, idempotentWrite = 12

    /// The name in ACL znodes (`"operation":"Read"`).
    public var zkName: String {
        switch self {
        case .unknown: "Unknown"
        case .any: "Any"
        case .all: "All"
        case .read: "Read"
        case .write: "Write"
        case .create: "Create"
        case .delete: "Delete"
        case .alter: "Alter"
        case .describe: "Describe"
        case .clusterAction: "ClusterAction"
        case .describeConfigs: "DescribeConfigs"
        case .alterConfigs: "AlterConfigs"
        case .idempotentWrite: "IdempotentWrite"
        }
    }

    /// Kafka's upper-case name (`DESCRIBE_CONFIGS`), as the admin tools print it.
    public var name: String { upperSnakeCase(zkName) }

    /// Reads `Read`, `READ`, `DescribeConfigs` or `DESCRIBE_CONFIGS`, ignoring case; nil for anything else.
    public init?(name: String) {
        let folded = String(name.lowercased().filter { $0 != "_" })
        guard let match = Self.allCases.first(where: { $0.zkName.lowercased() == folded }) else { return nil }
        self = match
    }

    /// The operations whose ALLOW also allows this one: READ, WRITE, DELETE and ALTER imply DESCRIBE;
    /// ALTER_CONFIGS implies DESCRIBE_CONFIGS (Kafka's `AclAuthorizer`).
    public var allowedBy: [AclOperation] {
        switch self {
        case .describe: [.describe, .read, .write, .delete, .alter]
        case .describeConfigs: [.describeConfigs, .alterConfigs]
        default: [self]
        }
    }
}

/// ALLOW or DENY; `any` only appears in filters.
public enum AclPermissionType: Int8, Sendable, CaseIterable {
    case unknown = 0, any = 1, deny = 2, allow = 3

    /// The name in ACL znodes (`"permissionType":"Allow"`).
    public var zkName: String {
        switch self {
        case .unknown: "Unknown"
        case .any: "Any"
        case .deny: "Deny"
        case .allow: "Allow"
        }
    }

    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.zkName.lowercased() == name.lowercased() }) else { return nil }
        self = match
    }
}

/// The resource (or resources, when prefixed or `*`) an ACL is attached to.
public struct ResourcePattern: Hashable, Sendable, CustomStringConvertible {
    public var resourceType: AclResourceType
    public var name: String
    public var patternType: AclPatternType

    /// The name of the one cluster resource.
    public static let clusterName = "kafka-cluster"
    /// A literal ACL with this name applies to every resource of its type.
    public static let wildcard = "*"

    public init(_ resourceType: AclResourceType, _ name: String, _ patternType: AclPatternType = .literal) {
        self.resourceType = resourceType
        self.name = name
        self.patternType = patternType
    }

    /// Why this pattern cannot be stored, or nil when it can.
    public var invalidity: String? {
        guard AclResourceType.concrete.contains(resourceType) else { return "resource type \(resourceType) cannot hold ACLs" }
        guard patternType == .literal || patternType == .prefixed else {
            return "pattern type \(patternType.name) cannot hold ACLs"
        }
        guard !name.isEmpty else { return "resource name must not be empty" }
        // The name is a znode's name.
        guard !name.contains("/"), name != ".", name != ".." else { return "resource name \(name) cannot be stored" }
        if resourceType == .cluster, name != Self.clusterName { return "the cluster resource is named kafka-cluster" }
        if patternType == .prefixed, name == Self.wildcard { return "a prefixed pattern cannot be the wildcard *" }
        return nil
    }

    public var description: String {
        "ResourcePattern(resourceType=\(resourceType.name), name=\(name), patternType=\(patternType.name))"
    }
}

/// One ACL entry: who, from where, what, allowed or denied.
public struct AccessControlEntry: Hashable, Sendable, CustomStringConvertible {
    /// `User:alice`; `User:*` matches every principal.
    public var principal: String
    /// An IP address, or `*` for every host.
    public var host: String
    public var operation: AclOperation
    public var permission: AclPermissionType

    public static let wildcardPrincipal = "User:*"
    public static let wildcardHost = "*"

    public init(principal: String, host: String = "*", operation: AclOperation, permission: AclPermissionType) {
        self.principal = principal
        self.host = host
        self.operation = operation
        self.permission = permission
    }

    /// Why this entry cannot be stored, or nil when it can.
    public var invalidity: String? {
        guard let colon = principal.firstIndex(of: ":"), colon != principal.startIndex,
              principal.index(after: colon) != principal.endIndex
        else { return "principal \(principal) is not of the form Type:name" }
        guard !host.isEmpty else { return "host must not be empty" }
        guard ![.unknown, .any].contains(operation) else { return "operation \(operation.name) cannot be stored" }
        guard permission == .allow || permission == .deny else { return "permission must be ALLOW or DENY" }
        return nil
    }

    public var description: String {
        "(principal=\(principal), host=\(host), operation=\(operation.name), permissionType=\(permission.zkName.uppercased()))"
    }
}

/// An entry attached to a pattern: one ACL.
public struct AclBinding: Hashable, Sendable {
    public var pattern: ResourcePattern
    public var entry: AccessControlEntry

    public init(_ pattern: ResourcePattern, _ entry: AccessControlEntry) {
        self.pattern = pattern
        self.entry = entry
    }
}

/// Which ACLs DescribeAcls and DeleteAcls name: nil strings and `any` values match everything; pattern type
/// `match` matches every pattern that would apply to the named resource (literal name, `*`, prefixes of it).
public struct AclBindingFilter: Hashable, Sendable {
    public var resourceType: AclResourceType
    public var name: String?
    public var patternType: AclPatternType
    public var principal: String?
    public var host: String?
    public var operation: AclOperation
    public var permission: AclPermissionType

    public init(resourceType: AclResourceType = .any, name: String? = nil, patternType: AclPatternType = .any,
                principal: String? = nil, host: String? = nil, operation: AclOperation = .any,
                permission: AclPermissionType = .any)
    {
        self.resourceType = resourceType
        self.name = name
        self.patternType = patternType
        self.principal = principal
        self.host = host
        self.operation = operation
        self.permission = permission
    }

    /// Why the filter cannot be used, or nil (UNKNOWN values are refused as Kafka does).
    public var invalidity: String? {
        if resourceType == .unknown { return "resource type UNKNOWN" }
        if patternType == .unknown { return "pattern type UNKNOWN" }
        if operation == .unknown { return "operation UNKNOWN" }
        if permission == .unknown { return "permission type UNKNOWN" }
        return nil
    }

    public func matches(_ binding: AclBinding) -> Bool {
        matches(binding.pattern) && matches(binding.entry)
    }

    public func matches(_ pattern: ResourcePattern) -> Bool {
        guard resourceType == .any || resourceType == pattern.resourceType else { return false }
        switch patternType {
        case .any:
            return name == nil || name == pattern.name
        case .match:
            guard let name else { return true }
            switch pattern.patternType {
            case .literal: return pattern.name == name || pattern.name == ResourcePattern.wildcard
            case .prefixed: return name.hasPrefix(pattern.name)
            default: return false
            }
        default:
            return patternType == pattern.patternType && (name == nil || name == pattern.name)
        }
    }

    public func matches(_ entry: AccessControlEntry) -> Bool {
        (principal == nil || principal == entry.principal) && (host == nil || host == entry.host)
            && (operation == .any || operation == entry.operation)
            && (permission == .any || permission == entry.permission)
    }
}

/// Every ACL of the cluster, with Kafka's `AclAuthorizer` decision on top. A value: the broker keeps one behind
/// a lock and replaces the entries of a resource pattern when its znode changes.
public struct AclCache: Sendable, Equatable {
    public private(set) var acls: [ResourcePattern: Set<AccessControlEntry>] = [:]

    public init() {}

    /// Sets the entries of one pattern (an empty set removes it).
    public mutating func set(_ pattern: ResourcePattern, _ entries: Set<AccessControlEntry>) {
        acls[pattern] = entries.isEmpty ? nil : entries
    }

    public var bindings: [AclBinding] {
        acls.flatMap { pattern, entries in entries.map { AclBinding(pattern, $0) } }
    }

    /// The entries that apply to one resource: literal on its name, literal `*`, prefixed on a prefix of it.
    public func entries(for type: AclResourceType, name: String) -> [AccessControlEntry] {
        var result: [AccessControlEntry] = []
        if let literal = acls[ResourcePattern(type, name)] { result.append(contentsOf: literal) }
        if name != ResourcePattern.wildcard, let wildcard = acls[ResourcePattern(type, ResourcePattern.wildcard)] {
            result.append(contentsOf: wildcard)
        }
        for (pattern, entries) in acls
        where pattern.patternType == .prefixed && pattern.resourceType == type && name.hasPrefix(pattern.name) {
            result.append(contentsOf: entries)
        }
        return result
    }

    /// Kafka's decision: no ACL on the resource → `allowIfNoAcl`; a matching DENY → denied; a matching ALLOW (or
    /// one of an operation implying it) → allowed; otherwise denied. Super users are decided by the caller.
    public func authorize(principal: String, host: String, operation: AclOperation, type: AclResourceType,
                          name: String, allowIfNoAcl: Bool) -> Bool
    {
        let entries = entries(for: type, name: name)
        if entries.isEmpty { return allowIfNoAcl }
        func applies(_ entry: AccessControlEntry) -> Bool {
            (entry.principal == principal || entry.principal == AccessControlEntry.wildcardPrincipal)
                && (entry.host == host || entry.host == AccessControlEntry.wildcardHost)
        }
        if entries.contains(where: {
            $0.permission == .deny && applies($0) && ($0.operation == operation || $0.operation == .all)
        }) {
            return false
        }
        let allowing = operation.allowedBy
        return entries.contains {
            $0.permission == .allow && applies($0) && ($0.operation == .all || allowing.contains($0.operation))
        }
    }
}

/// `DescribeConfigs` → `DESCRIBE_CONFIGS`.
private func upperSnakeCase(_ camel: String) -> String {
    var out = ""
    for character in camel {
        if character.isUppercase, !out.isEmpty { out.append("_") }
        out.append(character.uppercased())
    }
    return out
}
