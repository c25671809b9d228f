import ClusterMetadata
import KafkaModel
import Testing

@Suite("ACL znodes")
struct AclZNodeTests {
    @Test func aclZNodeIsKafkasJSON() throws {
        let json = #"{"version":1,"acls":[{"principal":"User:alice","permissionType":"Allow","operation":"Read","host":"*"},"#
            + #"{"principal":"User:*","permissionType":"Deny","operation":"DescribeConfigs","host":"10.0.0.5"}]}"#
        let node = try AclZNode.decode(utf8(json), path: "/kafka-acl/Topic/orders")
        #expect(node.entries == [
            AccessControlEntry(principal: "User:alice", host: "*", operation: .read, permission: .allow),
            AccessControlEntry(principal: "User:*", host: "10.0.0.5", operation: .describeConfigs, permission: .deny),
        ])
        #expect(try AclZNode.decode(node.encoded(), path: "p") == node)
        #expect(try sameJSON(AclZNode(entries: [node.entries.first { $0.permission == .allow }!]).encoded(),
                             #"{"version":1,"acls":[{"principal":"User:alice","permissionType":"Allow","operation":"Read","host":"*"}]}"#))
    }

    @Test func pathsAreKafkas() {
        #expect(AclZNode.path(ResourcePattern(.topic, "orders")) == "/kafka-acl/Topic/orders")
        #expect(AclZNode.path(ResourcePattern(.cluster, "kafka-cluster")) == "/kafka-acl/Cluster/kafka-cluster")
        #expect(AclZNode.path(ResourcePattern(.transactionalID, "tx", .prefixed))
            == "/kafka-acl-extended/prefixed/TransactionalId/tx")
        #expect(AclZNode.path(ResourcePattern(.group, "g", .match)) == nil)
    }

    @Test func changeNotifications() throws {
        let literal = AclChangeNotificationZNode(ResourcePattern(.topic, "orders"))
        #expect(String(decoding: literal.encoded(), as: UTF8.self) == "Topic:orders")
        #expect(literal.sequentialPrefix == "/kafka-acl-changes/acl_changes_")
        #expect(try AclChangeNotificationZNode.decode(utf8("Group:a:b"), extended: false, path: "p").pattern
            == ResourcePattern(.group, "a:b"))
        let prefixed = AclChangeNotificationZNode(ResourcePattern(.topic, "orders-", .prefixed))
        #expect(prefixed.sequentialPrefix == "/kafka-acl-extended-changes/acl_changes_")
        #expect(try sameJSON(prefixed.encoded(),
                             #"{"version":1,"resourceType":"Topic","name":"orders-","patternType":"PREFIXED"}"#))
        #expect(try AclChangeNotificationZNode.decode(prefixed.encoded(), extended: true, path: "p") == prefixed)
        #expect(throws: ZNodeDecodingError.self) {
            try AclChangeNotificationZNode.decode(utf8("Nonsense:x"), extended: false, path: "p")
        }
    }

    @Test func hostileJSONIsRefusedNotFatal() {
        let hostile = [
            "", "null", "[]", "{}", #"{"version":2,"acls":[]}"#, #"{"version":1}"#, #"{"version":1,"acls":{}}"#,
            #"{"version":1,"acls":[1]}"#, #"{"version":1,"acls":[{"principal":"User:a"}]}"#,
            #"{"version":1,"acls":[{"principal":"alice","permissionType":"Allow","operation":"Read","host":"*"}]}"#,
            #"{"version":1,"acls":[{"principal":"User:a","permissionType":"Maybe","operation":"Read","host":"*"}]}"#,
            #"{"version":1,"acls":[{"principal":"User:a","permissionType":"Allow","operation":"Any","host":"*"}]}"#,
            #"{"version":1,"acls":[{"principal":"User:a","permissionType":"Allow","operation":"Read","host":""}]}"#,
            #"{"version":1e999,"acls":[]}"#, "\u{FF}\u{FE}", String(repeating: "[", count: 10_000),
        ]
        for text in hostile {
            #expect(throws: ZNodeDecodingError.self, "\(text.prefix(60))") {
                try AclZNode.decode(utf8(text), path: "/kafka-acl/Topic/t")
            }
            _ = try? AclChangeNotificationZNode.decode(utf8(text), extended: true, path: "p")
            _ = try? AclChangeNotificationZNode.decode(utf8(text), extended: false, path: "p")
        }
    }

    /// Random bytes and mutations of a valid document never crash the decoder; whatever decodes round-trips.
    @Test func mutatedJSONNeverCrashes() throws {
        var generator = SystemRandomNumberGenerator()
        let valid = Array(#"{"version":1,"acls":[{"principal":"User:alice","permissionType":"Allow","operation":"Read","host":"*"}]}"#.utf8)
        let alphabet = Array(#"{}[]:,"0123456789-eE.tfnulUser:*AllowDenyReadversionacls \#u{0}\#u{FF}"#.utf8)
        for _ in 0..<5000 {
            var bytes = valid
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[index] = alphabet.randomElement(using: &generator)!
                case 1: bytes.remove(at: index)
                default: bytes.insert(alphabet.randomElement(using: &generator)!, at: index)
                }
                if bytes.isEmpty { bytes = [0] }
            }
            if let node = try? AclZNode.decode(bytes, path: "p") {
                #expect(try AclZNode.decode(node.encoded(), path: "p") == node)
            }
        }
    }
}

@Suite("ACL store in ZooKeeper")
struct AclStoreTests {
    @Test func writesKafkasZNodesAnnouncesChangesAndSkipsDamagedOnes() async throws {
        let context = try await ClusterTestContext()
        let store = try await context.store()
        try await store.ensureAclPaths()
        let orders = ResourcePattern(.topic, "orders")
        let prefixed = ResourcePattern(.group, "billing-", .prefixed)
        let read = AccessControlEntry(principal: "User:alice", operation: .read, permission: .allow)
        let deny = AccessControlEntry(principal: "User:*", host: "10.0.0.5", operation: .all, permission: .deny)

        #expect(try await store.updateAcls(of: orders) { $0.union([read]) } == [read])
        #expect(try await store.updateAcls(of: orders) { $0.union([deny]) } == [read, deny])
        try await store.updateAcls(of: prefixed) { $0.union([read]) }
        #expect(try await store.zooKeeper.exists("/kafka-acl/Topic/orders") != nil)
        #expect(try await store.zooKeeper.exists("/kafka-acl-extended/prefixed/Group/billing-") != nil)
        #expect(try await store.childrenIfExists(AclChangeNotificationZNode.literalChangesPath).count == 2)
        let extended = try await store.childrenIfExists(AclChangeNotificationZNode.extendedChangesPath)
        let name = try #require(extended.first)
        let change = try #require(try await store.dataIfExists("\(AclChangeNotificationZNode.extendedChangesPath)/\(name)"))
        #expect(try AclChangeNotificationZNode.decode(change.data, extended: true, path: "p").pattern == prefixed)

        // Anything may write a znode: a damaged one is reported, the others still load.
        try await store.zooKeeper.createRecursively("/kafka-acl/Topic/damaged", data: Array(#"{"version":1,"acls":7}"#.utf8))
        let (acls, unreadable) = try await store.allAcls()
        #expect(acls.acls == [orders: [read, deny], prefixed: [read]])
        #expect(unreadable.count == 1 && unreadable[0].contains("/kafka-acl/Topic/damaged"))

        // The last entry removed deletes the znode, as Kafka does.
        #expect(try await store.updateAcls(of: orders) { _ in [] } == [])
        #expect(try await store.zooKeeper.exists("/kafka-acl/Topic/orders") == nil)
        #expect(try await store.childrenIfExists(AclChangeNotificationZNode.literalChangesPath).count == 3)
        await context.closeAll()
    }
}
