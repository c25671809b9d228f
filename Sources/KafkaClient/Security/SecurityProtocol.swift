/// Kafka's `security.protocol` values: how the bytes of a connection travel (TLS or not) and whether the client
/// authenticates with SASL first. Listener maps (`listener.security.protocol.map`) and clients name them alike.
public enum SecurityProtocol: String, Sendable, CaseIterable, Hashable {
    case plaintext = "PLAINTEXT"
    case ssl = "SSL"
    case saslPlaintext = "SASL_PLAINTEXT"
    case saslSSL = "SASL_SSL"

    /// Parses a name case-insensitively, as Kafka does (`SecurityProtocol.forName`).
    public init?(name: String) {
        guard let known = Self(rawValue: name.uppercased()) else { return nil }
        self = known
    }

    /// Whether the connection's bytes go through TLS.
    public var usesTLS: Bool { self == .ssl || self == .saslSSL }

    /// Whether a SASL handshake comes before any request.
    public var usesSASL: Bool { self == .saslPlaintext || self == .saslSSL }

    /// Kafka's wire id (UpdateMetadata's `SecurityProtocol` field): 0, 1, 2, 3.
    public var wireID: Int16 {
        switch self {
        case .plaintext: 0
        case .ssl: 1
        case .saslPlaintext: 2
        case .saslSSL: 3
        }
    }
}
