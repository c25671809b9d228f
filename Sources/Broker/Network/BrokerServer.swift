import KafkaClient
import KafkaProtocol
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// The Kafka-protocol listeners of one broker: binds every configured listener and serves each connection
/// with a `KafkaConnectionHandler`, behind TLS (`TLS/`) on listeners whose security protocol says so. Owns the broker-wide limits every connection shares: the connection
/// quotas (`max.connections`, `max.connections.per.ip`) and the request permits (`queued.max.requests`).
final class BrokerServer: Sendable {
    /// The settings the server takes from `BrokerConfig`, separate so tests can build a server without one.
    struct Settings: Sendable {
        /// `socket.request.max.bytes`.
        var maximumFrameSize: Int = 104_857_600
        /// `queued.max.requests`.
        var queuedMaxRequests: Int = 500
        /// `connections.max.idle.ms`; nil never closes an idle connection.
        var idleTimeout: TimeAmount? = .milliseconds(600_000)
        var quotas = ConnectionQuotas.Limits()
        /// The TLS settings of each listener that speaks TLS (`listener.security.protocol.map`), by name; a
        /// listener whose settings cannot be used refuses to bind rather than serve plaintext.
        var tls: [String: Result<ListenerTLS, TLSSettings.Invalid>] = [:]
        /// What each SASL listener accepts, by name; one whose settings cannot be used refuses to bind rather
        /// than serve unauthenticated clients.
        var sasl: [String: Result<SaslListenerSettings, SaslListenerSettings.Invalid>] = [:]

        init() {}

        init(config: BrokerConfig) {
            maximumFrameSize = config.socketRequestMaxBytes
            queuedMaxRequests = config.queuedMaxRequests
            idleTimeout = config.connectionsMaxIdleMs > 0 ? .milliseconds(config.connectionsMaxIdleMs) : nil
            quotas = ConnectionQuotas.Limits(config: config)
            for listener in config.listeners where config.securityProtocol(ofListener: listener.name).usesTLS {
                tls[listener.name] = Result { () throws(TLSSettings.Invalid) in
                    guard let settings = try config.listenerTLS(named: listener.name) else {
                        throw TLSSettings.Invalid(key: "listener.security.protocol.map", message: "not a TLS listener")
                    }
                    return settings
                }
            }
            for listener in config.listeners where config.securityProtocol(ofListener: listener.name).usesSASL {
                sasl[listener.name] = Result { () throws(SaslListenerSettings.Invalid) in
                    guard let settings = try config.saslSettings(forListener: listener.name) else {
                        throw SaslListenerSettings.Invalid(message: "listener \(listener.name) has no SASL")
                    }
                    return settings
                }
            }
        }
    }

    /// What a SASL listener's connections need from the rest of the broker.
    struct SaslServices: Sendable {
        /// SCRAM credentials, read from ZooKeeper when a client names its user.
        let credentials: SaslAuthenticator.ScramCredentials
        /// The API ranges ApiVersions advertises before authentication.
        let apiVersions: @Sendable () -> [ApiVersionsResponse.ApiVersion]
    }

    /// Reads per readable event and the largest receive buffer: together they bound how many bytes one read
    /// burst can deliver past a request that mutes the connection (16 × 64 KiB = 1 MiB). NIO's defaults,
    /// stated here because the bound depends on them.
    private static let maxMessagesPerRead: UInt = 16
    private static let receiveBufferLimit = 65536

    private let group: any EventLoopGroup
    private let processor: any RequestProcessing
    private let settings: Settings
    private let sasl: SaslServices?
    private let logger: Logger
    let permits: RequestPermits
    let quotas: ConnectionQuotas
    private let channels: NIOLockedValueBox<[any Channel]> = NIOLockedValueBox([])

    init(group: any EventLoopGroup, processor: any RequestProcessing, settings: Settings, sasl: SaslServices? = nil,
         logger: Logger)
    {
        self.group = group
        self.processor = processor
        self.settings = settings
        self.sasl = sasl
        self.logger = logger
        self.permits = RequestPermits(limit: settings.queuedMaxRequests)
        self.quotas = ConnectionQuotas(limits: settings.quotas, logger: logger)
    }

    convenience init(group: any EventLoopGroup, processor: any RequestProcessing, config: BrokerConfig,
                     sasl: SaslServices? = nil, logger: Logger) {
        self.init(group: group, processor: processor, settings: Settings(config: config), sasl: sasl, logger: logger)
    }

    /// Binds `listener` (an empty host binds every interface) and returns the bound address. A TLS listener's
    /// connections are encrypted from the first byte; its context is built here, so unusable certificates stop
    /// the bind.
    /// - Throws: the bind error, or `TLSSettings.Invalid` / the NIOSSL error for a TLS listener.
    func bind(_ listener: Listener) async throws -> SocketAddress {
        let processor = self.processor, logger = self.logger, permits = self.permits, quotas = self.quotas
        let tls = try settings.tls[listener.name].map {
            try ReloadingServerTLS(listener: listener.name, tls: $0.get(), logger: logger)
        }
        // A SASL listener without its settings or services would serve unauthenticated clients: refuse to bind.
        let sasl = try settings.sasl[listener.name].map { result in
            guard let services = self.sasl else {
                throw SaslListenerSettings.Invalid(message: "listener \(listener.name): no SASL services")
            }
            return (try result.get(), services)
        }
        let connectionSettings = KafkaConnectionHandler.Settings(
            listener: listener.name, maximumFrameSize: settings.maximumFrameSize, idleTimeout: settings.idleTimeout)
        let channel = try await ServerBootstrap(group: group)
            // Room for a burst of connections (clients reconnecting after a failover) to wait for accept.
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: Self.maxMessagesPerRead)
            .childChannelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(
                minimum: 64, initial: 2048, maximum: Self.receiveBufferLimit))
            .childChannelInitializer { channel in
                let ip = channel.remoteAddress?.ipAddress ?? "unknown"
                guard quotas.admit(ip: ip, listener: listener.name) == .admitted else {
                    // Accepted and closed at once, as Kafka does; `admit` logged it (rate-limited).
                    return channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(CloseWhenActive())
                    }
                }
                channel.closeFuture.whenComplete { _ in quotas.release(ip: ip, listener: listener.name) }
                return channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tls {
                        // TLS first; the principal once it is known; buffers for the file regions TLS cannot take.
                        try pipeline.addHandler(NIOSSLServerHandler(context: tls.currentContext()))
                        try pipeline.addHandler(TLSPrincipalHandler(listener: listener.name,
                                                                    mapper: tls.tls.principalMapper, logger: logger))
                        try pipeline.addHandler(FileRegionCopier())
                    }
                    if let (saslSettings, services) = sasl {
                        // Nothing reaches the broker before the client authenticated.
                        try pipeline.addHandler(SaslServerHandler(
                            listener: listener.name, settings: saslSettings, credentials: services.credentials,
                            apiVersions: services.apiVersions, logger: logger))
                    }
                    try pipeline.addHandler(
                        KafkaConnectionHandler(processor: processor, permits: permits, settings: connectionSettings,
                                               logger: logger))
                }
            }
            .bind(host: listener.host.isEmpty ? "0.0.0.0" : listener.host, port: listener.port).get()
        channels.withLockedValue { $0.append(channel) }
        guard let address = channel.localAddress else { throw ChannelError.inappropriateOperationForState }
        return address
    }

    /// Stops accepting connections.
    func close() async {
        let all = channels.withLockedValue { channels in
            defer { channels.removeAll() }
            return channels
        }
        for channel in all { try? await channel.close() }
    }
}

/// Closes a refused connection as soon as it is registered and active.
private final class CloseWhenActive: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    func channelActive(context: ChannelHandlerContext) {
        context.close(promise: nil)
    }
}
