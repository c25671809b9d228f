import ZooKeeperClient

/// Client quota entities (KIP-55): `/config/users/<user>`, `/config/users/<user>/clients/<client-id>` and
/// `/config/clients/<client-id>`, each an `EntityConfigZNode` (names sanitized by the writer).
extension ClusterMetadataStore {
    /// Every quota entity's config, keyed by its path under `/config` (`users/ANONYMOUS/clients/<default>`).
    /// Entities without config (a user znode that only parents client ids) and znodes whose JSON does not decode
    /// are left out; the latter are returned in `unreadable` so the caller can log them.
    public func clientQuotaConfigs() async throws -> (configs: [String: [String: String]], unreadable: [String]) {
        var paths: [String] = []
        for user in try await childrenIfExists("/config/users") {
            paths.append("users/\(user)")
            for client in try await childrenIfExists("/config/users/\(user)/clients") {
                paths.append("users/\(user)/clients/\(client)")
            }
        }
        for client in try await childrenIfExists("/config/clients") { paths.append("clients/\(client)") }
        var configs: [String: [String: String]] = [:]
        var unreadable: [String] = []
        for path in paths {
            do {
                let config = try await quotaEntityConfig(path)
                if !config.isEmpty { configs[path] = config }
            } catch let error as ZNodeDecodingError {
                unreadable.append("\(error)")
            }
        }
        return (configs, unreadable)
    }

    /// One quota entity's config (`[:]` when it has none); `path` is relative to `/config`.
    public func quotaEntityConfig(_ path: String) async throws -> [String: String] {
        let znode = "/config/\(path)"
        guard let node = try await dataIfExists(znode), !node.data.isEmpty else { return [:] }
        return try EntityConfigZNode.decode(node.data, path: znode).config
    }

    /// Writes one quota entity's config and announces it (`{"version":2,"entity_path":"<path>"}`), as Kafka's
    /// `AdminZkClient.changeConfigs` does. An entity left without any quota keeps its znode with an empty config,
    /// as in Kafka.
    public func setQuotaEntityConfig(_ path: String, _ config: [String: String]) async throws {
        try await setConfig(ConfigChangeNotificationZNode(entityPath: path), config)
    }
}
