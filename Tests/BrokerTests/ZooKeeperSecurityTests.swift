@testable import Broker
import Sasl
import Testing
import ZooKeeperClient

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
