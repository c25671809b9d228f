#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOSSL

/// The TLS half of a connection as Kafka's `ssl.*` keys describe it, for either side: a broker's listener (its
/// certificate, whom it trusts, whether clients must present one) and a client's connection (whom it trusts, the
/// certificate it presents). Only PEM keystores and truststores are read (`ssl.keystore.type=PEM`), from a file
/// or inline as Kafka 2.7+ allows.
///
/// Kept in the client layer because both sides need it: the broker's listeners and the broker's own outgoing
/// connections (replica fetchers, the controller's requests) read the same keys.
public struct TLSSettings: Sendable, Equatable {
    /// `ssl.client.auth`.
    public enum ClientAuth: String, Sendable, CaseIterable {
        /// No certificate is asked for.
        case none
        /// Asked for; a client without one connects anonymously, one with a bad one is refused.
        case requested
        /// A client without a certificate the truststore vouches for is refused.
        case required
    }

    /// A protocol version name as `ssl.enabled.protocols` and `ssl.protocol` spell them.
    public enum ProtocolVersion: String, Sendable, CaseIterable, Comparable {
        case tlsv1 = "TLSv1", tlsv11 = "TLSv1.1", tlsv12 = "TLSv1.2", tlsv13 = "TLSv1.3"

        var nio: TLSVersion {
            switch self {
            case .tlsv1: .tlsv1
            case .tlsv11: .tlsv11
            case .tlsv12: .tlsv12
            case .tlsv13: .tlsv13
            }
        }

        /// Older versions first.
        private var rank: Int {
            switch self {
            case .tlsv1: 0
            case .tlsv11: 1
            case .tlsv12: 2
            case .tlsv13: 3
            }
        }

        public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
    }

    /// A value that cannot be used, naming its key.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public let key: String
        public let message: String
        public var description: String { "\(key): \(message)" }

        public init(key: String, message: String) {
            self.key = key
            self.message = message
        }
    }

    /// `ssl.keystore.location`: a PEM file holding the private key and the certificate chain.
    public var keystoreLocation: String?
    /// `ssl.keystore.certificate.chain`: the certificate chain as PEM text.
    public var keystoreCertificateChain: String?
    /// `ssl.keystore.key`: the private key as PEM text.
    public var keystoreKey: String?
    /// `ssl.key.password`: decrypts an encrypted (PKCS#8) private key.
    public var keyPassword: String?
    /// `ssl.truststore.location`: a PEM file of the certificates to trust.
    public var truststoreLocation: String?
    /// `ssl.truststore.certificates`: the certificates to trust as PEM text.
    public var truststoreCertificates: String?
    /// `ssl.client.auth`, default none (listeners only).
    public var clientAuth: ClientAuth = .none
    /// `ssl.enabled.protocols`, default TLSv1.2,TLSv1.3.
    public var enabledProtocols: [ProtocolVersion] = [.tlsv12, .tlsv13]
    /// `ssl.protocol`, default TLSv1.3: the newest version offered, within `enabledProtocols`.
    public var protocolVersion: ProtocolVersion = .tlsv13
    /// `ssl.cipher.suites`, default none (the library's list): TLS 1.2 suites by their standard names.
    public var cipherSuites: [String] = []
    /// `ssl.endpoint.identification.algorithm`, default https: a client checks that the server's certificate
    /// names the host it connected to; empty turns the check off.
    public var endpointIdentification = true

    /// The keys this type reads, by Kafka's names.
    public static let keys: Set<String> = [
        "ssl.keystore.type", "ssl.keystore.location", "ssl.keystore.certificate.chain", "ssl.keystore.key",
        "ssl.keystore.password", "ssl.key.password", "ssl.truststore.type", "ssl.truststore.location",
        "ssl.truststore.certificates", "ssl.truststore.password", "ssl.client.auth", "ssl.enabled.protocols",
        "ssl.protocol", "ssl.cipher.suites", "ssl.endpoint.identification.algorithm",
    ]

    public init() {}

    /// Reads the `ssl.*` entries of `properties` (full key names; other keys are ignored).
    /// - Throws: `Invalid` naming the first key whose value cannot be used.
    public init(properties: [String: String]) throws(Invalid) {
        func value(_ key: String) -> String? {
            guard let raw = properties[key]?.trimmingSpaces, !raw.isEmpty else { return nil }
            return raw
        }
        for key in ["ssl.keystore.type", "ssl.truststore.type"] {
            if let type = value(key), type.uppercased() != "PEM" {
                throw Invalid(key: key, message: "only PEM is supported, found '\(type)'")
            }
        }
        keystoreLocation = value("ssl.keystore.location")
        keystoreCertificateChain = value("ssl.keystore.certificate.chain")
        keystoreKey = value("ssl.keystore.key")
        keyPassword = properties["ssl.key.password"].flatMap { $0.isEmpty ? nil : $0 }
        truststoreLocation = value("ssl.truststore.location")
        truststoreCertificates = value("ssl.truststore.certificates")
        // Kafka's rules for PEM stores: a store password has nothing to open, and a store is a file or text.
        if value("ssl.keystore.password") != nil {
            throw Invalid(key: "ssl.keystore.password",
                          message: "a PEM keystore has no password; give the key's as ssl.key.password")
        }
        if value("ssl.truststore.password") != nil {
            throw Invalid(key: "ssl.truststore.password", message: "a PEM truststore has no password")
        }
        if keystoreLocation != nil, keystoreCertificateChain != nil || keystoreKey != nil {
            throw Invalid(key: "ssl.keystore.location",
                          message: "give the keystore as a file or as ssl.keystore.certificate.chain and "
                              + "ssl.keystore.key, not both")
        }
        if (keystoreCertificateChain == nil) != (keystoreKey == nil) {
            throw Invalid(key: keystoreKey == nil ? "ssl.keystore.key" : "ssl.keystore.certificate.chain",
                          message: "ssl.keystore.certificate.chain and ssl.keystore.key go together")
        }
        if truststoreLocation != nil, truststoreCertificates != nil {
            throw Invalid(key: "ssl.truststore.location",
                          message: "give the truststore as a file or as ssl.truststore.certificates, not both")
        }
        if let auth = value("ssl.client.auth") {
            guard let parsed = ClientAuth(rawValue: auth.lowercased()) else {
                throw Invalid(key: "ssl.client.auth", message: "expected none, requested or required, found '\(auth)'")
            }
            clientAuth = parsed
        }
        if let list = properties["ssl.enabled.protocols"] {
            var versions: [ProtocolVersion] = []
            for name in list.split(separator: ",").map(\.trimmingSpaces) where !name.isEmpty {
                guard let version = ProtocolVersion(rawValue: name) else {
                    throw Invalid(key: "ssl.enabled.protocols",
                                  message: "expected TLSv1.2 or TLSv1.3 (or TLSv1, TLSv1.1), found '\(name)'")
                }
                versions.append(version)
            }
            guard !versions.isEmpty else { throw Invalid(key: "ssl.enabled.protocols", message: "names no protocol") }
            enabledProtocols = versions
        }
        if let name = value("ssl.protocol") {
            // Kafka also accepts the generic "TLS" (the newest the runtime has).
            guard let version = name == "TLS" ? .tlsv13 : ProtocolVersion(rawValue: name) else {
                throw Invalid(key: "ssl.protocol", message: "expected TLSv1.2 or TLSv1.3, found '\(name)'")
            }
            protocolVersion = version
        }
        if let list = properties["ssl.cipher.suites"] {
            cipherSuites = list.split(separator: ",").map(\.trimmingSpaces).filter { !$0.isEmpty }
            // Checked here: the TLS library stops the process on a cipher list it cannot use.
            if let unknown = cipherSuites.first(where: {
                !Self.tls12CipherSuites.contains($0) && !Self.tls13CipherSuites.contains($0)
            }) {
                throw Invalid(key: "ssl.cipher.suites",
                              message: "unknown or unsupported suite '\(unknown)' (suites go by their standard names, "
                                  + "e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)")
            }
        }
        if let algorithm = properties["ssl.endpoint.identification.algorithm"]?.trimmingSpaces {
            guard algorithm.isEmpty || algorithm.lowercased() == "https" else {
                throw Invalid(key: "ssl.endpoint.identification.algorithm",
                              message: "expected https or nothing, found '\(algorithm)'")
            }
            endpointIdentification = !algorithm.isEmpty
        }
    }

    /// The TLS 1.2 suites `ssl.cipher.suites` may name (those the TLS library implements), by standard name.
    static let tls12CipherSuites: Set<String> = [
        "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    ]
    /// TLS 1.3's suites: accepted in `ssl.cipher.suites` as Kafka accepts them, but always all enabled (the TLS
    /// library does not let them be chosen).
    static let tls13CipherSuites: Set<String> = [
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
    ]

    /// Whether a keystore (the certificate this side presents) is configured.
    public var hasKeystore: Bool { keystoreLocation != nil || keystoreKey != nil }

    /// The files the settings read, to notice when they are replaced.
    public var files: [String] { [keystoreLocation, truststoreLocation].compactMap { $0 } }

    // MARK: NIOSSL configurations

    /// A listener's configuration: the keystore is required; client certificates are checked against the
    /// truststore (the system's trust roots when there is none) as `clientAuth` says.
    /// - Throws: `Invalid` for a missing or unreadable store, or protocols and suites that cannot be used.
    public func serverConfiguration() throws(Invalid) -> TLSConfiguration {
        guard hasKeystore else {
            throw Invalid(key: "ssl.keystore.location",
                          message: "a TLS listener needs a keystore (ssl.keystore.location, or ssl.keystore.key "
                              + "with ssl.keystore.certificate.chain)")
        }
        let (chain, key) = try loadKeystore()
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        switch clientAuth {
        case .none: configuration.certificateVerification = .none
        case .requested: configuration.certificateVerification = .optionalVerification
        // A client's certificate names a person or service, not the address it connects from.
        case .required: configuration.certificateVerification = .noHostnameVerification
        }
        if let roots = try loadTruststore() { configuration.trustRoots = .certificates(roots) }
        // Clients pick from the certificates of these authorities (librdkafka shows them in its errors).
        configuration.sendCANameList = clientAuth != .none
        try applyVersions(to: &configuration)
        return configuration
    }

    /// A client's configuration: the server's certificate is checked against the truststore (the system's
    /// trust roots when there is none) and, unless `endpointIdentification` is off, against the host name;
    /// the keystore, when there is one, is presented to a listener that asks for a certificate.
    /// - Throws: `Invalid` for an unreadable store, or protocols and suites that cannot be used.
    public func clientConfiguration() throws(Invalid) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = endpointIdentification ? .fullVerification : .noHostnameVerification
        if let roots = try loadTruststore() { configuration.trustRoots = .certificates(roots) }
        if hasKeystore {
            let (chain, key) = try loadKeystore()
            configuration.certificateChain = chain.map { .certificate($0) }
            configuration.privateKey = .privateKey(key)
        }
        try applyVersions(to: &configuration)
        return configuration
    }

    private func applyVersions(to configuration: inout TLSConfiguration) throws(Invalid) {
        let allowed = enabledProtocols.filter { $0 <= protocolVersion }
        guard let lowest = allowed.min(), let highest = allowed.max() else {
            throw Invalid(key: "ssl.enabled.protocols",
                          message: "no enabled protocol is at or below ssl.protocol \(protocolVersion.rawValue)")
        }
        configuration.minimumTLSVersion = lowest.nio
        configuration.maximumTLSVersion = highest.nio
        let tls12Suites = cipherSuites.filter(Self.tls12CipherSuites.contains)
        if !tls12Suites.isEmpty { configuration.cipherSuites = tls12Suites.joined(separator: ":") }
    }

    // MARK: Reading the stores

    private func loadKeystore() throws(Invalid) -> (chain: [NIOSSLCertificate], key: NIOSSLPrivateKey) {
        let keyName = keystoreLocation == nil ? "ssl.keystore.key" : "ssl.keystore.location"
        let chainName = keystoreLocation == nil ? "ssl.keystore.certificate.chain" : "ssl.keystore.location"
        let keyBlocks: [String], chainBlocks: [String]
        if let keystoreLocation {
            let blocks = try Self.pemBlocks(file: keystoreLocation, key: keyName)
            keyBlocks = blocks.filter(Self.isPrivateKey)
            chainBlocks = blocks.filter(Self.isCertificate)
        } else {
            keyBlocks = (PEMText.blocks(in: keystoreKey ?? "") ?? []).filter(Self.isPrivateKey)
            chainBlocks = (PEMText.blocks(in: keystoreCertificateChain ?? "") ?? []).filter(Self.isCertificate)
        }
        guard keyBlocks.count == 1 else {
            throw Invalid(key: keyName, message: "expected one PEM private key, found \(keyBlocks.count)")
        }
        guard !chainBlocks.isEmpty else { throw Invalid(key: chainName, message: "holds no PEM certificate") }
        let chain = try Self.certificates(chainBlocks, key: chainName)
        let key: NIOSSLPrivateKey
        do {
            let bytes = Array(keyBlocks[0].utf8)
            if let keyPassword {
                key = try NIOSSLPrivateKey(bytes: bytes, format: .pem) { setPassphrase in
                    setPassphrase(Array(keyPassword.utf8))
                }
            } else {
                key = try NIOSSLPrivateKey(bytes: bytes, format: .pem)
            }
        } catch {
            let encrypted = keyPassword == nil && keyBlocks[0].contains("ENCRYPTED")
            let hint = encrypted ? " (encrypted: set ssl.key.password)" : ""
            throw Invalid(key: keyName, message: "the private key cannot be read\(hint): \(error)")
        }
        return (chain, key)
    }

    private func loadTruststore() throws(Invalid) -> [NIOSSLCertificate]? {
        let blocks: [String]
        let name: String
        if let truststoreLocation {
            name = "ssl.truststore.location"
            blocks = try Self.pemBlocks(file: truststoreLocation, key: name)
        } else if let truststoreCertificates {
            name = "ssl.truststore.certificates"
            blocks = PEMText.blocks(in: truststoreCertificates) ?? []
        } else {
            return nil
        }
        let certificates = blocks.filter(Self.isCertificate)
        guard !certificates.isEmpty else { throw Invalid(key: name, message: "holds no PEM certificate") }
        return try Self.certificates(certificates, key: name)
    }

    private static func isCertificate(_ block: String) -> Bool { block.hasPrefix("-----BEGIN CERTIFICATE-----") }
    private static func isPrivateKey(_ block: String) -> Bool {
        block.hasPrefix("-----BEGIN") && block.prefix(40).contains("PRIVATE KEY-----")
    }

    private static func certificates(_ blocks: [String], key: String) throws(Invalid) -> [NIOSSLCertificate] {
        do {
            return try blocks.map { try NIOSSLCertificate(bytes: Array($0.utf8), format: .pem) }
        } catch {
            throw Invalid(key: key, message: "a certificate cannot be read: \(error)")
        }
    }

    /// The PEM blocks of a file; a store larger than 16 MiB is refused rather than read.
    private static func pemBlocks(file path: String, key: String) throws(Invalid) -> [String] {
        guard let text = readSmallFile(path, limit: 16 << 20) else {
            throw Invalid(key: key, message: "cannot read \(path)")
        }
        guard let blocks = PEMText.blocks(in: text) else {
            throw Invalid(key: key, message: "\(path) holds no PEM block")
        }
        return blocks
    }

    private static func readSmallFile(_ path: String, limit: Int) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 { if errno == EINTR { continue } else { return nil } }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > limit { return nil }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
