import KafkaProtocol
import Logging
import NIOCore
import Sasl

/// Authenticates a connection on a SASL listener before any request reaches the broker (Kafka's
/// `SaslServerAuthenticator`, KIP-152): the client may ask ApiVersions, then SaslHandshake names a mechanism,
/// then the exchange runs in SaslAuthenticate requests (handshake v1) or as bare size-prefixed tokens (v0).
/// Anything else before authentication closes the connection; a failed authentication is answered with
/// SASL_AUTHENTICATION_FAILED and Kafka's message (v1), logged with the peer, and the connection closed.
///
/// Sits in front of `KafkaConnectionHandler` (after TLS on SASL_SSL). Once the client is authenticated it passes
/// every byte through, and keeps the principal for authorization to read. Before that it holds at most one
/// pre-authentication frame of `maximumFrameSize` (Kafka's 512 KiB) plus what one read delivered.
/// Runs on the channel's event loop only; the exchange itself (a ZooKeeper read for SCRAM) runs in a task.
final class SaslServerHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Kafka's `SaslServerAuthenticator.MAX_RECEIVE_SIZE`.
    static let maximumFrameSize = 524_288

    private enum State {
        case awaitingHandshake
        case authenticating(SaslAuthenticator, framed: Bool)
        /// A token is being evaluated; frames that arrive meanwhile wait.
        case evaluating(SaslAuthenticator, framed: Bool)
        case authenticated
        case closed
    }

    private let listener: String
    private let settings: SaslListenerSettings
    private let credentials: SaslAuthenticator.ScramCredentials
    /// The ApiVersions answer before authentication (what the broker serves).
    private let apiVersions: @Sendable () -> [ApiVersionsResponse.ApiVersion]
    private let logger: Logger
    private var state = State.awaitingHandshake
    private var unframed: ByteBuffer?
    private var peer = "unknown"
    /// The authenticated user, once the exchange completed.
    private(set) var principal: KafkaPrincipal?

    init(listener: String, settings: SaslListenerSettings, credentials: @escaping SaslAuthenticator.ScramCredentials,
         apiVersions: @escaping @Sendable () -> [ApiVersionsResponse.ApiVersion], logger: Logger)
    {
        self.listener = listener
        self.settings = settings
        self.credentials = credentials
        self.apiVersions = apiVersions
        self.logger = logger
    }

    func channelActive(context: ChannelHandlerContext) {
        peer = context.remoteAddress?.description ?? "unknown"
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        switch state {
        case .authenticated:
            context.fireChannelRead(data)
        case .closed:
            return
        case .awaitingHandshake, .authenticating, .evaluating:
            if unframed == nil { unframed = bytes } else { unframed!.writeBuffer(&bytes) }
            if unframed!.readableBytes > Self.maximumFrameSize + 4 + 65_536 {
                fail(context: context, reason: "sent more than a SASL frame before authenticating")
                return
            }
            processFrames(context: context)
        }
    }

    /// Handles every whole frame buffered, until the exchange waits on an evaluation or ends.
    private func processFrames(context: ChannelHandlerContext) {
        while true {
            switch state {
            case .evaluating, .closed:
                return
            case .authenticated:
                // The client's first requests may have come in the same read as its last token.
                if let rest = unframed, rest.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(rest)) }
                unframed = nil
                return
            case .awaitingHandshake, .authenticating:
                guard var buffer = unframed, let size = buffer.getInteger(at: buffer.readerIndex, as: Int32.self)
                else { return }
                guard size >= 0, Int(size) <= Self.maximumFrameSize else {
                    fail(context: context, reason: "SASL frame of \(size) bytes (at most \(Self.maximumFrameSize))")
                    return
                }
                guard buffer.readableBytes >= 4 + Int(size) else { return }
                buffer.moveReaderIndex(forwardBy: 4)
                let frame = buffer.readSlice(length: Int(size))!
                unframed = buffer
                handle(frame, context: context)
            }
        }
    }

    private func handle(_ frame: ByteBuffer, context: ChannelHandlerContext) {
        switch state {
        case .authenticating(let authenticator, framed: false):
            // Handshake v0: the frame is the token itself.
            evaluate(Array(frame.readableBytesView), with: authenticator, framed: false, header: nil, context: context)
            return
        default:
            break
        }
        var body = frame
        let header: RequestHeader
        do {
            header = try RequestHeader(from: &body)
        } catch {
            fail(context: context, reason: "unreadable request header before authentication: \(error)")
            return
        }
        switch (state, header.apiKey) {
        case (.awaitingHandshake, .apiVersions):
            answerApiVersions(header, context: context)
        case (.awaitingHandshake, .saslHandshake):
            guard (0...1).contains(header.apiVersion),
                  let request = try? SaslHandshakeRequest(from: &body, version: header.apiVersion)
            else { return fail(context: context, reason: "malformed SaslHandshake v\(header.apiVersion)") }
            guard let authenticator = SaslAuthenticator(mechanism: request.mechanism, listener: settings,
                                                        credentials: credentials)
            else {
                respond(SaslHandshakeResponse(errorCode: .unsupportedSaslMechanism,
                                              mechanisms: settings.enabledMechanisms), to: header, context: context)
                return fail(context: context, reason: "asked for SASL mechanism \(request.mechanism), "
                    + "enabled: \(settings.enabledMechanisms)")
            }
            respond(SaslHandshakeResponse(errorCode: .none, mechanisms: settings.enabledMechanisms), to: header,
                    context: context)
            state = .authenticating(authenticator, framed: header.apiVersion >= 1)
        case (.authenticating(let authenticator, framed: true), .saslAuthenticate):
            guard (0...2).contains(header.apiVersion),
                  let request = try? SaslAuthenticateRequest(from: &body, version: header.apiVersion)
            else { return fail(context: context, reason: "malformed SaslAuthenticate v\(header.apiVersion)") }
            evaluate(Array(request.authBytes.readableBytesView), with: authenticator, framed: true, header: header,
                     context: context)
        default:
            fail(context: context, reason: "unexpected \(header.apiKey.name) request during SASL authentication")
        }
    }

    private func evaluate(_ token: [UInt8], with authenticator: SaslAuthenticator, framed: Bool,
                          header: RequestHeader?, context: ChannelHandlerContext)
    {
        state = .evaluating(authenticator, framed: framed)
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let unchecked = UncheckedAuthenticator(authenticator)
        let promise = context.eventLoop.makePromise(of: Result<[UInt8], SaslError>.self)
        promise.completeWithTask {
            do throws(SaslError) {
                return .success(try await unchecked.authenticator.evaluate(token))
            } catch {
                return .failure(error)
            }
        }
        promise.futureResult.whenSuccess { outcome in
            let (handler, context) = loopBound.value
            handler.evaluated(outcome, authenticator: unchecked.authenticator, framed: framed, header: header,
                              context: context)
        }
    }

    private func evaluated(_ outcome: Result<[UInt8], SaslError>, authenticator: SaslAuthenticator, framed: Bool,
                           header: RequestHeader?, context: ChannelHandlerContext)
    {
        guard case .evaluating = state else { return }  // closed meanwhile
        switch outcome {
        case .success(let challenge):
            if let header {
                var bytes = context.channel.allocator.buffer(capacity: challenge.count)
                bytes.writeBytes(challenge)
                respond(SaslAuthenticateResponse(errorCode: .none, errorMessage: nil, authBytes: bytes,
                                                 sessionLifetimeMs: 0), to: header, context: context)
            } else if !challenge.isEmpty || !authenticator.isComplete {
                var bytes = context.channel.allocator.buffer(capacity: challenge.count + 4)
                bytes.writeInteger(Int32(challenge.count))
                bytes.writeBytes(challenge)
                context.writeAndFlush(wrapOutboundOut(bytes), promise: nil)
            }
            if authenticator.isComplete, let user = authenticator.authorizationID {
                principal = KafkaPrincipal(type: "User", name: user)
                state = .authenticated
                logger.info("SASL client authenticated", metadata: [
                    "peer": "\(peer)", "listener": "\(listener)", "mechanism": "\(authenticator.mechanism)",
                    "principal": "User:\(user)"])
            } else {
                state = .authenticating(authenticator, framed: framed)
            }
        case .failure(let error):
            if let header {
                respond(SaslAuthenticateResponse(errorCode: .saslAuthenticationFailed, errorMessage: error.message,
                                                 authBytes: ByteBuffer(), sessionLifetimeMs: 0),
                        to: header, context: context)
            }
            logger.warning("SASL authentication failed", metadata: [
                "peer": "\(peer)", "listener": "\(listener)", "mechanism": "\(authenticator.mechanism)",
                "error": "\(error.message)"])
            closeAfterWrites(context: context)
            return
        }
        processFrames(context: context)
    }

    private func answerApiVersions(_ header: RequestHeader, context: ChannelHandlerContext) {
        // Below or above what we serve: UNSUPPORTED_VERSION in a v0 body, so the client retries lower (KIP-511).
        let served = (0...3).contains(header.apiVersion)
        let response = ApiVersionsResponse(errorCode: served ? .none : .unsupportedVersion, apiKeys: apiVersions(),
                                           throttleTimeMs: 0, finalizedFeaturesEpoch: -1)
        var bytes = context.channel.allocator.buffer(capacity: 512)
        bytes.writeKafkaFrame {
            $0.writeKafkaResponse(response, version: served ? header.apiVersion : 0,
                                  correlationID: header.correlationID)
        }
        context.writeAndFlush(wrapOutboundOut(bytes), promise: nil)
    }

    private func respond<Response: KafkaResponseMessage>(_ response: Response, to header: RequestHeader,
                                                         context: ChannelHandlerContext)
    {
        var bytes = context.channel.allocator.buffer(capacity: 128)
        bytes.writeKafkaFrame {
            $0.writeKafkaResponse(response, version: header.apiVersion, correlationID: header.correlationID)
        }
        context.writeAndFlush(wrapOutboundOut(bytes), promise: nil)
    }

    private func fail(context: ChannelHandlerContext, reason: String) {
        logger.warning("closing connection before authentication", metadata: [
            "peer": "\(peer)", "listener": "\(listener)", "reason": "\(reason)"])
        closeAfterWrites(context: context)
    }

    /// Closes once what was written (the error answer) is flushed.
    private func closeAfterWrites(context: ChannelHandlerContext) {
        state = .closed
        unframed = nil
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(channel.allocator.buffer(capacity: 0))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}

/// The authenticator crosses into the evaluation task and back; only one evaluation runs at a time (the state
/// is `.evaluating` until it returns), so it is never touched from two threads at once.
private struct UncheckedAuthenticator: @unchecked Sendable {
    let authenticator: SaslAuthenticator
    init(_ authenticator: SaslAuthenticator) { self.authenticator = authenticator }
}
