import NIOConcurrencyHelpers

/// Client quotas on this broker (Kafka 2.8's `ClientQuotaManager` with its default callback): which quota applies
/// to a request's user and client id, the rate it is measured with, and the throttle time when it is exceeded.
///
/// The quota of a (user, client id) is the first configured of, in Kafka's order:
/// `users/<user>/clients/<client>`, `users/<user>/clients/<default>`, `users/<user>`,
/// `users/<default>/clients/<client>`, `users/<default>/clients/<default>`, `users/<default>`,
/// `clients/<client>`, `clients/<default>`. Clients that resolve to the same configured entity share one rate,
/// except that a `<default>` part is measured per actual user or client id (each client id under
/// `clients/<default>` gets the whole default quota for itself).
///
/// Called from every event loop; the state sits behind one lock and each call does a few dictionary look-ups.
final class ClientQuotaManager: Sendable {
    /// Whose rate a request counts toward: the user and client id as far as the matched entity names them.
    struct MetricKey: Hashable, Sendable {
        var user: String
        var clientID: String
    }

    private struct RateKey: Hashable, Sendable {
        var type: ClientQuotaType
        var metric: MetricKey
    }

    private struct TrackedRate: Sendable {
        var rate: QuotaRate
        var lastUsedMs: Int64
    }

    private struct State: Sendable {
        var quotas: [ClientQuotaEntity: [ClientQuotaType: Double]] = [:]
        var rates: [RateKey: TrackedRate] = [:]
        var lastSweepMs: Int64 = 0
    }

    /// A rate unused this long is dropped (Kafka expires its quota sensors after an hour too).
    static let inactiveRateExpiryMs: Int64 = 3_600_000

    let windowCount: Int
    let windowMs: Int64
    private let state = NIOLockedValueBox(State())

    /// - Parameters:
    ///   - windowCount: `quota.window.num` (default 11).
    ///   - windowMs: `quota.window.size.seconds` × 1000 (default 1000).
    init(windowCount: Int = 11, windowMs: Int64 = 1000) {
        self.windowCount = windowCount
        self.windowMs = windowMs
    }

    /// True when no quota is configured (requests then skip every quota step).
    var isEmpty: Bool { state.withLockedValue { $0.quotas.isEmpty } }

    /// Replaces every configured quota. Values that are not positive numbers are ignored by the caller.
    func setQuotas(_ quotas: [ClientQuotaEntity: [ClientQuotaType: Double]]) {
        state.withLockedValue { $0.quotas = quotas.filter { !$0.value.isEmpty } }
    }

    /// The configured quotas, as DescribeClientQuotas reports them.
    var quotas: [ClientQuotaEntity: [ClientQuotaType: Double]] { state.withLockedValue { $0.quotas } }

    /// Counts `value` toward the quota of `type` for (`user`, `clientID`) at `nowMs`, and returns how long the
    /// client must be throttled (0 when within its quota or when it has none).
    func record(_ type: ClientQuotaType, user: String, clientID: String, value: Double, nowMs: Int64) -> Int64 {
        state.withLockedValue { state in
            guard let resolved = Self.resolve(type, user: user, clientID: clientID, in: state.quotas) else {
                return 0
            }
            Self.sweep(&state, nowMs: nowMs)
            let quota = resolved.quota
            let key = RateKey(type: type, metric: resolved.metric)
            var tracked = state.rates[key]
                ?? TrackedRate(rate: QuotaRate(windowCount: windowCount, windowMs: windowMs), lastUsedMs: nowMs)
            tracked.rate.record(value, nowMs: nowMs)
            tracked.lastUsedMs = nowMs
            let throttle = tracked.rate.throttleTimeMs(quota: quota, nowMs: nowMs)
            state.rates[key] = tracked
            // Kafka bounds only the request-time throttle, by one window: a request's time is spent already.
            return type == .request ? min(throttle, windowMs) : throttle
        }
    }

    /// The quota that applies to (`user`, `clientID`) for `type`, nil when none does.
    func quota(_ type: ClientQuotaType, user: String, clientID: String) -> Double? {
        state.withLockedValue { Self.resolve(type, user: user, clientID: clientID, in: $0.quotas)?.quota }
    }

    /// Kafka's default quota callback: the first configured entity in precedence order, and the metric key it
    /// implies.
    private static func resolve(_ type: ClientQuotaType, user: String, clientID: String,
                                in quotas: [ClientQuotaEntity: [ClientQuotaType: Double]])
        -> (quota: Double, metric: MetricKey)?
    {
        guard !quotas.isEmpty else { return nil }
        let candidates: [(ClientQuotaEntity, MetricKey)] = [
            (.init(user: .name(user), clientID: .name(clientID)), .init(user: user, clientID: clientID)),
            (.init(user: .name(user), clientID: .defaultEntity), .init(user: user, clientID: clientID)),
            (.init(user: .name(user)), .init(user: user, clientID: "")),
            (.init(user: .defaultEntity, clientID: .name(clientID)), .init(user: user, clientID: clientID)),
            (.init(user: .defaultEntity, clientID: .defaultEntity), .init(user: user, clientID: clientID)),
            (.init(user: .defaultEntity), .init(user: user, clientID: "")),
            (.init(clientID: .name(clientID)), .init(user: "", clientID: clientID)),
            (.init(clientID: .defaultEntity), .init(user: "", clientID: clientID)),
        ]
        for (entity, metric) in candidates {
            if let quota = quotas[entity]?[type] { return (quota, metric) }
        }
        return nil
    }

    /// Drops rates unused for an hour, looking at most once a minute.
    private static func sweep(_ state: inout State, nowMs: Int64) {
        guard nowMs - state.lastSweepMs >= 60_000 else { return }
        state.lastSweepMs = nowMs
        state.rates = state.rates.filter { nowMs - $0.value.lastUsedMs < inactiveRateExpiryMs }
    }
}

extension ClientQuotaManager {
    /// Reads the quotas out of the entities' config znodes (`path` relative to `/config`). A value that is not a
    /// positive number is skipped with a message (the znodes may have been written by anything).
    static func parse(_ configs: [String: [String: String]]) -> (quotas: [ClientQuotaEntity: [ClientQuotaType: Double]],
                                                                  problems: [String])
    {
        var quotas: [ClientQuotaEntity: [ClientQuotaType: Double]] = [:]
        var problems: [String] = []
        for (path, config) in configs {
            guard let entity = ClientQuotaEntity(configPath: path) else {
                problems.append("/config/\(path) is not a quota entity")
                continue
            }
            for (key, text) in config {
                guard let type = ClientQuotaType(rawValue: key) else { continue }
                guard let value = Double(text), value.isFinite, value > 0 else {
                    problems.append("/config/\(path): \(key)=\(text) is not a positive number")
                    continue
                }
                quotas[entity, default: [:]][type] = value
            }
        }
        return (quotas, problems)
    }
}
