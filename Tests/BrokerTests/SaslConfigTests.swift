@testable import Broker
import KafkaClient
import Testing

@Suite struct SaslConfigTests {
    func load(_ lines: String, interBrokerListener: String = "PLAINTEXT") throws -> BrokerConfig {
        try BrokerConfig.load(path: "server.properties", text: """
            broker.id=1
            log.dirs=data
            zookeeper.connect=127.0.0.1:2181
            listeners=PLAINTEXT://127.0.0.1:9092,SASL_PLAINTEXT://127.0.0.1:9094
            inter.broker.listener.name=\(interBrokerListener)
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

    @Test func aSaslInterBrokerListenerNeedsAServedMechanismAndALogin() throws {
        let base = "sasl.enabled.mechanisms=SCRAM-SHA-256\n"
        let login = "listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config="
            + #"org.apache.kafka.common.security.scram.ScramLoginModule required username="b" password="p";"#
        #expect(throws: ConfigError.self, "Kafka's default inter-broker mechanism GSSAPI") {
            try load(base + login, interBrokerListener: "SASL_PLAINTEXT")
        }
        #expect(throws: ConfigError.self, "a mechanism the listener does not enable") {
            try load(base + login + "\nsasl.mechanism.inter.broker.protocol=SCRAM-SHA-512",
                     interBrokerListener: "SASL_PLAINTEXT")
        }
        #expect(throws: ConfigError.self, "no username and password") {
            try load(base + "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-256", interBrokerListener: "SASL_PLAINTEXT")
        }
        _ = try load(base + login + "\nsasl.mechanism.inter.broker.protocol=SCRAM-SHA-256",
                     interBrokerListener: "SASL_PLAINTEXT")
    }

    @Test func theInterBrokerLoginComesFromTheListenersJaasConfig() throws {
        let config = try load("""
            sasl.enabled.mechanisms=SCRAM-SHA-256
            sasl.mechanism.inter.broker.protocol=SCRAM-SHA-256
            listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="broker" password="pw";
            """, interBrokerListener: "SASL_PLAINTEXT")
        #expect(try config.outgoingSaslLogin(toListener: "SASL_PLAINTEXT")
            == SaslLogin(mechanism: .scramSha256, username: "broker", password: "pw"))
        #expect(try config.outgoingSaslLogin(toListener: "PLAINTEXT") == nil)
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
        #expect(!loaded.warnings.contains { $0.contains("sasl.mechanism.inter.broker.protocol") })
    }
}
