import DequeModule
import KafkaProtocol
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// One TCP connection to a broker, speaking the Kafka protocol: requests go out with increasing correlation
/// ids; responses come back in request order (Kafka guarantees it), so a FIFO of waiting promises matches them,
/// and the correlation id is checked as a safeguard.
///
/// Thread-safe: `send` may be called from any task. Requests are written in call order.
public final class KafkaConnection: Sendable {
    public let host: String
    public let port: Int
    public let clientID: String
    private let channel: any Channel
    private let nextCorrelationID = NIOLockedValueBox<Int32>(1)
    /// When a SASL session the broker limited (KIP-368) is near its end: from then on the connection reports
    /// itself inactive so its owner opens a fresh one, rather than sending on it until the broker closes it.
    private let sessionRenewal = NIOLockedValueBox<NIODeadline?>(nil)

    /// Largest response frame accepted (a fetch response may be large).
    public static let maximumResponseSize = 256 * 1024 * 1024
    /// How long a request waits for its response unless the caller says otherwise (Kafka's
    /// `request.timeout.ms`, 30 s). Requests the broker may hold (Fetch, JoinGroup, Produce, admin operations)
    /// are sent with their hold time added.
    public static let defaultRequestTimeout: Duration = .seconds(30)

    private init(host: String, port: Int, clientID: String, channel: any Channel) {
        self.host = host
        self.port = port
        self.clientID = clientID
        self.channel = channel
    }

    /// Opens a connection, over TLS when `security` has it (the handshake completes with the first request, which
    /// fails with the TLS error when the broker's certificate is refused or ours is), and logs in with SASL when
    /// `security` has a login: the connection is returned only once the broker accepted it.
    /// - Throws: the connect error, `KafkaClientError.connectTimeout` after `timeout`,
    ///   `KafkaClientError.authenticationFailed` when the broker refuses the login.
    public static func connect(host: String, port: Int, clientID: String = "tributary",
                               timeout: Duration = .seconds(10),
                               group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                               security: ConnectionSecurity = .plaintext)
        async throws -> KafkaConnection
    {
        let tls = security.tls
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.milliseconds(Int64(timeout.components.seconds * 1000
                + timeout.components.attoseconds / 1_000_000_000_000_000)))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(tls.handler(host: host)) }
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(KafkaFrameDecoder(maximumFrameSize: maximumResponseSize)))
                    try channel.pipeline.syncOperations.addHandler(ResponseMatcher())
                }
            }
            .connect(host: host, port: port).get()
        let connection = KafkaConnection(host: host, port: port, clientID: clientID, channel: channel)
        if let login = security.sasl {
            do {
                let lifetimeMs = try await login.authenticate(connection)
                // Renew at 85 % of the lifetime, as Kafka's clients start re-authentication between 85 and 95 %.
                if lifetimeMs > 0 {
                    connection.sessionRenewal.withLockedValue { $0 = .now() + .milliseconds(lifetimeMs * 85 / 100) }
                }
            } catch {
                await connection.close()
                throw error
            }
        }
        return connection
    }

    /// Sends `request` at `version` and waits up to `timeout` for its response.
    /// - Throws: `KafkaProtocolError` for an undecodable response, `KafkaClientError` when the connection closes,
    ///   `KafkaClientError.timeout` when no response came in time (the connection is then closed).
    public func send<Request: KafkaRequestMessage>(_ request: Request, version: Int16,
                                                   timeout: Duration = defaultRequestTimeout) async throws
        -> Request.Response
    {
        let frame = try await sendRaw(request, version: version, expectResponse: true, timeout: timeout)!
        let (header, response) = try Request.Response.decodeFrame(frame.payload, version: version)
        guard header.correlationID == frame.correlationID else {
            throw KafkaClientError.correlationMismatch(expected: frame.correlationID, got: header.correlationID)
        }
        return response
    }

    /// Sends `request` at `version` and returns its response frame undecoded (response header included), for
    /// answers that may come back in another version than asked (ApiVersions with UNSUPPORTED_VERSION).
    /// - Throws: `KafkaClientError` when the connection closes.
    public func sendReturningFrame<Request: KafkaRequestMessage>(_ request: Request, version: Int16,
                                                                 timeout: Duration = defaultRequestTimeout)
        async throws -> ByteBuffer
    {
        try await sendRaw(request, version: version, expectResponse: true, timeout: timeout)!.payload
    }

    /// Sends a request that gets no response (a produce request with acks=0).
    public func sendWithoutResponse<Request: KafkaRequestMessage>(_ request: Request, version: Int16) async throws {
        _ = try await sendRaw(request, version: version, expectResponse: false, timeout: Self.defaultRequestTimeout)
    }

    /// Writes raw bytes as they are (tests use it to send malformed frames).
    public func writeRaw(_ bytes: ByteBuffer) async throws {
        try await channel.writeAndFlush(bytes)
    }

    private func sendRaw<Request: KafkaRequestMessage>(_ request: Request, version: Int16, expectResponse: Bool,
                                                       timeout: Duration)
        async throws -> (payload: ByteBuffer, correlationID: Int32)?
    {
        let correlationID = nextCorrelationID.withLockedValue { id -> Int32 in
            defer { id = id == .max ? 1 : id + 1 }
            return id
        }
        var framed = channel.allocator.buffer(capacity: 256)
        framed.writeKafkaFrame { $0.writeKafkaRequest(request, version: version, correlationID: correlationID,
                                                      clientID: clientID) }
        let buffer = framed
        let channel = self.channel
        guard expectResponse else {
            try await channel.writeAndFlush(OutboundRequest(frame: buffer, response: nil))
            return nil
        }
        let apiKey = Request.apiKey, timeoutNanoseconds = timeout.wholeNanoseconds
        do {
            // One hop onto the event loop for the write, the timer and the callback, and one back with the answer:
            // the follower's fetch loop sends a request per round, so every hop saved is saved at that rate.
            let payload: ByteBuffer = try await withCheckedThrowingContinuation { continuation in
                channel.eventLoop.execute {
                    let response = channel.eventLoop.makePromise(of: ByteBuffer.self)
                    // Responses are matched in order, so one that never comes leaves the connection unusable:
                    // fail this request and close the connection (failing the others waiting on it), as Kafka's
                    // client does.
                    let expiry = channel.eventLoop.scheduleTask(in: .nanoseconds(timeoutNanoseconds)) {
                        response.fail(KafkaClientError.timeout("no response to \(apiKey) within \(timeout)"))
                        channel.close(promise: nil)
                    }
                    response.futureResult.whenComplete { result in
                        expiry.cancel()
                        continuation.resume(with: result)
                    }
                    // A write refused before it reached the matcher (a closed channel) would leave `response`
                    // pending; completing a completed promise again does nothing.
                    let written = channel.eventLoop.makePromise(of: Void.self)
                    written.futureResult.whenFailure { response.fail($0) }
                    channel.writeAndFlush(OutboundRequest(frame: buffer, response: response), promise: written)
                }
            }
            return (payload, correlationID)
        } catch KafkaClientError.timeout(let what) {
            // The close runs on the event loop after the failure is delivered: wait for it, so a caller that
            // checks `isActive` right after the timeout sees the connection gone and reconnects.
            try? await channel.closeFuture.get()
            throw KafkaClientError.timeout(what)
        }
    }

    /// Open, and not at the end of a limited SASL session.
    public var isActive: Bool {
        guard channel.isActive else { return false }
        guard let renewal = sessionRenewal.withLockedValue({ $0 }) else { return true }
        return NIODeadline.now() < renewal
    }

    public func close() async {
        try? await channel.close()
    }
}

extension Duration {
    /// The duration in whole nanoseconds, clamped to Int64.
    var wholeNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return scaled.addingReportingOverflow(attoseconds / 1_000_000_000).overflow
            ? .max : scaled + attoseconds / 1_000_000_000
    }
}

/// A request frame and, unless it expects no answer, the promise its response completes.
struct OutboundRequest {
    let frame: ByteBuffer
    let response: EventLoopPromise<ByteBuffer>?
}

/// Matches response frames to requests in FIFO order; fails every waiting request when the connection closes.
/// Lives on the channel's event loop only.
final class ResponseMatcher: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = OutboundRequest
    typealias OutboundOut = ByteBuffer

    private var waiting: Deque<EventLoopPromise<ByteBuffer>> = []
    private var closedError: (any Error)?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let closedError {
            request.response?.fail(closedError)
            promise?.fail(closedError)
            return
        }
        if let response = request.response { waiting.append(response) }
        context.write(wrapOutboundOut(request.frame), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard let next = waiting.popFirst() else {
            context.fireErrorCaught(KafkaClientError.unexpectedResponse)
            context.close(promise: nil)
            return
        }
        next.succeed(frame)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(KafkaClientError.connectionClosed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error)
        context.close(promise: nil)
    }

    private func failAll(_ error: any Error) {
        closedError = closedError ?? error
        while let promise = waiting.popFirst() { promise.fail(error) }
    }
}
