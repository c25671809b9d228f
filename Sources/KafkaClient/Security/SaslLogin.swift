import KafkaProtocol
import NIOCore
import Sasl

/// The SASL login a client performs on each new connection before its first request: the mechanism and the
/// user's name and password, from Kafka's client keys (`sasl.mechanism`, `sasl.jaas.config`) or librdkafka's
/// (`sasl.username`, `sasl.password`).
public struct SaslLogin: Sendable, Equatable {
    public enum Mechanism: String, Sendable, CaseIterable {
        case plain = "PLAIN"
        case scramSha256 = "SCRAM-SHA-256"
        case scramSha512 = "SCRAM-SHA-512"
    }

    public var mechanism: Mechanism
    public var username: String
    public var password: String

    public init(mechanism: Mechanism, username: String, password: String) {
        self.mechanism = mechanism
        self.username = username
        self.password = password
    }

    /// Reads the login from client properties. Kafka's default mechanism is GSSAPI, which Tributary does not
    /// speak, so `sasl.mechanism` must name one of ours.
    /// - Throws: `TLSSettings.Invalid` naming the key that is missing or unusable.
    public init(properties: [String: String]) throws(TLSSettings.Invalid) {
        let name = properties["sasl.mechanism"]?.trimmingSpaces ?? "GSSAPI"
        guard let mechanism = Mechanism(rawValue: name.uppercased()) else {
            throw TLSSettings.Invalid(
                key: "sasl.mechanism",
                message: "expected one of \(Mechanism.allCases.map(\.rawValue).joined(separator: ", ")), found '\(name)'")
        }
        if let inline = properties["sasl.jaas.config"] {
            let entries: [JaasConfig.Entry]
            do {
                entries = try JaasConfig.parseEntries(inline)
            } catch {
                throw TLSSettings.Invalid(key: "sasl.jaas.config", message: error.message)
            }
            guard let entry = entries.first(where: { $0.options["username"] != nil }),
                  let username = entry.options["username"], let password = entry.options["password"]
            else { throw TLSSettings.Invalid(key: "sasl.jaas.config", message: "no username and password options") }
            self.init(mechanism: mechanism, username: username, password: password)
            return
        }
        guard let username = properties["sasl.username"], let password = properties["sasl.password"] else {
            throw TLSSettings.Invalid(key: "sasl.jaas.config",
                                      message: "SASL needs sasl.jaas.config (or sasl.username and sasl.password)")
        }
        self.init(mechanism: mechanism, username: username, password: password)
    }

    /// Runs the exchange on a fresh connection: SaslHandshake v1, then the mechanism's tokens in SaslAuthenticate
    /// v1 requests (KIP-152), as Kafka's `SaslClientAuthenticator`.
    /// - Returns: the session lifetime the broker granted in milliseconds (KIP-368), 0 when it does not expire.
    /// - Throws: `KafkaClientError.authenticationFailed` with the broker's message when the broker refuses the
    ///   mechanism or the credentials, or its answer cannot be trusted (a SCRAM server signature that does not
    ///   verify); connection errors as they come.
    func authenticate(_ connection: KafkaConnection) async throws -> Int64 {
        let handshake = try await connection.send(SaslHandshakeRequest(mechanism: mechanism.rawValue), version: 1)
        guard handshake.errorCode == .none else {
            throw KafkaClientError.authenticationFailed(
                "the broker refused SASL mechanism \(mechanism.rawValue) (\(handshake.errorCode.name)); it enables "
                    + handshake.mechanisms.joined(separator: ", "))
        }
        switch mechanism {
        case .plain:
            return try await exchange(Array("\0\(username)\0\(password)".utf8), on: connection).lifetimeMs
        case .scramSha256, .scramSha512:
            let client = ScramClient(mechanism: mechanism == .scramSha256 ? .sha256 : .sha512, username: username,
                                     password: password)
            let serverFirst = try await exchange(client.firstMessage(), on: connection).token
            do {
                let serverFinal = try await exchange(try client.finalMessage(serverFirst: serverFirst), on: connection)
                try client.verify(serverFinal: serverFinal.token)
                return serverFinal.lifetimeMs
            } catch let error as SaslError {
                throw KafkaClientError.authenticationFailed("\(mechanism.rawValue): \(error.message)")
            }
        }
    }

    private func exchange(_ token: [UInt8], on connection: KafkaConnection) async throws
        -> (token: [UInt8], lifetimeMs: Int64)
    {
        var bytes = ByteBuffer()
        bytes.writeBytes(token)
        let response = try await connection.send(SaslAuthenticateRequest(authBytes: bytes), version: 1)
        guard response.errorCode == .none else {
            throw KafkaClientError.authenticationFailed(response.errorMessage ?? response.errorCode.name)
        }
        return (Array(response.authBytes.readableBytesView), max(0, response.sessionLifetimeMs))
    }
}

/// What every new connection of a client does before its first request: TLS (one context shared by all
/// connections) and a SASL login. The default is neither: plaintext.
public struct ConnectionSecurity: Sendable {
    public var tls: ClientTLS?
    public var sasl: SaslLogin?

    public init(tls: ClientTLS? = nil, sasl: SaslLogin? = nil) {
        self.tls = tls
        self.sasl = sasl
    }

    public static let plaintext = ConnectionSecurity()
}
