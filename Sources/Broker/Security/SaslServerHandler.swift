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
///
/// With `connections.max.reauth.ms` set (KIP-368) a session expires: the lifetime is told to the client in the
/// last SaslAuthenticate response, and the handler then watches where each request frame starts. A SaslHandshake
/// there begins a re-authentication, run like the first exchange (same mechanism, same principal, or the
/// connection closes); any other request after expiry closes the connection, as Kafka's broker does. Clients
/// re-authenticate only with no request in flight (KIP-368), so the exchange's answers cannot overtake others.
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

    /// What the completed exchange established; kept while the client re-authenticates.
    private struct Session {
        let mechanism: String
        let principal: KafkaPrincipal
        /// When the client must have re-authenticated; nil when sessions do not expire.
        let expiresAt: NIODeadline?
    }

    private let listener: String
    private let settings: SaslListenerSettings
    private let credentials: SaslAuthenticator.ScramCredentials
    /// The ApiVersions answer before authentication (what the broker serves).
    private let apiVersions: @Sendable () -> [ApiVersionsResponse.ApiVersion]
    private let logger: Logger
    private let now: @Sendable () -> NIODeadline
    private var state = State.awaitingHandshake
    private var unframed: ByteBuffer?
    private var peer = "unknown"
    /// The authenticated user, once the exchange completed.
    private(set) var principal: KafkaPrincipal?
    private var session: Session?
    /// Bytes of the current request frame still to pass before the next frame starts (sessions that expire only).
    private var remainingInFrame = 0
    /// The first bytes of a frame whose header (size and API key) a read split; held until the rest comes.
    private var partialHeader: ByteBuffer?

    /// - Parameter now: the clock sessions expire by (tests move it by hand).
    init(listener: String, settings: SaslListenerSettings, credentials: @escaping SaslAuthenticator.ScramCredentials,
         apiVersions: @escaping @Sendable () -> [ApiVersionsResponse.ApiVersion], logger: Logger,
         now: @escaping @Sendable () -> NIODeadline = { .now() })
    {
        self.now = now
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
            if session?.expiresAt == nil { context.fireChannelRead(data) } else { passWatchingFrames(bytes, context: context) }
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
                let rest = unframed
                unframed = nil
                if let rest, rest.readableBytes > 0 {
                    if session?.expiresAt == nil {
                        context.fireChannelRead(wrapInboundOut(rest))
                    } else {
                        passWatchingFrames(rest, context: context)
                    }
                }
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
            if let session, session.mechanism != request.mechanism {
                return fail(context: context, reason: "cannot change SASL mechanism during re-authentication from "
                    + "\(session.mechanism) to \(request.mechanism)")
            }
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
            let completed = authenticator.isComplete ? authenticator.authorizationID : nil
            let reauthenticating = session != nil
            if let user = completed, let session, session.principal != KafkaPrincipal(type: "User", name: user) {
                // Kafka's `ReauthInfo.ensurePrincipalUnchanged`.
                let message = "Cannot change principals during re-authentication from \(session.principal): User:\(user)"
                if let header {
                    respond(SaslAuthenticateResponse(errorCode: .saslAuthenticationFailed, errorMessage: message,
                                                     authBytes: ByteBuffer(), sessionLifetimeMs: 0),
                            to: header, context: context)
                }
                logger.warning("SASL re-authentication failed", metadata: [
                    "peer": "\(peer)", "listener": "\(listener)", "error": "\(message)"])
                closeAfterWrites(context: context)
                return
            }
            let lifetimeMs = completed == nil ? 0 : settings.sessionLifetimeMs(mechanism: authenticator.mechanism)
            if let header {
                var bytes = context.channel.allocator.buffer(capacity: challenge.count)
                bytes.writeBytes(challenge)
                respond(SaslAuthenticateResponse(errorCode: .none, errorMessage: nil, authBytes: bytes,
                                                 sessionLifetimeMs: lifetimeMs), to: header, context: context)
            } else if !challenge.isEmpty || !authenticator.isComplete {
                var bytes = context.channel.allocator.buffer(capacity: challenge.count + 4)
                bytes.writeInteger(Int32(challenge.count))
                bytes.writeBytes(challenge)
                context.writeAndFlush(wrapOutboundOut(bytes), promise: nil)
            }
            if let user = completed {
                let principal = KafkaPrincipal(type: "User", name: user)
                self.principal = principal
                session = Session(mechanism: authenticator.mechanism, principal: principal,
                                  expiresAt: lifetimeMs > 0 ? now() + .milliseconds(lifetimeMs) : nil)
                state = .authenticated
                logger.info(reauthenticating ? "SASL client re-authenticated" : "SASL client authenticated", metadata: [
                    "peer": "\(peer)", "listener": "\(listener)", "mechanism": "\(authenticator.mechanism)",
                    "principal": "\(principal)", "session_ms": "\(lifetimeMs)"])
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

    /// Passes request bytes on while finding where each frame starts (a 4-byte size, then the API key): a
    /// SaslHandshake there starts a re-authentication, any other request after the session expired closes the
    /// connection. Bytes are forwarded in one slice per read, up to the point where a frame needs looking at.
    private func passWatchingFrames(_ read: ByteBuffer, context: ChannelHandlerContext) {
        var bytes = read
        if var held = partialHeader {
            partialHeader = nil
            held.writeImmutableBuffer(read)
            bytes = held
        }
        // `cursor` walks the readable bytes; everything before it is passed on (reads of ByteBuffer need the
        // bytes to stay readable, so the reader index stays put until then).
        var cursor = bytes.readerIndex
        func forwardPassed() {
            let length = cursor - bytes.readerIndex
            if length > 0, let passed = bytes.readSlice(length: length) {
                context.fireChannelRead(wrapInboundOut(passed))
            }
        }
        while cursor < bytes.writerIndex {
            if remainingInFrame > 0 {
                let step = min(remainingInFrame, bytes.writerIndex - cursor)
                cursor += step
                remainingInFrame -= step
                continue
            }
            guard let size = bytes.getInteger(at: cursor, as: Int32.self),
                  let apiKey = bytes.getInteger(at: cursor + 4, as: Int16.self)
            else {
                forwardPassed()
                partialHeader = bytes.slice()
                return
            }
            if apiKey == ApiKey.saslHandshake.rawValue {
                forwardPassed()
                unframed = bytes.slice()
                state = .awaitingHandshake
                processFrames(context: context)
                return
            }
            if let expiresAt = session?.expiresAt, now() >= expiresAt {
                forwardPassed()
                logger.info("closing connection: its SASL session expired without re-authentication", metadata: [
                    "peer": "\(peer)", "listener": "\(listener)", "principal": "\(principal.map { "\($0)" } ?? "-")"])
                closeAfterWrites(context: context)
                return
            }
            // A negative size is the frame decoder's to refuse; it closes the connection.
            remainingInFrame = 4 + max(0, Int(size))
        }
        forwardPassed()
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
