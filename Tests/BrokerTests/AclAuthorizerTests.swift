@testable import Broker
import KafkaModel
import KafkaProtocol
import NIOEmbedded
import Testing

@Suite("ACL matching and the authorizer")
struct AclAuthorizerTests {
    let alice = RequestSession(principal: KafkaPrincipal(type: "User", name: "alice"), host: "10.0.0.1")
    let bob = RequestSession(principal: KafkaPrincipal(type: "User", name: "bob"), host: "10.0.0.2")

    func entry(_ principal: String, _ operation: AclOperation, _ permission: AclPermissionType = .allow,
               host: String = "*") -> AccessControlEntry
    {
        AccessControlEntry(principal: principal, host: host, operation: operation, permission: permission)
    }

    func authorizer(_ acls: [(ResourcePattern, [AccessControlEntry])], superUsers: Set<String> = [],
                    allowIfNoAcl: Bool = false) -> AclAuthorizer
    {
        var config = AuthorizerConfig()
        config.enabled = true
        config.superUsers = superUsers
        config.allowEveryoneIfNoAclFound = allowIfNoAcl
        let authorizer = AclAuthorizer(config: config)
        var cache = AclCache()
        for (pattern, entries) in acls { cache.set(pattern, Set(entries)) }
        authorizer.replaceAll(cache)
        return authorizer
    }

    @Test func disabledAllowsEverything() {
        #expect(AclAuthorizer.disabled.authorize(alice, .alter, .cluster, "kafka-cluster"))
    }

    @Test func noAclDeniesUnlessAllowEveryone() {
        #expect(!authorizer([]).authorize(alice, .read, .topic, "orders"))
        #expect(authorizer([], allowIfNoAcl: true).authorize(alice, .read, .topic, "orders"))
        // Once the resource has any ACL, allow.everyone.if.no.acl.found no longer applies.
        let guarded = authorizer([(ResourcePattern(.topic, "orders"), [entry("User:bob", .read)])], allowIfNoAcl: true)
        #expect(!guarded.authorize(alice, .read, .topic, "orders"))
        #expect(guarded.authorize(alice, .read, .topic, "other"))
    }

    @Test func literalPrefixedAndWildcard() {
        let acls = authorizer([
            (ResourcePattern(.topic, "orders"), [entry("User:alice", .read)]),
            (ResourcePattern(.topic, "logs-", .prefixed), [entry("User:alice", .write)]),
            (ResourcePattern(.group, "*"), [entry("User:*", .read)]),
        ])
        #expect(acls.authorize(alice, .read, .topic, "orders"))
        #expect(!acls.authorize(alice, .read, .topic, "orders2"), "literal is exact")
        #expect(acls.authorize(alice, .write, .topic, "logs-app"))
        #expect(!acls.authorize(alice, .write, .topic, "log"), "prefix must be a prefix of the name")
        #expect(acls.authorize(bob, .read, .group, "anything"), "User:* on the wildcard resource")
        #expect(!acls.authorize(bob, .read, .topic, "orders"))
    }

    @Test func impliedOperations() {
        let acls = authorizer([
            (ResourcePattern(.topic, "t"), [entry("User:alice", .write)]),
            (ResourcePattern(.topic, "c"), [entry("User:alice", .alterConfigs)]),
            (ResourcePattern(.topic, "all"), [entry("User:alice", .all)]),
        ])
        #expect(acls.authorize(alice, .describe, .topic, "t"), "WRITE implies DESCRIBE")
        #expect(!acls.authorize(alice, .read, .topic, "t"))
        #expect(acls.authorize(alice, .describeConfigs, .topic, "c"), "ALTER_CONFIGS implies DESCRIBE_CONFIGS")
        #expect(!acls.authorize(alice, .describe, .topic, "c"))
        #expect(acls.authorize(alice, .delete, .topic, "all"))
    }

    @Test func denyWins() {
        let acls = authorizer([
            (ResourcePattern(.topic, "t"), [entry("User:*", .read), entry("User:alice", .read, .deny)]),
            (ResourcePattern(.topic, "p", .prefixed), [entry("User:bob", .all, .deny)]),
            (ResourcePattern(.topic, "pq"), [entry("User:bob", .read)]),
        ])
        #expect(!acls.authorize(alice, .read, .topic, "t"))
        #expect(acls.authorize(bob, .read, .topic, "t"))
        #expect(!acls.authorize(bob, .read, .topic, "pq"), "a prefixed DENY ALL beats a literal ALLOW")
        // A DENY of READ does not deny DESCRIBE (only the operation itself or ALL is denied).
        let describe = authorizer([(ResourcePattern(.topic, "t"),
                                    [entry("User:alice", .describe), entry("User:alice", .read, .deny)])])
        #expect(describe.authorize(alice, .describe, .topic, "t"))
    }

    @Test func hosts() {
        let acls = authorizer([(ResourcePattern(.topic, "t"), [entry("User:alice", .read, host: "10.0.0.1")])])
        #expect(acls.authorize(alice, .read, .topic, "t"))
        var elsewhere = alice
        elsewhere.host = "10.0.0.9"
        #expect(!acls.authorize(elsewhere, .read, .topic, "t"))
    }

    @Test func superUsersBypass() {
        let acls = authorizer([(ResourcePattern(.cluster, "kafka-cluster"), [entry("User:alice", .all, .deny)])],
                              superUsers: ["User:alice"])
        #expect(acls.authorize(alice, .clusterAction, .cluster, "kafka-cluster"))
        #expect(!acls.authorize(bob, .clusterAction, .cluster, "kafka-cluster"))
    }

    @Test func filters() {
        let orders = AclBinding(ResourcePattern(.topic, "orders"), entry("User:alice", .read))
        let prefixed = AclBinding(ResourcePattern(.topic, "ord", .prefixed), entry("User:bob", .write))
        let wildcard = AclBinding(ResourcePattern(.topic, "*"), entry("User:*", .describe))
        let group = AclBinding(ResourcePattern(.group, "orders"), entry("User:alice", .read))
        let all = [orders, prefixed, wildcard, group]
        func matching(_ filter: AclBindingFilter) -> [AclBinding] { all.filter { filter.matches($0) } }
        #expect(matching(AclBindingFilter()) == all)
        #expect(matching(AclBindingFilter(resourceType: .topic, name: "orders", patternType: .match))
            == [orders, prefixed, wildcard])
        #expect(matching(AclBindingFilter(resourceType: .topic, name: "orders", patternType: .literal)) == [orders])
        #expect(matching(AclBindingFilter(resourceType: .any, name: "orders", patternType: .any)) == [orders, group])
        #expect(matching(AclBindingFilter(patternType: .prefixed)) == [prefixed])
        #expect(matching(AclBindingFilter(principal: "User:alice", operation: .read)) == [orders, group])
        #expect(AclBindingFilter(operation: .unknown).invalidity != nil)
    }

    @Test func storableShapes() {
        #expect(ResourcePattern(.cluster, "kafka-cluster").invalidity == nil)
        #expect(ResourcePattern(.cluster, "other").invalidity != nil)
        #expect(ResourcePattern(.topic, "a/b").invalidity != nil)
        #expect(ResourcePattern(.topic, "*", .prefixed).invalidity != nil)
        #expect(ResourcePattern(.any, "x").invalidity != nil)
        #expect(entry("alice", .read).invalidity != nil)
        #expect(entry("User:alice", .any).invalidity != nil)
        #expect(AclOperation(name: "DESCRIBE_CONFIGS") == .describeConfigs)
        #expect(AclOperation.idempotentWrite.name == "IDEMPOTENT_WRITE")
        #expect(AclResourceType(name: "TRANSACTIONAL_ID") == .transactionalID)
    }

    @Test func configKeys() throws {
        let text = """
            broker.id=1
            zookeeper.connect=h:1
            authorizer.class.name=kafka.security.authorizer.AclAuthorizer
            super.users=User:admin; User:CN=broker,O=Acme
            allow.everyone.if.no.acl.found=true
            """
        let config = try BrokerConfig.load(path: "s", text: text).config.authorizer
        #expect(config.enabled)
        #expect(config.superUsers == ["User:admin", "User:CN=broker,O=Acme"])
        #expect(config.allowEveryoneIfNoAclFound)
        let old = try BrokerConfig.load(path: "s", text: "broker.id=1\nzookeeper.connect=h:1\n"
            + "authorizer.class.name=kafka.security.auth.SimpleAclAuthorizer\n").config.authorizer
        #expect(old.enabled)
        #expect(throws: ConfigError.self) {
            try BrokerConfig.load(path: "s", text: "broker.id=1\nzookeeper.connect=h:1\nauthorizer.class.name=com.Other\n")
        }
        #expect(try !BrokerConfig.load(path: "s", text: "broker.id=1\nzookeeper.connect=h:1\n").config.authorizer.enabled)
    }

    @Test func authorizedOperationsBitFields() {
        let loop = EmbeddedEventLoop()
        var context = RequestContext(header: RequestHeader(apiKey: .metadata, apiVersion: 8, correlationID: 1,
                                                           clientID: "t"),
                                     peer: "p", eventLoop: loop)
        // Without an authorizer: every operation the resource type supports, as Kafka answers.
        #expect(context.authorizedOperations(.group, "g") == (1 << 3) | (1 << 8) | (1 << 6))
        context.session = alice
        context.authorizer = authorizer([(ResourcePattern(.topic, "t"), [entry("User:alice", .write)])])
        #expect(context.authorizedOperations(.topic, "t") == (1 << 4) | (1 << 8), "WRITE, and DESCRIBE it implies")
        #expect(context.authorizedOperations(.cluster, "kafka-cluster") == 0)
    }

    @Test func deniedClusterActionAnswersClusterAuthorizationFailed() async throws {
        let loop = EmbeddedEventLoop()
        var context = RequestContext(header: RequestHeader(apiKey: .controlledShutdown, apiVersion: 3, correlationID: 1,
                                                           clientID: "t"),
                                     peer: "p", eventLoop: loop)
        context.session = bob
        context.authorizer = authorizer([])
        let response = await ControlledShutdownHandler(controller: { nil })
            .handle(ControlledShutdownRequest(brokerID: BrokerID(1), brokerEpoch: 1), context: context)
        #expect(response?.errorCode == .clusterAuthorizationFailed)
    }
}
