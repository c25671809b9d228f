// SASL mechanisms as Kafka speaks them (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512): the server's and the client's side
// of each exchange, and Kafka's stored form of SCRAM credentials. No I/O and no Kafka framing: a broker feeds it
// the bytes of SaslAuthenticate requests (or raw tokens after SaslHandshake v0), a client the server's answers.
//
// Every input is the peer's: malformed or hostile bytes end the exchange with `SaslError`, never a trap.

/// Why an exchange failed. `message` is what Kafka tells the client (in SaslAuthenticate's ErrorMessage).
public struct SaslError: Error, Equatable, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// Kafka's answer to a wrong password or an unknown user (both alike, so a client cannot tell which).
    static func invalidCredentials(_ mechanism: String) -> SaslError {
        SaslError("Authentication failed during authentication due to invalid credentials with SASL mechanism "
            + mechanism)
    }
}

/// The server's side of one authentication.
public protocol SaslServer: AnyObject {
    /// The mechanism's name, as in `sasl.enabled.mechanisms`.
    var mechanism: String { get }
    /// Consumes the client's next message; returns the challenge to send back (empty when there is none).
    /// - Throws: `SaslError` when the client fails to authenticate or breaks the protocol; the exchange is over.
    func evaluate(_ response: [UInt8]) throws(SaslError) -> [UInt8]
    /// True once the client has authenticated.
    var isComplete: Bool { get }
    /// The authenticated user (the principal's name), once complete.
    var authorizationID: String? { get }
}
