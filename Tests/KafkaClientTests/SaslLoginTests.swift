import KafkaClient
import Testing

@Suite struct SaslLoginTests {
    @Test func readsKafkaClientKeys() throws {
        let security = try ClientSecurity(properties: [
            "security.protocol": "SASL_PLAINTEXT", "sasl.mechanism": "SCRAM-SHA-512",
            "sasl.jaas.config": #"org.apache.kafka.common.security.scram.ScramLoginModule required username="bob" "#
                + #"password="b;o\"b";"#,
        ])
        #expect(security.sasl == SaslLogin(mechanism: .scramSha512, username: "bob", password: "b;o\"b"))
    }

    @Test func readsLibrdkafkaKeys() throws {
        let login = try SaslLogin(properties: ["sasl.mechanism": "plain", "sasl.username": "alice",
                                               "sasl.password": "secret"])
        #expect(login == SaslLogin(mechanism: .plain, username: "alice", password: "secret"))
    }

    @Test(arguments: [
        [:],                                                          // Kafka's default GSSAPI is not spoken
        ["sasl.mechanism": "OAUTHBEARER", "sasl.username": "a", "sasl.password": "b"],
        ["sasl.mechanism": "PLAIN"],                                  // no credentials
        ["sasl.mechanism": "PLAIN", "sasl.jaas.config": "x required;"],  // no username/password options
        ["sasl.mechanism": "PLAIN", "sasl.jaas.config": "x required username=\"a\" "],  // unterminated
    ])
    func refusesUnusableLogins(_ properties: [String: String]) {
        #expect(throws: TLSSettings.Invalid.self) { try SaslLogin(properties: properties) }
    }

    @Test func plaintextClientsHaveNoLogin() throws {
        #expect(try ClientSecurity(properties: ["security.protocol": "SSL"]).sasl == nil)
    }
}
