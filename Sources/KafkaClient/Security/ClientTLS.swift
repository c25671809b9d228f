import NIOCore
import NIOSSL

/// What an outgoing connection needs to speak TLS: the context (trust, this side's certificate, versions),
/// built once and shared by every connection of a client.
public struct ClientTLS: Sendable {
    let context: NIOSSLContext

    /// - Throws: `TLSSettings.Invalid` when the settings' stores cannot be read or the context refused.
    public init(settings: TLSSettings) throws {
        let configuration = try settings.clientConfiguration()
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw TLSSettings.Invalid(key: "ssl.keystore.location", message: "no TLS context can be made: \(error)")
        }
    }

    /// The handler that opens TLS toward `host`. An IP address is not sent as the server name (SNI forbids it);
    /// the certificate is then checked against the address.
    func handler(host: String) throws -> NIOSSLClientHandler {
        let isAddress = (try? SocketAddress(ipAddress: host, port: 0)) != nil
        return try NIOSSLClientHandler(context: context, serverHostname: isAddress ? nil : host)
    }
}

/// A client's connection settings as Kafka's client properties give them: `security.protocol`, the `ssl.*`
/// keys and the SASL login (the form of `--command-config` files and of librdkafka's and the Java client's
/// configurations).
public struct ClientSecurity: Sendable {
    /// `security.protocol`, default PLAINTEXT.
    public var securityProtocol: SecurityProtocol = .plaintext
    public var tls = TLSSettings()
    /// Set when `securityProtocol` uses SASL.
    public var sasl: SaslLogin?

    public init() {}

    /// - Throws: `TLSSettings.Invalid` naming a key whose value cannot be used.
    public init(properties: [String: String]) throws(TLSSettings.Invalid) {
        if let name = properties["security.protocol"] {
            guard let parsed = SecurityProtocol(name: name.trimmingSpaces) else {
                throw TLSSettings.Invalid(
                    key: "security.protocol",
                    message: "expected one of "
                        + "\(SecurityProtocol.allCases.map(\.rawValue).joined(separator: ", ")), found '\(name)'")
            }
            securityProtocol = parsed
        }
        tls = try TLSSettings(properties: properties)
        if securityProtocol.usesSASL { sasl = try SaslLogin(properties: properties) }
    }

    /// The TLS context for this client's connections; nil when they are plaintext.
    /// - Throws: `TLSSettings.Invalid` when the stores cannot be read.
    public func makeClientTLS() throws -> ClientTLS? {
        securityProtocol.usesTLS ? try ClientTLS(settings: tls) : nil
    }

    /// What each of the client's connections does first: TLS and/or the SASL login.
    /// - Throws: `TLSSettings.Invalid` when the stores cannot be read.
    public func makeConnectionSecurity() throws -> ConnectionSecurity {
        ConnectionSecurity(tls: try makeClientTLS(), sasl: sasl)
    }
}
