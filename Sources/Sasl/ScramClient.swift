import Foundation

/// The client's side of SCRAM (RFC 5802), as Kafka's `ScramSaslClient`: for the CLI and tests.
public final class ScramClient {
    public let mechanism: ScramMechanism
    private let username: String
    private let password: String
    private let clientNonce: String
    private var clientFirstBare = ""
    private var expectedServerSignature: [UInt8]?

    public init(mechanism: ScramMechanism, username: String, password: String, nonce: String? = nil) {
        self.mechanism = mechanism
        self.username = username
        self.password = password
        clientNonce = nonce ?? ScramServer.serverNonce()
    }

    /// The first message: `n,,n=<user>,r=<nonce>`.
    public func firstMessage() -> [UInt8] {
        clientFirstBare = "n=\(ScramServer.escape(username)),r=\(clientNonce)"
        return Array("n,,\(clientFirstBare)".utf8)
    }

    /// Answers the server's first message with the proof.
    /// - Throws: `SaslError` for a malformed challenge, a nonce that does not extend ours, or too few iterations.
    public func finalMessage(serverFirst: [UInt8]) throws(SaslError) -> [UInt8] {
        guard let text = String(validating: serverFirst, as: UTF8.self) else { throw SaslError("not UTF-8") }
        let attributes = try ScramServer.attributes(text)
        guard attributes.count >= 3, attributes[0].key == "r", attributes[1].key == "s", attributes[2].key == "i",
              attributes[0].value.hasPrefix(clientNonce), attributes[0].value.count > clientNonce.count,
              let salt = Data(base64Encoded: attributes[1].value), let iterations = Int(attributes[2].value)
        else { throw SaslError("Invalid SCRAM server first message") }
        guard ScramMechanism.iterationRange.contains(iterations) else {
            throw SaslError("Requested iterations \(iterations) is outside \(ScramMechanism.iterationRange)")
        }
        let saltedPassword = mechanism.saltedPassword(password, salt: Array(salt), iterations: iterations)
        let clientKey = mechanism.hmac(key: saltedPassword, Array("Client Key".utf8))
        let storedKey = mechanism.hash(clientKey)
        let withoutProof = "c=\(Data("n,,".utf8).base64EncodedString()),r=\(attributes[0].value)"
        let authMessage = Array("\(clientFirstBare),\(text),\(withoutProof)".utf8)
        let proof = zip(clientKey, mechanism.hmac(key: storedKey, authMessage)).map { $0 ^ $1 }
        let serverKey = mechanism.hmac(key: saltedPassword, Array("Server Key".utf8))
        expectedServerSignature = mechanism.hmac(key: serverKey, authMessage)
        return Array("\(withoutProof),p=\(Data(proof).base64EncodedString())".utf8)
    }

    /// Checks the server's signature: a server that does not know the credential cannot produce it.
    public func verify(serverFinal: [UInt8]) throws(SaslError) {
        guard let text = String(validating: serverFinal, as: UTF8.self), text.hasPrefix("v="),
              let signature = Data(base64Encoded: String(text.dropFirst(2))),
              let expected = expectedServerSignature, constantTimeEqual(Array(signature), expected)
        else { throw SaslError("Invalid SCRAM server final message") }
    }
}
