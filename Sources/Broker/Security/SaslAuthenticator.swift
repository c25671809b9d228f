import Sasl

/// One connection's SASL exchange on the broker, for the mechanism the client chose in SaslHandshake: PLAIN
/// against the listener's JAAS users, SCRAM against the credentials in ZooKeeper (looked up when the client
/// names its user, so a credential added or removed counts from the next authentication on).
final class SaslAuthenticator {
    /// Where SCRAM credentials come from: `/config/users/<user>` in ZooKeeper in the broker, a table in tests.
    typealias ScramCredentials = @Sendable (_ user: String, _ mechanism: ScramMechanism) async -> ScramCredential?

    let mechanism: String
    private var plain: PlainServer?
    private var scram: ScramServer?
    private let scramMechanism: ScramMechanism?
    private let credentials: ScramCredentials

    /// - Returns: nil for a mechanism not in `enabled` or one Tributary does not implement.
    init?(mechanism: String, listener: SaslListenerSettings, credentials: @escaping ScramCredentials) {
        guard listener.enabledMechanisms.contains(mechanism) else { return nil }
        self.mechanism = mechanism
        self.credentials = credentials
        if mechanism == "PLAIN" {
            let users = listener.plainUsers
            plain = PlainServer(passwordOf: { users[$0] })
            scramMechanism = nil
        } else if let scram = ScramMechanism(rawValue: mechanism) {
            scramMechanism = scram
        } else {
            return nil
        }
    }

    var authorizationID: String? { plain?.authorizationID ?? scram?.authorizationID }
    var isComplete: Bool { plain?.isComplete ?? scram?.isComplete ?? false }

    /// Consumes the client's next token; returns the challenge.
    /// - Throws: `SaslError`: the client failed (the connection is then answered and closed).
    func evaluate(_ token: [UInt8]) async throws(SaslError) -> [UInt8] {
        if let plain { return try plain.evaluate(token) }
        guard let scramMechanism else { throw SaslError("no mechanism") }
        if let scram { return try scram.evaluate(token) }
        // The first SCRAM message names the user: fetch that user's credential, then let the exchange run.
        let user = ScramServer.username(fromClientFirst: token)
        let credential: ScramCredential? = if let user { await credentials(user, scramMechanism) } else { nil }
        let server = ScramServer(mechanism: scramMechanism, credentialOf: { $0 == user ? credential : nil })
        scram = server
        return try server.evaluate(token)
    }
}
