import Foundation
import Sasl
import ZooKeeperClient

/// How this broker authenticates to ZooKeeper and which ACLs its znodes get, as Kafka 2.8 decides it:
///
/// - Credentials come from the JAAS file's `Client` section (`zookeeper.sasl.clientconfig` names another):
///   `username` and `password` of its login module, Kafka's `DigestLoginModule` entry. The C client here has no
///   SASL, so the broker presents them with ZooKeeper's `digest` scheme (identity
///   `digest:<user>:<base64 SHA-1 of user:password>`); brokers sharing the credentials share the identity, so any
///   of them may change what another created, as Kafka's brokers sharing a SASL user may.
/// - `zookeeper.set.acl=true` gives every znode the broker creates every permission for that identity and read
///   for everyone, except under the sensitive roots (`/config/users` with SCRAM credentials, `/config/brokers`
///   with broker passwords, `/delegation_token/tokens`), which no one else may read; `/consumers` stays open for
///   the old consumers. Without credentials that setting stops start-up, as Kafka's does. Existing znodes keep
///   their ACLs (Kafka's `zookeeper-security-migration` changes those; Tributary has no such tool yet).
struct ZooKeeperSecurity {
    var authentication: [ZooKeeperAuthentication] = []
    var setAcl = false

    /// Kafka's `ZkData.sensitiveRootPaths`.
    static let sensitiveRoots = ["/config/users", "/config/brokers", "/delegation_token/tokens"]

    /// Kafka's `ZkData.defaultAcls`: open without `zookeeper.set.acl`, and always for `/consumers` (the old
    /// consumers write under it).
    static func acl(setAcl: Bool, path: String) -> ZooKeeperACL {
        guard setAcl, path != "/consumers" else { return .openUnsafe }
        let sensitive = sensitiveRoots.contains { path.hasPrefix($0) }
        return sensitive ? .creatorAll : .creatorAllWorldRead
    }

    var aclPolicy: ZooKeeperACL.Policy {
        let setAcl = self.setAcl
        return { Self.acl(setAcl: setAcl, path: $0) }
    }

    struct Invalid: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// Reads the JAAS file named by the config, if any.
    /// - Throws: `Invalid` when the file cannot be read or parsed, its section has no username and password, or
    ///   `zookeeper.set.acl=true` comes without credentials.
    init(config: BrokerConfig, readFile: (String) -> String? = { try? String(contentsOfFile: $0, encoding: .utf8) })
        throws(Invalid)
    {
        setAcl = config.zookeeperSetAcl
        if let path = config.jaasConfigFile {
            guard let text = readFile(path) else { throw Invalid(message: "cannot read the JAAS file \(path)") }
            let jaas: JaasConfig
            do {
                jaas = try JaasConfig.parseFile(text)
            } catch {
                throw Invalid(message: "JAAS file \(path): \(error)")
            }
            if let entry = jaas.sections[config.zookeeperSaslClientConfig]?.first {
                guard let username = entry.options["username"], let password = entry.options["password"],
                      !username.isEmpty
                else {
                    throw Invalid(message: "JAAS file \(path), section \(config.zookeeperSaslClientConfig): "
                        + "\(entry.loginModule) needs username and password")
                }
                authentication = [.digest(username: username, password: password)]
            }
        }
        if setAcl && authentication.isEmpty {
            throw Invalid(message: "zookeeper.set.acl is true, but no ZooKeeper credentials were found: set "
                + "java.security.auth.login.config to a JAAS file with a \(config.zookeeperSaslClientConfig) section")
        }
    }
}
