import KafkaClient

/// Listener security: which protocol each listener speaks (`listener.security.protocol.map`), the inter-broker
/// protocol, and the `ssl.*` keys — broker-wide or for one listener as `listener.name.<name>.ssl.*`, which wins
/// key by key, as Kafka reads them.
public struct ListenerSecurityConfig: Sendable, Equatable {
    /// `listener.security.protocol.map`, default `PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,
    /// SASL_SSL:SASL_SSL`. Listener names are upper-cased, as Kafka's `ListenerName` does.
    public var protocolMap: [String: SecurityProtocol] = Dictionary(
        uniqueKeysWithValues: SecurityProtocol.allCases.map { ($0.rawValue, $0) })
    /// `security.inter.broker.protocol`, default PLAINTEXT: names the inter-broker listener (the listener named
    /// like the protocol) when `inter.broker.listener.name` is not set; only one of the two may be set.
    public var interBrokerProtocol: SecurityProtocol?
    /// The `ssl.*` keys as given, broker-wide.
    public var sslProperties: [String: String] = [:]
    /// `listener.name.<name>.ssl.*`, by upper-cased listener name, keys without the prefix.
    public var listenerSSLProperties: [String: [String: String]] = [:]

    public init() {}
}

/// What a TLS listener serves with: its `ssl.*` settings and how client certificates become principals.
public struct ListenerTLS: Sendable, Equatable {
    public var settings: TLSSettings
    public var principalMapper: SSLPrincipalMapper
}

extension BrokerConfig {
    /// The protocol `listener` speaks; a name missing from the map is served as PLAINTEXT (with a warning at
    /// load) rather than refused, so configurations written before the map was read keep starting.
    public func securityProtocol(ofListener name: String) -> SecurityProtocol {
        security.protocolMap[name.uppercased()] ?? .plaintext
    }

    /// The `ssl.*` properties that apply on `listener`: broker-wide ones overridden key by key by the listener's.
    func sslProperties(forListener name: String) -> [String: String] {
        security.sslProperties.merging(security.listenerSSLProperties[name.uppercased()] ?? [:]) { $1 }
    }

    /// The TLS settings of `listener` when it speaks TLS, else nil.
    /// - Throws: `TLSSettings.Invalid` (the key is the broker-wide name) for values that cannot be used.
    public func listenerTLS(named name: String) throws(TLSSettings.Invalid) -> ListenerTLS? {
        guard securityProtocol(ofListener: name).usesTLS else { return nil }
        let properties = sslProperties(forListener: name)
        let settings = try TLSSettings(properties: properties)
        let mapper: SSLPrincipalMapper
        do {
            mapper = try properties["ssl.principal.mapping.rules"].map(SSLPrincipalMapper.init(parsing:)) ?? .default
        } catch {
            throw TLSSettings.Invalid(key: "ssl.principal.mapping.rules", message: error.message)
        }
        return ListenerTLS(settings: settings, principalMapper: mapper)
    }

    /// TLS for this broker's own connections to `listener` on other brokers (replica fetches, the controller's
    /// requests, controlled shutdown), read from the same keys as that listener here: brokers of one cluster
    /// share their listener configuration, as Kafka assumes. Nil when the listener is plaintext.
    /// - Throws: `TLSSettings.Invalid` when the truststore or keystore cannot be read.
    public func outgoingTLS(toListener name: String) throws -> ClientTLS? {
        guard let tls = try listenerTLS(named: name) else { return nil }
        return try ClientTLS(settings: tls.settings)
    }

    // MARK: Keys

    static let securityKeys: [Key] = [
        .string("listener.security.protocol.map") { config, value throws(ValueError) in
            var map: [String: SecurityProtocol] = [:]
            for entry in value.split(separator: ",") {
                let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 2, case let name = parts[0].trimmingWhitespace().uppercased(), !name.isEmpty,
                    let security = SecurityProtocol(name: parts[1].trimmingWhitespace())
                else {
                    throw ValueError(message: "expected LISTENER:PROTOCOL[,...] with protocols "
                        + "\(SecurityProtocol.allCases.map(\.rawValue).joined(separator: ", ")), found '\(entry)'")
                }
                guard map[name] == nil else { throw ValueError(message: "listener \(name) is mapped twice") }
                map[name] = security
            }
            config.security.protocolMap = map
        },
        .string("security.inter.broker.protocol") { config, value throws(ValueError) in
            guard let security = SecurityProtocol(name: value) else {
                throw ValueError(message: "expected one of "
                    + "\(SecurityProtocol.allCases.map(\.rawValue).joined(separator: ", ")), found '\(value)'")
            }
            config.security.interBrokerProtocol = security
        },
    ] + (TLSSettings.keys.union(["ssl.principal.mapping.rules"])).sorted().map { name in
        .string(name) { config, value throws(ValueError) in config.security.sslProperties[name] = value }
    }

    /// Keys of the `ssl.*` family Kafka has that change nothing here (Java's key and trust managers, providers).
    static let sslKeysWithoutEffect: Set<String> = [
        "ssl.keymanager.algorithm", "ssl.trustmanager.algorithm", "ssl.secure.random.implementation", "ssl.provider",
        "ssl.engine.factory.class",
    ]

    /// `listener.name.<name>.<ssl key>` split into the upper-cased listener name and the key; nil for other keys.
    static func listenerScopedSSLKey(_ key: String) -> (listener: String, key: String)? {
        let prefix = "listener.name."
        guard key.hasPrefix(prefix) else { return nil }
        let rest = key.dropFirst(prefix.count)
        guard let dot = rest.firstIndex(of: "."), dot != rest.startIndex else { return nil }
        let sslKey = String(rest[rest.index(after: dot)...])
        guard TLSSettings.keys.contains(sslKey) || sslKey == "ssl.principal.mapping.rules" else { return nil }
        return (rest[..<dot].uppercased(), sslKey)
    }

    /// Files `listener.name.*.ssl.*` values under their listener.
    mutating func applyListenerScopedSSL(_ values: [String: String]) {
        for (key, value) in values {
            guard let (listener, sslKey) = Self.listenerScopedSSLKey(key) else { continue }
            security.listenerSSLProperties[listener, default: [:]][sslKey] = value
        }
    }

    /// Listener names `listeners` uses that the map does not name, for a load warning.
    var unmappedListeners: [String] {
        listeners.map(\.name).filter { security.protocolMap[$0.uppercased()] == nil }
    }

    /// Cross-key security rules: SASL and TLS listeners whose settings cannot be used stop start-up, each reported
    /// against the key to change.
    func validateSecurity(fail: (String, String) -> ConfigError) throws {
        if interBrokerListenerName != nil, security.interBrokerProtocol != nil {
            throw fail("security.inter.broker.protocol",
                       "only one of inter.broker.listener.name and security.inter.broker.protocol may be set")
        }
        // The broker's own connections (replica fetchers, the controller's requests) log in to a SASL listener
        // with the inter-broker mechanism and credentials, which must be usable before anything starts.
        for name in Set([effectiveInterBrokerListenerName, controllerListenerName])
            where securityProtocol(ofListener: name).usesSASL
        {
            do {
                _ = try outgoingSaslLogin(toListener: name)
            } catch {
                throw fail("sasl.mechanism.inter.broker.protocol", error.message)
            }
        }
        for listener in listeners {
            let security = securityProtocol(ofListener: listener.name)
            if security.usesSASL {
                do {
                    _ = try saslSettings(forListener: listener.name)
                } catch {
                    throw fail("sasl.enabled.mechanisms", error.message)
                }
            }
            if let error = tlsProblem(onListener: listener.name) {
                let scoped = "listener.name.\(listener.name.lowercased()).\(error.key)"
                let named = self.security.listenerSSLProperties[listener.name.uppercased()]?[error.key] != nil
                throw fail(named ? scoped : error.key, "\(error.message) (listener \(listener.name))")
            }
        }
    }

    private func tlsProblem(onListener name: String) -> TLSSettings.Invalid? {
        do {
            if let tls = try listenerTLS(named: name), !tls.settings.hasKeystore {
                return TLSSettings.Invalid(key: "ssl.keystore.location",
                                           message: "listener \(name) speaks TLS and needs a keystore")
            }
            return nil
        } catch {
            return error
        }
    }
}
