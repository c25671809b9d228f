import KafkaModel
import KafkaProtocol
import Logging
import NIOConcurrencyHelpers

/// Kafka's `AclAuthorizer`: decides every request's operations on resources from the cluster's ACLs, kept in
/// memory and refreshed from ZooKeeper (`ZooKeeperAclStore`). Disabled (everything allowed) unless
/// `authorizer.class.name` names it. Super users skip the ACLs; denials are logged at INFO on
/// `tributary.request.authorizer`, in Kafka's words.
final class AclAuthorizer: Sendable {
    let config: AuthorizerConfig
    fileprivate let cache = NIOLockedValueBox(AclCache())
    private let logger: Logger

    init(config: AuthorizerConfig, logger: Logger = Logger(label: "tributary.request.authorizer")) {
        self.config = config
        self.logger = logger
    }

    /// An authorizer that allows everything (no `authorizer.class.name`).
    static let disabled = AclAuthorizer(config: AuthorizerConfig())

    var isEnabled: Bool { config.enabled }

    /// Whether `session` may do `operation` on the resource; logs a denial. `api` names the request in the log.
    func authorize(_ session: RequestSession, _ operation: AclOperation, _ type: AclResourceType, _ name: String,
                   api: ApiKey? = nil, logDenial: Bool = true) -> Bool
    {
        guard config.enabled else { return true }
        let principal = session.principal.description
        if config.superUsers.contains(principal) { return true }
        let allowed = cache.withLockedValue {
            $0.authorize(principal: principal, host: session.host, operation: operation, type: type, name: name,
                         allowIfNoAcl: config.allowEveryoneIfNoAclFound)
        }
        if !allowed, logDenial {
            let request = api.map { " for request = \($0.name)" } ?? ""
            logger.info("""
                Principal = \(principal) is Denied Operation = \(operation.zkName) from host = \(session.host) \
                on resource = \(type.zkName):LITERAL:\(name)\(request)
                """)
        }
        return allowed
    }

    /// CLUSTER authorization, the common case.
    func authorizeCluster(_ session: RequestSession, _ operation: AclOperation, api: ApiKey? = nil) -> Bool {
        authorize(session, operation, .cluster, ResourcePattern.clusterName, api: api)
    }

    // MARK: The cache

    /// Replaces every ACL (at start-up and after a lost watch).
    func replaceAll(_ acls: AclCache) {
        cache.withLockedValue { $0 = acls }
    }

    /// Replaces one pattern's entries (after a change notification).
    func update(_ pattern: ResourcePattern, _ entries: Set<AccessControlEntry>) {
        cache.withLockedValue { $0.set(pattern, entries) }
    }

    /// The ACLs `filter` matches, as DescribeAcls answers them.
    func bindings(matching filter: AclBindingFilter) -> [AclBinding] {
        cache.withLockedValue { $0.bindings }.filter { filter.matches($0) }
    }
}

extension AclAuthorizer {
    /// One pattern's entries in the cache.
    func entries(of pattern: ResourcePattern) -> Set<AccessControlEntry> {
        cache.withLockedValue { $0.acls[pattern] ?? [] }
    }
}

extension RequestContext {
    /// Whether the request's sender may do `operation` on the resource (always, without an authorizer).
    /// - Parameter logDenial: false where a denial only filters a listing (Kafka logs those at debug).
    func authorize(_ operation: AclOperation, _ type: AclResourceType, _ name: String, logDenial: Bool = true)
        -> Bool
    {
        authorizer.authorize(session, operation, type, name, api: header.apiKey, logDenial: logDenial)
    }

    func authorizeCluster(_ operation: AclOperation) -> Bool {
        authorizer.authorizeCluster(session, operation, api: header.apiKey)
    }

    /// The topics of `names` the sender may do `operation` on (each denial logged).
    func authorizedTopics<Names: Sequence<String>>(_ operation: AclOperation, _ names: Names) -> Set<String> {
        guard authorizer.isEnabled else { return Set(names) }
        return Set(names.filter { authorize(operation, .topic, $0) })
    }
}

extension RequestContext {
    /// DescribeConfigs/AlterConfigs/IncrementalAlterConfigs (Kafka 2.8): `operation` on the topic, or on the cluster
    /// for broker and broker-logger resources. The error for a refused resource, nil when allowed.
    func configRefusal(resourceType: Int8, name: String, _ operation: AclOperation) -> KafkaErrorCode? {
        if ConfigResourceType(rawValue: resourceType) == .topic {
            return authorize(operation, .topic, name) ? nil : .topicAuthorizationFailed
        }
        return authorizeCluster(operation) ? nil : .clusterAuthorizationFailed
    }
}

extension RequestContext {
    /// Kafka's authorized-operations bit field (KIP-430): bit N set when the sender may do the operation of code N
    /// on the resource, among those the resource type supports; every supported one without an authorizer, as
    /// Kafka answers. Denials are not logged (nothing was refused).
    func authorizedOperations(_ type: AclResourceType, _ name: String) -> Int32 {
        let supported: [AclOperation]
        switch type {
        case .topic: supported = [.read, .write, .create, .delete, .alter, .describe, .describeConfigs, .alterConfigs]
        case .group: supported = [.read, .describe, .delete]
        case .cluster: supported = [.create, .clusterAction, .describeConfigs, .alterConfigs, .idempotentWrite, .alter,
                                    .describe]
        case .transactionalID: supported = [.describe, .write]
        default: supported = []
        }
        return supported.reduce(Int32(0)) { bits, operation in
            authorizer.authorize(session, operation, type, name, logDenial: false)
                ? bits | (1 << Int32(operation.rawValue)) : bits
        }
    }
}
