/// Kafka's ACL authorizer settings. Authorization is on only when `authorizer.class.name` names Kafka's
/// ZooKeeper-backed authorizer; without it every request is allowed, as in Kafka.
public struct AuthorizerConfig: Sendable, Equatable {
    /// The class names that turn ACLs on: 2.4+'s and the deprecated one 2.8 still accepts.
    public static let aclAuthorizerClassNames: Set<String> = [
        "kafka.security.authorizer.AclAuthorizer", "kafka.security.auth.SimpleAclAuthorizer",
    ]

    /// `authorizer.class.name`, default empty (no authorization).
    public var enabled = false
    /// `super.users`, default none: `User:admin;User:CN=broker1`, principals no ACL applies to.
    public var superUsers: Set<String> = []
    /// `allow.everyone.if.no.acl.found`, default false: a resource without any ACL is open to everyone.
    public var allowEveryoneIfNoAclFound = false

    public init() {}
}

extension BrokerConfig {
    static let authorizerKeys: [Key] = [
        .string("authorizer.class.name") { config, value throws(ValueError) in
            guard value.isEmpty || AuthorizerConfig.aclAuthorizerClassNames.contains(value) else {
                throw ValueError(message: "only kafka.security.authorizer.AclAuthorizer (or the older "
                    + "kafka.security.auth.SimpleAclAuthorizer) is supported, found '\(value)'")
            }
            config.authorizer.enabled = !value.isEmpty
        },
        .string("super.users") { config, value throws(ValueError) in
            var users: Set<String> = []
            for entry in value.split(separator: ";") {
                let principal = entry.trimmingWhitespace()
                guard !principal.isEmpty else { continue }
                guard let colon = principal.firstIndex(of: ":"), colon != principal.startIndex,
                      principal.index(after: colon) != principal.endIndex
                else { throw ValueError(message: "expected Type:name[;Type:name...], found '\(principal)'") }
                users.insert(principal)
            }
            config.authorizer.superUsers = users
        },
        .bool("allow.everyone.if.no.acl.found", \.authorizer.allowEveryoneIfNoAclFound),
    ]
}
