@testable import Broker
import Testing
import ZooKeeperClient

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

@Suite struct ZooKeeperSecurityTests {
    func config(_ lines: String) throws -> BrokerConfig {
        try BrokerConfig.load(path: "server.properties", text: """
            broker.id=1
            log.dirs=data
            zookeeper.connect=127.0.0.1:2181
            \(lines)
            """).config
    }

    let jaasFile = """
        Client { org.apache.zookeeper.server.auth.DigestLoginModule required username="kafka" password="secret"; };
        """

    @Test func readsTheClientSectionsCredentialsForTheDigestScheme() throws {
        let config = try config("zookeeper.set.acl=true\njava.security.auth.login.config=/etc/jaas.conf")
        let security = try ZooKeeperSecurity(config: config) { $0 == "/etc/jaas.conf" ? jaasFile : nil }
        #expect(security.setAcl)
        #expect(security.authentication == [.digest(username: "kafka", password: "secret")])
        #expect(security.authentication.first?.credential == Array("kafka:secret".utf8))
    }

    @Test func authenticatesWithoutSettingAclsWhenSetAclIsFalse() throws {
        let config = try config("java.security.auth.login.config=/etc/jaas.conf")
        let security = try ZooKeeperSecurity(config: config) { _ in jaasFile }
        #expect(!security.setAcl)
        #expect(security.authentication.count == 1)
        #expect(ZooKeeperSecurity.acl(setAcl: false, path: "/brokers/ids/1") == .openUnsafe)
    }

    @Test func setAclWithoutCredentialsIsAConfigurationError() throws {
        #expect(throws: ZooKeeperSecurity.Invalid.self) {
            try ZooKeeperSecurity(config: try config("zookeeper.set.acl=true")) { _ in nil }
        }
        // A JAAS file without the section the ZooKeeper client reads is no credential either.
        let other = try config("""
            zookeeper.set.acl=true
            java.security.auth.login.config=/etc/jaas.conf
            zookeeper.sasl.clientconfig=ZkClient
            """)
        #expect(throws: ZooKeeperSecurity.Invalid.self) { try ZooKeeperSecurity(config: other) { _ in jaasFile } }
        let unreadable = try config("zookeeper.set.acl=true\njava.security.auth.login.config=/missing")
        #expect(throws: ZooKeeperSecurity.Invalid.self) { try ZooKeeperSecurity(config: unreadable) { _ in nil } }
        let noPassword = "Client { org.apache.zookeeper.server.auth.DigestLoginModule required username=\"k\"; };"
        #expect(throws: ZooKeeperSecurity.Invalid.self) {
            try ZooKeeperSecurity(config: unreadable) { _ in noPassword }
        }
    }

    @Test func aclsFollowKafkasDefaultAcls() {
        #expect(ZooKeeperSecurity.acl(setAcl: true, path: "/brokers/topics/t") == .creatorAllWorldRead)
        #expect(ZooKeeperSecurity.acl(setAcl: true, path: "/controller") == .creatorAllWorldRead)
        #expect(ZooKeeperSecurity.acl(setAcl: true, path: "/config/users") == .creatorAll)
        #expect(ZooKeeperSecurity.acl(setAcl: true, path: "/config/users/alice") == .creatorAll)
        #expect(ZooKeeperSecurity.acl(setAcl: true, path: "/config/brokers/<default>") == .creatorAll)
        #expect(ZooKeeperSecurity.acl(setAcl: true, path: "/config/topics/t") == .creatorAllWorldRead)
        #expect(ZooKeeperSecurity.acl(setAcl: true, path: "/consumers") == .openUnsafe)
    }
}
