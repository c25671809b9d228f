@testable import Broker
import KafkaClient
import Testing

/// `listener.security.protocol.map`, `security.inter.broker.protocol`, the `ssl.*` keys (broker-wide and
/// `listener.name.<name>.ssl.*`) and `ssl.principal.mapping.rules`: Kafka's names, defaults and refusals.
@Suite struct TLSConfigTests {
    let base = """
        broker.id=1
        zookeeper.connect=127.0.0.1:2181
        """

    func load(_ extra: String...) throws -> BrokerConfig.Loaded {
        try BrokerConfig.load(path: "f", text: base, overrides: extra)
    }

    func loadError(_ extra: String...) -> ConfigError? {
        do {
            _ = try BrokerConfig.load(path: "f", text: base, overrides: extra)
            return nil
        } catch {
            return error as? ConfigError
        }
    }

    @Test func kafkasDefaultMapMakesAnSSLListenerSpeakTLS() throws {
        let config = try load("listeners=PLAINTEXT://:9092,SSL://:9093", "ssl.keystore.location=/k.pem").config
        #expect(config.securityProtocol(ofListener: "PLAINTEXT") == .plaintext)
        #expect(config.securityProtocol(ofListener: "SSL") == .ssl)
        #expect(try config.listenerTLS(named: "PLAINTEXT") == nil)
        let tls = try #require(try config.listenerTLS(named: "SSL"))
        #expect(tls.settings.keystoreLocation == "/k.pem")
        #expect(tls.settings.clientAuth == .none)
        #expect(tls.settings.enabledProtocols == [.tlsv12, .tlsv13])
        #expect(tls.settings.protocolVersion == .tlsv13)
        #expect(tls.principalMapper == .default)
        #expect(BrokerServer.Settings(config: config).tls.keys.sorted() == ["SSL"])
    }

    @Test func anSSLListenerWithoutAKeystoreDoesNotStart() {
        let error = loadError("listeners=SSL://:9093")
        #expect(error?.key == "ssl.keystore.location")
        #expect(error?.message.contains("SSL") == true)
    }

    @Test func theMapNamesListenersOfAnyName() throws {
        let loaded = try load("listeners=CLIENT://:9092,SECURE://:9093,OTHER://:9094",
                              "listener.security.protocol.map=CLIENT:PLAINTEXT,secure:ssl",
                              "ssl.keystore.location=/k.pem")
        #expect(loaded.config.securityProtocol(ofListener: "SECURE") == .ssl)
        #expect(loaded.config.securityProtocol(ofListener: "CLIENT") == .plaintext)
        #expect(loaded.config.securityProtocol(ofListener: "OTHER") == .plaintext)
        #expect(loaded.warnings.contains { $0.contains("OTHER") && $0.contains("PLAINTEXT") })
        #expect(!loaded.warnings.contains { $0.contains("accepted for compatibility") }, "the key has effect now")
    }

    @Test func malformedMapsAndUnusableSASLListenersAreRefused() {
        #expect(loadError("listener.security.protocol.map=CLIENT")?.key == "listener.security.protocol.map")
        #expect(loadError("listener.security.protocol.map=CLIENT:TLS")?.key == "listener.security.protocol.map")
        // The only listener carries the brokers' own traffic, which does not speak SASL yet.
        let sasl = loadError("listeners=SASL_SSL://:9093", "ssl.keystore.location=/k.pem",
                             "sasl.enabled.mechanisms=SCRAM-SHA-512")
        #expect(sasl?.message.contains("SASL") == true)
        // Kafka's default mechanism, GSSAPI, is not served.
        let gssapi = loadError("listeners=PLAINTEXT://:9092,SASL_SSL://:9093", "ssl.keystore.location=/k.pem")
        #expect(gssapi?.key == "sasl.enabled.mechanisms")
        #expect(gssapi?.message.contains("GSSAPI") == true)
    }

    @Test func listenerPrefixedKeysWinKeyByKey() throws {
        let loaded = try load(
            "listeners=SSL://:9093,INTERNAL://:9094", "listener.security.protocol.map=SSL:SSL,INTERNAL:SSL",
            "ssl.keystore.location=/broker.pem", "ssl.client.auth=required", "ssl.truststore.location=/ca.pem",
            "listener.name.internal.ssl.keystore.location=/internal.pem",
            "listener.name.internal.ssl.client.auth=none")
        #expect(loaded.warnings.isEmpty, "prefixed ssl keys are known: \(loaded.warnings)")
        let outside = try #require(try loaded.config.listenerTLS(named: "SSL"))
        let inside = try #require(try loaded.config.listenerTLS(named: "INTERNAL"))
        #expect(outside.settings.keystoreLocation == "/broker.pem")
        #expect(outside.settings.clientAuth == .required)
        #expect(inside.settings.keystoreLocation == "/internal.pem")
        #expect(inside.settings.clientAuth == .none)
        #expect(inside.settings.truststoreLocation == "/ca.pem", "unprefixed keys still apply")
    }

    @Test func badSSLValuesNameTheirKey() {
        let ssl = ["listeners=SSL://:9093", "ssl.keystore.location=/k.pem"]
        func key(_ extra: String) -> String {
            do {
                _ = try BrokerConfig.load(path: "f", text: base, overrides: ssl + [extra])
                return "loaded"
            } catch {
                return (error as? ConfigError)?.key ?? "\(error)"
            }
        }
        #expect(key("ssl.keystore.type=JKS") == "ssl.keystore.type")
        #expect(key("ssl.client.auth=sometimes") == "ssl.client.auth")
        #expect(key("ssl.enabled.protocols=SSLv3") == "ssl.enabled.protocols")
        #expect(key("ssl.protocol=TLSv1.2") == "loaded")
        #expect(key("ssl.keystore.password=secret") == "ssl.keystore.password")
        #expect(key("ssl.principal.mapping.rules=RULE:(/x") == "ssl.principal.mapping.rules")
        #expect(key("listener.name.ssl.ssl.client.auth=maybe") == "listener.name.ssl.ssl.client.auth")
    }

    @Test func securityInterBrokerProtocolNamesTheInterBrokerListener() throws {
        let config = try load("listeners=PLAINTEXT://:9092,SSL://:9093", "ssl.keystore.location=/k.pem",
                              "security.inter.broker.protocol=SSL").config
        #expect(config.effectiveInterBrokerListenerName == "SSL")
        #expect(config.controllerListenerName == "SSL")
        #expect(loadError("listeners=PLAINTEXT://:9092", "security.inter.broker.protocol=SSL")?.key
                    == "security.inter.broker.protocol")
        #expect(loadError("listeners=PLAINTEXT://:9092,SSL://:9093", "ssl.keystore.location=/k.pem",
                          "security.inter.broker.protocol=SSL", "inter.broker.listener.name=PLAINTEXT")?.key
                    == "security.inter.broker.protocol")
    }

    @Test func principalMappingRulesFollowKafkasSyntax() throws {
        let rules = try SSLPrincipalMapper(parsing: #"RULE:^CN=([^,]*),OU=ServiceUsers.*$/$1/, "#
            + #"RULE:^CN=(.*?),OU=(.*?),O=.*$/$1@$2/L, RULE:^cn=a\/b$/slash\/ok/U, DEFAULT"#)
        #expect(rules.map("CN=kafka-broker,OU=ServiceUsers,O=Acme") == "kafka-broker")
        #expect(rules.map("CN=Alice,OU=Sales,O=Acme") == "alice@sales")
        #expect(rules.map("cn=a/b") == "SLASH/OK")
        #expect(rules.map("CN=other") == "CN=other", "DEFAULT keeps the name")
        #expect(SSLPrincipalMapper.default.map("CN=x,O=y") == "CN=x,O=y")
        let strict = try SSLPrincipalMapper(parsing: "RULE:^CN=(.*)$/$1/")
        #expect(strict.map("OU=no-cn") == nil, "no rule applies: the connection is refused")
        #expect(try SSLPrincipalMapper(parsing: "") == .default)
        #expect(throws: BrokerConfig.ValueError.self) { try SSLPrincipalMapper(parsing: "RULE:unterminated") }
        #expect(throws: BrokerConfig.ValueError.self) { try SSLPrincipalMapper(parsing: "SOMETIMES") }
    }

    @Test func clientPropertiesSelectTLS() throws {
        let security = try ClientSecurity(properties: [
            "security.protocol": "ssl", "ssl.truststore.location": "/ca.pem",
            "ssl.endpoint.identification.algorithm": "",
        ])
        #expect(security.securityProtocol == .ssl)
        #expect(security.tls.truststoreLocation == "/ca.pem")
        #expect(!security.tls.endpointIdentification)
        #expect(try ClientSecurity(properties: [:]).makeClientTLS() == nil, "plaintext by default")
        #expect(throws: TLSSettings.Invalid.self, "SASL without a login") {
            try ClientSecurity(properties: ["security.protocol": "SASL_SSL"])
        }
    }
}
