import Foundation

/// The server's side of SCRAM (RFC 5802) as Kafka's `ScramSaslServer`: client-first → server-first,
/// client-final → server-final. No channel binding (`n,,` only); the `tokenauth` extension (delegation tokens) is
/// refused, as there are none. The nonce comes from the system's secure random source.
public final class ScramServer: SaslServer {
    public let scramMechanism: ScramMechanism
    public var mechanism: String { scramMechanism.name }
    private let credentialOf: (String) -> ScramCredential?
    private let makeNonce: () -> String

    private enum State {
        case awaitingClientFirst
        case awaitingClientFinal(username: String, credential: ScramCredential, clientFirstBare: String,
                                 serverFirst: String, nonce: String)
        case complete(username: String)
        case failed
    }
    private var state = State.awaitingClientFirst

    /// - Parameter credentialOf: the stored credential of a user for this mechanism, nil for an unknown user.
    /// - Parameter serverNonce: the server's half of the nonce (tests fix it to replay RFC 7677's example).
    public init(mechanism: ScramMechanism, credentialOf: @escaping (String) -> ScramCredential?,
                serverNonce: @escaping () -> String = ScramServer.serverNonce)
    {
        self.scramMechanism = mechanism
        self.credentialOf = credentialOf
        makeNonce = serverNonce
    }

    public var isComplete: Bool {
        if case .complete = state { return true }
        return false
    }

    public var authorizationID: String? {
        if case .complete(let username) = state { return username }
        return nil
    }

    public func evaluate(_ response: [UInt8]) throws(SaslError) -> [UInt8] {
        let current = state
        state = .failed  // whatever goes wrong below ends the exchange
        guard let message = String(validating: response, as: UTF8.self) else {
            throw SaslError("Invalid SCRAM message: not UTF-8")
        }
        switch current {
        case .awaitingClientFirst:
            return try clientFirst(message)
        case let .awaitingClientFinal(username, credential, clientFirstBare, serverFirst, nonce):
            return try clientFinal(message, username: username, credential: credential,
                                   clientFirstBare: clientFirstBare, serverFirst: serverFirst, nonce: nonce)
        case .complete, .failed:
            throw SaslError("Unexpected SCRAM message: the exchange is over")
        }
    }

    private func clientFirst(_ message: String) throws(SaslError) -> [UInt8] {
        // gs2-header "n,," or "n,a=<authzid>," then the bare message "n=<user>,r=<nonce>[,extensions]".
        let parts = message.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "n" else {
            throw SaslError("Invalid SCRAM client first message: channel binding is not supported")
        }
        let authorizationID = parts[1].isEmpty ? nil : parts[1].hasPrefix("a=") ? String(parts[1].dropFirst(2)) : ""
        let bare = String(parts[2])
        let attributes = try Self.attributes(bare)
        guard let rawUsername = attributes.first, rawUsername.key == "n", attributes.count >= 2,
              attributes[1].key == "r", !attributes[1].value.isEmpty
        else { throw SaslError("Invalid SCRAM client first message: expected n=<user>,r=<nonce>") }
        guard let username = Self.unescape(rawUsername.value), !username.isEmpty else {
            throw SaslError("Invalid SCRAM client first message: malformed username")
        }
        if let authorizationID, authorizationID != username {
            throw SaslError("Authentication failed: Client requested an authorization id that is different from "
                + "username")
        }
        if attributes.dropFirst(2).contains(where: { $0.key == "tokenauth" && $0.value == "true" }) {
            throw SaslError("Authentication failed: delegation tokens are not supported")
        }
        guard let credential = credentialOf(username) else { throw .invalidCredentials(mechanism) }
        let nonce = attributes[1].value + makeNonce()
        let serverFirst = "r=\(nonce),s=\(Data(credential.salt).base64EncodedString()),i=\(credential.iterations)"
        state = .awaitingClientFinal(username: username, credential: credential, clientFirstBare: bare,
                                     serverFirst: serverFirst, nonce: nonce)
        return Array(serverFirst.utf8)
    }

    private func clientFinal(_ message: String, username: String, credential: ScramCredential,
                             clientFirstBare: String, serverFirst: String, nonce: String) throws(SaslError) -> [UInt8]
    {
        // "c=<base64 gs2 header>,r=<nonce>[,extensions],p=<base64 proof>"; the proof is last.
        guard let proofStart = message.range(of: ",p=", options: .backwards) else {
            throw SaslError("Invalid SCRAM client final message: no proof")
        }
        let withoutProof = String(message[..<proofStart.lowerBound])
        let attributes = try Self.attributes(withoutProof)
        guard attributes.count >= 2, attributes[0].key == "c", attributes[1].key == "r" else {
            throw SaslError("Invalid SCRAM client final message: expected c=...,r=...")
        }
        guard attributes[1].value == nonce else { throw SaslError("Invalid SCRAM client final message: wrong nonce") }
        guard let binding = Data(base64Encoded: attributes[0].value), binding.starts(with: Array("n,".utf8)) else {
            throw SaslError("Invalid SCRAM client final message: channel binding is not supported")
        }
        guard let proof = Data(base64Encoded: String(message[proofStart.upperBound...])).map(Array.init),
              proof.count == credential.storedKey.count
        else { throw SaslError("Invalid SCRAM client final message: malformed proof") }
        let authMessage = Array("\(clientFirstBare),\(serverFirst),\(withoutProof)".utf8)
        let clientSignature = scramMechanism.hmac(key: credential.storedKey, authMessage)
        let clientKey = zip(proof, clientSignature).map { $0 ^ $1 }
        guard constantTimeEqual(scramMechanism.hash(clientKey), credential.storedKey) else {
            throw .invalidCredentials(mechanism)
        }
        let serverSignature = scramMechanism.hmac(key: credential.serverKey, authMessage)
        state = .complete(username: username)
        return Array("v=\(Data(serverSignature).base64EncodedString())".utf8)
    }

    /// The user a client-first message names, or nil if it is malformed (the exchange then fails on it).
    public static func username(fromClientFirst message: [UInt8]) -> String? {
        guard let text = String(validating: message, as: UTF8.self) else { return nil }
        let parts = text.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let first = try? attributes(String(parts[2])).first, first.key == "n" else {
            return nil
        }
        return unescape(first.value)
    }

    /// `k=v` attributes separated by commas, in order.
    static func attributes(_ text: String) throws(SaslError) -> [(key: String, value: String)] {
        var result: [(key: String, value: String)] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let equals = part.firstIndex(of: "="), equals != part.startIndex else {
                throw SaslError("Invalid SCRAM message: malformed attribute")
            }
            result.append((String(part[..<equals]), String(part[part.index(after: equals)...])))
        }
        return result
    }

    /// RFC 5802's saslname: "=2C" is ',' and "=3D" is '='; any other '=' is malformed.
    static func unescape(_ name: String) -> String? {
        var result = ""
        var index = name.startIndex
        while index < name.endIndex {
            if name[index] == "=" {
                let escape = name[index...].prefix(3)
                switch escape {
                case "=2C": result.append(",")
                case "=3D": result.append("=")
                default: return nil
                }
                index = name.index(index, offsetBy: 3)
            } else {
                result.append(name[index])
                index = name.index(after: index)
            }
        }
        return result
    }

    static func escape(_ name: String) -> String {
        name.replacingOccurrences(of: "=", with: "=3D").replacingOccurrences(of: ",", with: "=2C")
    }

    /// 32 random bytes, base64 (the server's half of the nonce).
    public static func serverNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }).base64EncodedString()
    }
}
