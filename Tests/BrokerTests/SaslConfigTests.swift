@testable import Broker
import Testing

@Suite struct SaslConfigTests {
    func load(_ lines: String) throws -> BrokerConfig {
        try BrokerConfig.load(path: "server.properties", text: """
            broker.id=1
            log.dirs=data
            zookeeper.connect=127.0.0.1:2181
            listeners=PLAINTEXT://127.0.0.1:9092,SASL_PLAINTEXT://127.0.0.1:9094
            inter.broker.listener.name=PLAINTEXT
            \(lines)
            """).config
    }

    @Test func readsMechanismsAndPlainUsersPerListener() throws {
        let config = try load("""
            sasl.enabled.mechanisms=SCRAM-SHA-512
            listener.name.sasl_plaintext.sasl.enabled.mechanisms=PLAIN, SCRAM-SHA-256
            listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_alice="a" user_bob="b";
            """)
        let settings = try #require(try config.saslSettings(forListener: "SASL_PLAINTEXT"))
        #expect(settings.enabledMechanisms == ["PLAIN", "SCRAM-SHA-256"])
        #expect(settings.plainUsers == ["alice": "a", "bob": "b"])
        #expect(try config.saslSettings(forListener: "PLAINTEXT") == nil)
    }

    @Test func kafkasDefaultGssapiAndUnknownMechanismsStopStartUp() {
        #expect(throws: ConfigError.self) { try load("") }
        #expect(throws: ConfigError.self) { try load("sasl.enabled.mechanisms=OAUTHBEARER") }
    }

    @Test func plainWithoutUsersStopsStartUp() {
        #expect(throws: ConfigError.self) { try load("sasl.enabled.mechanisms=PLAIN") }
    }

    @Test func theBrokersOwnTrafficOnASaslListenerStopsStartUp() {
        #expect(throws: ConfigError.self) {
            try load("sasl.enabled.mechanisms=SCRAM-SHA-256\ninter.broker.listener.name=SASL_PLAINTEXT")
        }
    }

    @Test func saslKeysAreNotReportedAsUnknown() throws {
        let loaded = try BrokerConfig.load(path: "server.properties", text: """
            broker.id=1
            log.dirs=data
            zookeeper.connect=127.0.0.1:2181
            listeners=PLAINTEXT://127.0.0.1:9092,SASL_PLAINTEXT://127.0.0.1:9094
            inter.broker.listener.name=PLAINTEXT
            sasl.enabled.mechanisms=SCRAM-SHA-256
            sasl.mechanism.inter.broker.protocol=PLAIN
            """)
        #expect(!loaded.warnings.contains { $0.contains("unknown configuration key sasl.enabled.mechanisms") })
        #expect(loaded.warnings.contains { $0.contains("sasl.mechanism.inter.broker.protocol is accepted") })
    }
}
