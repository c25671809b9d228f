import KafkaModel
import ZooKeeperClient

/// ACLs in Kafka's ZooKeeper layout (`AclZNode`, `AclChangeNotificationZNode`), as `AclAuthorizer` keeps them.
extension ClusterMetadataStore {
    /// The roots Kafka's authorizer creates at start-up: the change folders must exist for their child watches.
    public static let aclPaths = [
        AclZNode.literalRoot, AclZNode.prefixedRoot, AclChangeNotificationZNode.literalChangesPath,
        AclChangeNotificationZNode.extendedChangesPath,
    ]

    public func ensureAclPaths() async throws {
        for path in Self.aclPaths { try await zooKeeper.createRecursively(path) }
    }

    /// Every stored ACL. A znode whose JSON does not decode (written by anything) is left out and returned in
    /// `unreadable` for the caller to log; the others still count.
    public func allAcls() async throws -> (acls: AclCache, unreadable: [String]) {
        var cache = AclCache()
        var unreadable: [String] = []
        for patternType in [AclPatternType.literal, .prefixed] {
            for type in AclResourceType.concrete {
                guard let folder = AclZNode.folder(type, patternType) else { continue }
                for name in try await childrenIfExists(folder) {
                    let pattern = ResourcePattern(type, name, patternType)
                    do {
                        cache.set(pattern, try await acls(of: pattern)?.node.entries ?? [])
                    } catch let error as ZNodeDecodingError {
                        unreadable.append("\(error)")
                    }
                }
            }
        }
        return (cache, unreadable)
    }

    /// One pattern's ACL znode and its version, nil when it has none.
    public func acls(of pattern: ResourcePattern) async throws -> (node: AclZNode, version: Int32)? {
        guard let path = AclZNode.path(pattern), let data = try await dataIfExists(path) else { return nil }
        if data.data.isEmpty { return (AclZNode(entries: []), data.stat.version) }
        return (try AclZNode.decode(data.data, path: path), data.stat.version)
    }

    /// Changes one pattern's entries with a write conditional on the version read (retried on a conflict, as
    /// Kafka's `updateResourceAcls`), deleting the znode when none remain, then announces the change. Returns the
    /// entries stored. A znode that does not decode is replaced (its entries are lost either way).
    @discardableResult
    public func updateAcls(of pattern: ResourcePattern,
                           _ change: @Sendable (Set<AccessControlEntry>) -> Set<AccessControlEntry>)
        async throws -> Set<AccessControlEntry>
    {
        guard let folder = AclZNode.folder(pattern.resourceType, pattern.patternType) else { return [] }
        let path = "\(folder)/\(pattern.name)"
        for _ in 0..<20 {
            let current: (entries: Set<AccessControlEntry>, version: Int32?)
            do {
                let stored = try await acls(of: pattern)
                current = (stored?.node.entries ?? [], stored?.version)
            } catch is ZNodeDecodingError {
                current = ([], try await dataIfExists(path)?.stat.version)
            }
            let updated = change(current.entries)
            if updated == current.entries, current.version != nil || updated.isEmpty { return updated }
            do {
                switch (current.version, updated.isEmpty) {
                case (nil, _):
                    try await zooKeeper.createRecursively(folder)
                    try await zooKeeper.create(path, data: AclZNode(entries: updated).encoded(), mode: .persistent)
                case (let version?, true):
                    try await zooKeeper.delete(path, expectedVersion: version)
                case (let version?, false):
                    _ = try await zooKeeper.setData(path, data: AclZNode(entries: updated).encoded(),
                                                    expectedVersion: version)
                }
            } catch let error as ZooKeeperError where [.badVersion, .noNode, .nodeExists].contains(error.code) {
                continue
            }
            let notification = AclChangeNotificationZNode(pattern)
            _ = try await zooKeeper.create(notification.sequentialPrefix, data: notification.encoded(),
                                           mode: .persistentSequential)
            return updated
        }
        throw ZooKeeperError(code: .badVersion, operation: "update ACLs", path: path, failedOperationIndex: nil,
                             detail: "the ACLs kept changing underneath")
    }

    /// Deletes change notifications older than `maxAgeMs` (Kafka's `changeExpirationMs`, 15 minutes) from both
    /// change folders.
    public func purgeAclChangeNotifications(olderThanMs cutoff: Int64) async throws {
        for folder in [AclChangeNotificationZNode.literalChangesPath, AclChangeNotificationZNode.extendedChangesPath] {
            for child in try await childrenIfExists(folder) where child.hasPrefix(AclChangeNotificationZNode.prefix) {
                let path = "\(folder)/\(child)"
                guard let stat = try await zooKeeper.exists(path), stat.ctime < cutoff else { continue }
                try? await zooKeeper.delete(path)
            }
        }
    }
}
