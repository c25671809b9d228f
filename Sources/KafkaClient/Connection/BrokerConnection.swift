import KafkaProtocol
import NIOCore

/// A connection to one broker after the ApiVersions handshake: requests are sent at the highest version both
/// sides speak.
public final class BrokerConnection: Sendable {
    public let connection: KafkaConnection
    public let versions: NegotiatedApiVersions
    public let address: BrokerAddress

    init(connection: KafkaConnection, versions: NegotiatedApiVersions, address: BrokerAddress) {
        self.connection = connection
        self.versions = versions
        self.address = address
    }

    /// Connects (within `timeout`) and negotiates versions: ApiVersions v3 first; on UNSUPPORTED_VERSION once
    /// more at the version the broker listed, each answer awaited up to `requestTimeout`.
    /// - Throws: the connect error, `KafkaClientError.brokerError` when ApiVersions still fails,
    ///   `KafkaClientError.timeout` when the broker does not answer.
    public static func open(_ address: BrokerAddress, clientID: String, timeout: Duration = .seconds(10),
                            requestTimeout: Duration = KafkaConnection.defaultRequestTimeout, security: ConnectionSecurity = .plaintext)
        async throws -> BrokerConnection
    {
        let connection = try await KafkaConnection.connect(
            host: address.host, port: address.port, clientID: clientID, timeout: timeout, security: security)
        do {
            let versions = try await negotiate(on: connection, timeout: requestTimeout)
            return BrokerConnection(connection: connection, versions: versions, address: address)
        } catch {
            await connection.close()
            throw error
        }
    }

    static func negotiate(on connection: KafkaConnection, timeout: Duration) async throws -> NegotiatedApiVersions {
        var version = ApiVersionNegotiation.preferredApiVersionsVersion
        for _ in 0..<2 {
            let request = ApiVersionsRequest(clientSoftwareName: "tributary", clientSoftwareVersion: "0.1.0")
            let frame = try await connection.sendReturningFrame(request, version: version, timeout: timeout)
            let (_, response, _) = try ApiVersionNegotiation.decodeApiVersionsFrame(frame, askedVersion: version)
            if response.errorCode == .unsupportedVersion {
                let retry = ApiVersionNegotiation.retryVersion(afterUnsupported: response)
                guard retry < version else { break }
                version = retry
                continue
            }
            guard response.errorCode == .none else {
                throw KafkaClientError.brokerError(api: .apiVersions, code: response.errorCode, message: nil)
            }
            return NegotiatedApiVersions(response)
        }
        throw KafkaClientError.brokerError(api: .apiVersions, code: .unsupportedVersion, message: nil)
    }

    /// Sends `request` at the negotiated version and waits up to `timeout` for the response.
    /// - Throws: `KafkaClientError.noCommonVersion`, `KafkaClientError.timeout`, connection and decoding errors.
    public func send<Request: KafkaRequestMessage>(
        _ request: Request, timeout: Duration = KafkaConnection.defaultRequestTimeout) async throws
        -> Request.Response
    {
        try await connection.send(request, version: versions.version(for: Request.self), timeout: timeout)
    }

    /// Sends `request` at `version` (already chosen by the caller with `versions`), waiting up to `timeout`.
    public func send<Request: KafkaRequestMessage>(
        _ request: Request, version: Int16, timeout: Duration = KafkaConnection.defaultRequestTimeout) async throws
        -> Request.Response
    {
        try await connection.send(request, version: version, timeout: timeout)
    }

    /// Sends a request that gets no answer (Produce with acks=0).
    public func sendWithoutResponse<Request: KafkaRequestMessage>(_ request: Request) async throws {
        try await connection.sendWithoutResponse(request, version: versions.version(for: Request.self))
    }

    public var isActive: Bool { connection.isActive }

    public func close() async { await connection.close() }
}
