import ClusterMetadata
import Foundation
import KafkaModel
import Logging
import NIOConcurrencyHelpers
import ZooKeeperClient

/// The ACLs in ZooKeeper, for `AclAuthorizer`: loads them all at start-up and again whenever a change
/// notification appears under `/kafka-acl-changes` or `/kafka-acl-extended-changes` (child watches, so a change
/// made through any broker reaches this one within a round trip), and writes CreateAcls/DeleteAcls changes.
/// Znodes that do not decode are logged and skipped. Every call uses the session's current client.
final class ZooKeeperAclStore: Sendable {
    private let session: ZooKeeperSession
    private let logger: Logger
    /// Kafka's `changeExpirationMs`: notifications older than this are deleted.
    static let changeExpirationMs: Int64 = 900_000

    init(session: ZooKeeperSession, logger: Logger) {
        self.session = session
        self.logger = logger
    }

    private func store() async throws -> ClusterMetadataStore {
        ClusterMetadataStore(try await session.client())
    }

    /// Loads every ACL into `authorizer` before returning (so the broker never serves with an empty cache), then
    /// keeps it current until the returned task is cancelled.
    /// - Throws: the ZooKeeper error of the first load.
    func start(feeding authorizer: AclAuthorizer) async throws -> Task<Void, Never> {
        let first = try await store()
        try await first.ensureAclPaths()
        let (fired, signal) = AsyncStream<Void>.makeStream()
        try await load(into: authorizer, store: first, signal: signal)
        logger.info("ACL authorizer on", metadata: [
            "acls": "\(authorizer.bindings(matching: AclBindingFilter()).count)",
            "super.users": "\(authorizer.config.superUsers.sorted())",
            "allow.everyone.if.no.acl.found": "\(authorizer.config.allowEveryoneIfNoAclFound)"])
        return Task { [self] in
            var pending: AsyncStream<Void>? = fired
            var lastPurge = ContinuousClock.now
            while !Task.isCancelled {
                if let current = pending { for await _ in current { break } }
                guard !Task.isCancelled else { return }
                let (next, nextSignal) = AsyncStream<Void>.makeStream()
                do {
                    let store = try await store()
                    try await load(into: authorizer, store: store, signal: nextSignal)
                    pending = next
                    if ContinuousClock.now - lastPurge > .seconds(60) {
                        lastPurge = ContinuousClock.now
                        let cutoff = Int64(Date().timeIntervalSince1970 * 1000) - Self.changeExpirationMs
                        try await store.purgeAclChangeNotifications(olderThanMs: cutoff)
                    }
                } catch {
                    logger.warning("cannot read ACLs", metadata: ["error": "\(error)"])
                    pending = nil
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
    }

    /// Arms both change watches (each fires `signal` once), then reads every ACL: a change made after the read
    /// fires a watch armed before it.
    private func load(into authorizer: AclAuthorizer, store: ClusterMetadataStore,
                      signal: AsyncStream<Void>.Continuation) async throws
    {
        let fire: ZooKeeperWatcher = { _ in
            signal.yield()
            signal.finish()
        }
        _ = try await store.childrenIfExists(AclChangeNotificationZNode.literalChangesPath, watcher: fire)
        _ = try await store.childrenIfExists(AclChangeNotificationZNode.extendedChangesPath, watcher: fire)
        let (acls, unreadable) = try await store.allAcls()
        for problem in unreadable { logger.warning("ACL znode ignored", metadata: ["error": "\(problem)"]) }
        authorizer.replaceAll(acls)
        logger.debug("ACLs loaded", metadata: ["patterns": "\(acls.acls.count)"])
    }

    /// Adds `entries` to `pattern`'s ACLs (CreateAcls).
    func add(_ entries: Set<AccessControlEntry>, to pattern: ResourcePattern) async throws {
        try await store().updateAcls(of: pattern) { $0.union(entries) }
    }

    /// Removes the entries `filter` matches from `pattern`'s ACLs (DeleteAcls); returns those removed.
    func remove(matching filter: AclBindingFilter, from pattern: ResourcePattern) async throws
        -> Set<AccessControlEntry>
    {
        let removed = NIOLockedValueBox<Set<AccessControlEntry>>([])
        try await store().updateAcls(of: pattern) { current in
            let matching = current.filter { filter.matches($0) }
            removed.withLockedValue { $0 = matching }
            return current.subtracting(matching)
        }
        return removed.withLockedValue { $0 }
    }
}
