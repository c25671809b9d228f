import Sasl
import Testing

@Suite struct JaasConfigTests {
    @Test func parsesAFileOfSectionsWithCommentsAndQuotedValues() throws {
        let jaas = try JaasConfig.parseFile("""
            /* The broker's logins. */
            KafkaServer {
                org.apache.kafka.common.security.plain.PlainLoginModule required
                username="admin" password="admin-secret" // the inter-broker user
                user_admin="admin-secret";
            };
            Client {
                org.apache.zookeeper.server.auth.DigestLoginModule required
                username="kafka"
                password="p;a=s\\"s";
            };
            """)
        #expect(jaas.sections.keys.sorted() == ["Client", "KafkaServer"])
        let client = try #require(jaas.sections["Client"]?.first)
        #expect(client.loginModule == "org.apache.zookeeper.server.auth.DigestLoginModule")
        #expect(client.flag == "required")
        #expect(client.options == ["username": "kafka", "password": "p;a=s\"s"])
        #expect(jaas.sections["KafkaServer"]?.first?.options["user_admin"] == "admin-secret")
    }

    @Test func parsesInlineEntriesAsSaslJaasConfigCarriesThem() throws {
        let entries = try JaasConfig.parseEntries(
            #"org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="x";"#)
        #expect(entries == [.init(loginModule: "org.apache.kafka.common.security.scram.ScramLoginModule",
                                  flag: "required", options: ["username": "alice", "password": "x"])])
    }

    @Test(arguments: [
        "Client { m required username=\"x\" ",            // unterminated section and entry
        "Client { m mandatory; };",                       // not a flag
        "Client { m required username; };",               // option without a value
        "Client { m required username=\"x; };",           // unterminated quote
        "/* never closed",
        "{ m required; };",                               // no section name
        "Client { m required; }",                         // missing ';' after the section
    ])
    func refusesMalformedFiles(_ text: String) {
        #expect(throws: JaasConfig.Invalid.self) { try JaasConfig.parseFile(text) }
    }

    @Test func refusesAnEmptyInlineConfig() {
        #expect(throws: JaasConfig.Invalid.self) { try JaasConfig.parseEntries("  // nothing\n") }
    }
}
