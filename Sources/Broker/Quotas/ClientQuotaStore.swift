/// Where client quotas are kept: in production the `/config/users/…` and `/config/clients/…` znodes, each write
/// announced to every broker through `/config/changes`. Paths are relative to `/config`.
protocol ClientQuotaStore: Sendable {
    /// Every quota entity that has a config, by path.
    func quotaConfigs() async throws -> [String: [String: String]]
    /// One entity's config (`[:]` when it has none).
    func quotaConfig(_ path: String) async throws -> [String: String]
    /// Replaces one entity's config and notifies every broker.
    func setQuotaConfig(_ path: String, _ config: [String: String]) async throws
}
