import TributaryLogging

/// Building a `BrokerConfig` from a properties file plus `--override key=value` arguments.
extension BrokerConfig {
    /// The result of loading: the config and the warnings an operator should see (unknown keys and keys
    /// accepted without effect).
    public struct Loaded: Sendable {
        public let config: BrokerConfig
        public let warnings: [String]
    }

    /// Loads `file` (its text given), applies `overrides` (`key=value`, later wins over the file), validates.
    /// - Throws: `ConfigError` naming the file and line (or `--override`) and the key.
    public static func load(path: String, text: String, overrides: [String] = []) throws -> Loaded {
        let values = try keyValues(path: path, text: text, overrides: overrides)
        var config = BrokerConfig()
        var warnings: [String] = []
        let known = Set(keys.map(\.name))
        for key in values.keys.sorted()
            where !known.contains(key) && !LoggingSettings.isLoggingKey(key) && listenerScopedSSLKey(key) == nil
                && !(isSASLKey(key) && !saslKeysWithoutEffect.contains(key))
        {
            let origin = values[key]!
            let place = origin.line.map { "\(origin.file):\($0)" } ?? origin.file
            if acceptedWithoutEffect.contains(key) || sslKeysWithoutEffect.contains(key)
                || saslKeysWithoutEffect.contains(key)
            {
                warnings.append("\(place): \(key) is accepted for compatibility but has no effect")
            } else {
                warnings.append("\(place): unknown configuration key \(key) (ignored)")
            }
        }
        for key in keys {
            guard let origin = values[key.name] else { continue }
            do {
                try key.apply(&config, origin.value)
            } catch {
                throw ConfigError(file: origin.file, line: origin.line, key: key.name, message: error.message)
            }
        }
        config.applyListenerScopedSSL(values.mapValues(\.value))
        config.saslProperties = values.filter { isSASLKey($0.key) }.mapValues(\.value)
        try config.validate(origin: { values[$0].map { ($0.file, $0.line) } })
        for name in config.unmappedListeners {
            warnings.append("listener \(name) is not in listener.security.protocol.map: served as PLAINTEXT")
        }
        return Loaded(config: config, warnings: warnings)
    }

    /// Where a setting came from: its file and line, or `--override` without a line.
    typealias Setting = (value: String, file: String, line: Int?)

    /// The file's `key=value` entries with `overrides` applied (later wins).
    /// - Throws: `ConfigError` for a malformed line or override.
    static func keyValues(path: String, text: String, overrides: [String]) throws -> [String: Setting] {
        let file = try PropertiesFile(path: path, text: text)
        var values: [String: Setting] = [:]
        for entry in file.entries { values[entry.key] = (entry.value, path, entry.line) }
        for override in overrides {
            guard let equals = override.firstIndex(of: "="),
                case let key = override[..<equals].trimmingWhitespace(), !key.isEmpty
            else {
                throw ConfigError(file: "--override", line: nil, key: nil,
                                  message: "expected key=value, found '\(override)'")
            }
            values[key] = (override[override.index(after: equals)...].trimmingWhitespace(), "--override", nil)
        }
        return values
    }

    /// Cross-key rules, reported against the key that has to change.
    func validate(origin: (String) -> (String, Int?)?) throws {
        func fail(_ key: String, _ message: String) -> ConfigError {
            let place = origin(key)
            return ConfigError(file: place?.0, line: place?.1, key: key, message: message)
        }
        guard brokerID >= 0 else { throw fail("broker.id", "is required (a non-negative integer)") }
        guard !zookeeperConnect.isEmpty else { throw fail("zookeeper.connect", "is required") }
        if let advertised = advertisedListeners {
            for listener in advertised where !listeners.contains(where: { $0.name == listener.name }) {
                throw fail("advertised.listeners", "listener \(listener.name) is not in listeners")
            }
        }
        // Kafka's rules: both names must be advertised listeners, and they must differ.
        let advertisedNames = (advertisedListeners ?? listeners).map(\.name)
        if security.interBrokerProtocol != nil, interBrokerListenerName == nil,
            !advertisedNames.contains(effectiveInterBrokerListenerName) {
            throw fail("security.inter.broker.protocol",
                       "needs an advertised listener named \(effectiveInterBrokerListenerName)")
        }
        if let name = interBrokerListenerName, !advertisedNames.contains(name) {
            throw fail("inter.broker.listener.name",
                       "must name an advertised listener (one of \(advertisedNames.joined(separator: ",")))")
        }
        if let name = controlPlaneListenerName {
            guard advertisedNames.contains(name), listeners.contains(where: { $0.name == name }) else {
                throw fail("control.plane.listener.name",
                           "must name a listener (one of \(advertisedNames.joined(separator: ",")))")
            }
            guard name != effectiveInterBrokerListenerName else {
                throw fail("control.plane.listener.name", "must differ from the inter-broker listener \(name)")
            }
        }
        try validateSecurity(fail: fail)
        guard maxConnectionsPerIp > 0 || !maxConnectionsPerIpOverrides.isEmpty else {
            throw fail("max.connections.per.ip", "may be 0 only with max.connections.per.ip.overrides set")
        }
        guard groupMinSessionTimeoutMs <= groupMaxSessionTimeoutMs else {
            throw fail("group.min.session.timeout.ms", "must not exceed group.max.session.timeout.ms")
        }
        guard messageMaxBytes < socketRequestMaxBytes else {
            throw fail("message.max.bytes", "must be smaller than socket.request.max.bytes")
        }
    }
}
