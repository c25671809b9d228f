import Crypto
import Foundation

/// SCRAM-SHA-256 or SCRAM-SHA-512 (RFC 5802, RFC 7677): the hash and the iteration bounds Kafka enforces.
public enum ScramMechanism: String, CaseIterable, Sendable {
    case sha256 = "SCRAM-SHA-256"
    case sha512 = "SCRAM-SHA-512"

    public var name: String { rawValue }

    /// Kafka's `ScramMechanism.minIterations` / `maxIterations`.
    public static let iterationRange = 4096...16384

    /// Kafka's wire code of the mechanism (DescribeUserScramCredentials/AlterUserScramCredentials).
    public var wireType: Int8 {
        switch self {
        case .sha256: 1
        case .sha512: 2
        }
    }

    public init?(wireType: Int8) {
        guard let mechanism = Self.allCases.first(where: { $0.wireType == wireType }) else { return nil }
        self = mechanism
    }

    func hash(_ data: [UInt8]) -> [UInt8] {
        switch self {
        case .sha256: Array(SHA256.hash(data: data))
        case .sha512: Array(SHA512.hash(data: data))
        }
    }

    func hmac(key: [UInt8], _ data: [UInt8]) -> [UInt8] {
        let key = SymmetricKey(data: key)
        switch self {
        case .sha256: return Array(HMAC<SHA256>.authenticationCode(for: data, using: key))
        case .sha512: return Array(HMAC<SHA512>.authenticationCode(for: data, using: key))
        }
    }

    /// RFC 5802's Hi(): PBKDF2 with this HMAC, one block (the hash's length). `iterations` must be checked by
    /// the caller against `iterationRange`.
    public func saltedPassword(_ password: String, salt: [UInt8], iterations: Int) -> [UInt8] {
        let key = Array(password.utf8)
        var block = hmac(key: key, salt + [0, 0, 0, 1])
        var result = block
        for _ in 1..<max(iterations, 1) {
            block = hmac(key: key, block)
            for index in result.indices { result[index] ^= block[index] }
        }
        return result
    }
}

/// One user's SCRAM credential as Kafka stores it in `/config/users/<user>` (never the password):
/// `salt=<base64>,stored_key=<base64>,server_key=<base64>,iterations=<n>`.
public struct ScramCredential: Equatable, Sendable {
    public var salt: [UInt8]
    public var storedKey: [UInt8]
    public var serverKey: [UInt8]
    public var iterations: Int

    public init(salt: [UInt8], storedKey: [UInt8], serverKey: [UInt8], iterations: Int) {
        self.salt = salt
        self.storedKey = storedKey
        self.serverKey = serverKey
        self.iterations = iterations
    }

    /// Derives the credential from a password (the broker does this for AlterUserScramCredentials' `salted
    /// password`, a client tool for a new user).
    public init(mechanism: ScramMechanism, password: String, salt: [UInt8], iterations: Int) {
        self.init(mechanism: mechanism, saltedPassword: mechanism.saltedPassword(password, salt: salt,
                                                                                 iterations: iterations),
                  salt: salt, iterations: iterations)
    }

    /// The credential from an already salted password (what AlterUserScramCredentials carries).
    public init(mechanism: ScramMechanism, saltedPassword: [UInt8], salt: [UInt8], iterations: Int) {
        let clientKey = mechanism.hmac(key: saltedPassword, Array("Client Key".utf8))
        self.init(salt: salt, storedKey: mechanism.hash(clientKey),
                  serverKey: mechanism.hmac(key: saltedPassword, Array("Server Key".utf8)), iterations: iterations)
    }

    /// Kafka's `ScramCredentialUtils.credentialToString`.
    public var kafkaString: String {
        "salt=\(Data(salt).base64EncodedString()),stored_key=\(Data(storedKey).base64EncodedString()),"
            + "server_key=\(Data(serverKey).base64EncodedString()),iterations=\(iterations)"
    }

    /// Parses Kafka's stored form; nil when any part is missing or malformed (a znode may hold anything). The
    /// iteration count is only passed on to clients, which enforce their own minimum.
    public init?(kafkaString: String) {
        var fields: [String: String] = [:]
        for part in kafkaString.split(separator: ",") {
            guard let equals = part.firstIndex(of: "=") else { return nil }
            fields[String(part[..<equals])] = String(part[part.index(after: equals)...])
        }
        guard let salt = fields["salt"].flatMap({ Data(base64Encoded: $0) }),
              let storedKey = fields["stored_key"].flatMap({ Data(base64Encoded: $0) }),
              let serverKey = fields["server_key"].flatMap({ Data(base64Encoded: $0) }),
              let iterations = fields["iterations"].flatMap({ Int($0) }),
              (1...Int(Int32.max)).contains(iterations), !salt.isEmpty
        else { return nil }
        self.init(salt: Array(salt), storedKey: Array(storedKey), serverKey: Array(serverKey),
                  iterations: iterations)
    }
}
