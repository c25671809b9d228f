/// SASL PLAIN (RFC 4616), as Kafka's `PlainSaslServer`: one message `[authzid] NUL authcid NUL passwd`, checked
/// against the passwords a listener's JAAS config lists (`user_<name>="<password>"`).
public final class PlainServer: SaslServer {
    public let mechanism = "PLAIN"
    /// The password of a user, or nil for an unknown one.
    private let passwordOf: (String) -> String?
    public private(set) var isComplete = false
    public private(set) var authorizationID: String?

    public init(passwordOf: @escaping (String) -> String?) {
        self.passwordOf = passwordOf
    }

    public func evaluate(_ response: [UInt8]) throws(SaslError) -> [UInt8] {
        guard !isComplete else { throw SaslError("PLAIN: the exchange is already complete") }
        let parts = response.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw SaslError("Invalid SASL/PLAIN response: expected 3 tokens, got \(parts.count)")
        }
        guard let authorizationID = String(validating: parts[0], as: UTF8.self),
              let username = String(validating: parts[1], as: UTF8.self),
              let password = String(validating: parts[2], as: UTF8.self)
        else { throw SaslError("Invalid SASL/PLAIN response: not UTF-8") }
        guard !username.isEmpty else { throw SaslError("Authentication failed: username not specified") }
        guard !password.isEmpty else { throw SaslError("Authentication failed: password not specified") }
        guard authorizationID.isEmpty || authorizationID == username else {
            throw SaslError("Authentication failed: Client requested an authorization id that is different from "
                + "username")
        }
        guard let expected = passwordOf(username), constantTimeEqual(Array(expected.utf8), Array(password.utf8))
        else { throw SaslError("Authentication failed: Invalid username or password") }
        self.authorizationID = username
        isComplete = true
        return []
    }
}

/// Compares without stopping at the first difference, so the time taken says nothing about the secret.
func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    guard lhs.count == rhs.count else { return false }
    var difference: UInt8 = 0
    for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
    return difference == 0
}
