import ClusterMetadata

/// Client quotas in Kafka's znodes, through the session's current client.
extension ZooKeeperTopicStore: ClientQuotaStore {
    func quotaConfigs() async throws -> [String: [String: String]] {
        try await ClusterMetadataStore(try await session.client()).clientQuotaConfigs().configs
    }

    func quotaConfig(_ path: String) async throws -> [String: String] {
        try await ClusterMetadataStore(try await session.client()).quotaEntityConfig(path)
    }

    func setQuotaConfig(_ path: String, _ config: [String: String]) async throws {
        try await ClusterMetadataStore(try await session.client()).setQuotaEntityConfig(path, config)
    }
}
