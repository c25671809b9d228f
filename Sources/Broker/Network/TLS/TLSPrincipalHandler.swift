import KafkaClient
import Logging
import NIOCore
import NIOSSL
import NIOTLS

/// Who is on the other end of a TLS connection, once its handshake completes: the client certificate's
/// subject, as Kafka formats it (RFC 2253, `CN=client,OU=eng,O=Acme`), mapped by `ssl.principal.mapping.rules`
/// to a `User:` principal; `User:ANONYMOUS` without a certificate (`ssl.client.auth` none or requested). A
/// subject no rule maps closes the connection, as Kafka refuses it.
///
/// Sits right after the TLS handler; the principal stays here, with the connection, for authorization to read
/// (`channel.pipeline.handler(type: TLSPrincipalHandler.self)`). Runs on the channel's event loop only.
final class TLSPrincipalHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let listener: String
    private let mapper: SSLPrincipalMapper
    private let logger: Logger
    /// The authenticated principal; nil until the handshake completes.
    private(set) var principal: KafkaPrincipal?

    init(listener: String, mapper: SSLPrincipalMapper, logger: Logger) {
        self.listener = listener
        self.mapper = mapper
        self.logger = logger
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event {
            authenticate(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func authenticate(context: ChannelHandlerContext) {
        let peer = context.remoteAddress?.description ?? "unknown"
        let tls = try? context.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self)
        guard let certificate = tls?.peerCertificate else {
            principal = .anonymous
            logger.debug("TLS connection without a client certificate",
                         metadata: ["peer": "\(peer)", "listener": "\(listener)",
                                    "principal": "\(KafkaPrincipal.anonymous)"])
            return
        }
        guard let der = try? certificate.toDERBytes(), let subject = DistinguishedName.subjectOfCertificate(der),
            let name = mapper.map(subject)
        else {
            logger.warning("closing connection: its certificate's subject maps to no principal",
                           metadata: ["peer": "\(peer)", "listener": "\(listener)"])
            context.close(promise: nil)
            return
        }
        let authenticated = KafkaPrincipal(type: "User", name: name)
        principal = authenticated
        logger.info("TLS client authenticated", metadata: [
            "peer": "\(peer)", "listener": "\(listener)", "principal": "\(authenticated)",
            "tls": "\(tls?.tlsVersion.map { "\($0)" } ?? "?")"])
    }
}
