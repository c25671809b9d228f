import KafkaProtocol
import Logging
import NIOCore

/// Serves one client connection: cuts the byte stream into request frames, has each answered, and writes each
/// response with its size prefix, in request order.
///
/// Like Kafka's socket server, the connection is muted while a request is in flight: from the moment a whole
/// frame is taken until its response is fully written (the write promise completes), the handler withholds
/// `read()` from the channel, so the socket is not read and a client that pipelines requests but never reads
/// its responses only fills its own socket buffers. Muting by withholding `read()` is NIO's own backpressure
/// mechanism (the channel stops watching the socket for input), and costs no option change per request.
///
/// What can be held for one connection is therefore bounded: one request in flight, one response (and the
/// segment files its sendfile regions keep open) being written, and the unframed bytes of the read burst that
/// delivered the request (`maxMessagesPerRead` × the receive buffer, set by `BrokerServer`) plus at most one
/// partial frame of `socket.request.max.bytes`, whose size prefix is checked before any of its bytes are kept.
///
/// Requests in processing also hold a broker-wide `RequestPermits` permit (`queued.max.requests`); without a
/// free one the connection stays muted with its next frame unread. A connection with no request read and no
/// response written for `connections.max.idle.ms` is closed by one timer per connection, re-armed only when
/// it fires.
///
/// Runs on the channel's event loop only; processing itself happens off the loop in `RequestProcessing` and
/// comes back through a future.
final class KafkaConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    struct Settings: Sendable {
        /// The listener this connection came in on, handed to the processor with each request.
        var listener: String
        /// `socket.request.max.bytes`.
        var maximumFrameSize: Int
        /// `connections.max.idle.ms`; nil never closes an idle connection.
        var idleTimeout: TimeAmount?
    }

    /// Where the connection is in its one-request-at-a-time cycle.
    private enum Phase {
        /// Nothing in flight: frames are taken as they complete, and the socket is read.
        case idle
        /// A frame is taken and waits for a broker-wide permit; the socket is not read.
        case waitingForPermit(ByteBuffer)
        /// The request is being answered; the socket is not read.
        case processing
        /// The response is being written; the socket is read again when the write completes.
        case writing
    }

    private let processor: any RequestProcessing
    private let permits: RequestPermits
    private let settings: Settings
    private let logger: Logger
    private var phase = Phase.idle
    /// Bytes read but not yet cut into frames.
    private var unframed: ByteBuffer?
    /// The channel asked to read while muted; passed on when the connection unmutes.
    private var readWanted = false
    private var closed = false
    private var peer = "unknown"
    /// Who the connection authenticated as and its address; resolved at its first request, when TLS and SASL
    /// (in front of this handler) are done with it.
    private var session: RequestSession?
    private var lastActivity = NIODeadline.uptimeNanoseconds(0)
    private var idleCheck: Scheduled<Void>?
    /// When the frame now waiting or in processing was taken (its queue time ends at dispatch).
    private var takenAt = NIODeadline.uptimeNanoseconds(0)
    /// A client over its quota is not read until then (KIP-219: answered at once, then muted).
    private var throttledUntil: NIODeadline?

    init(processor: any RequestProcessing, permits: RequestPermits, settings: Settings, logger: Logger) {
        self.processor = processor
        self.permits = permits
        self.settings = settings
        self.logger = logger
    }

    private var muted: Bool {
        if case .idle = phase { return false }
        return true
    }

    func channelActive(context: ChannelHandlerContext) {
        peer = context.remoteAddress?.description ?? "unknown"
        lastActivity = context.eventLoop.now
        scheduleIdleCheck(context: context, at: lastActivity)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closed else { return }
        var bytes = unwrapInboundIn(data)
        lastActivity = context.eventLoop.now
        if var buffer = unframed, buffer.readableBytes > 0 {
            unframed = nil  // keep `buffer` uniquely referenced, so appending does not copy it
            buffer.writeBuffer(&bytes)
            unframed = buffer
        } else {
            unframed = bytes
        }
        takeNextFrame(context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        unframed = nil
        idleCheck?.cancel()
        idleCheck = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        close(context: context, reason: "\(error)")
    }

    /// Holds the channel's read requests back while muted.
    func read(context: ChannelHandlerContext) {
        if muted || closed {
            readWanted = true
        } else {
            context.read()
        }
    }

    // MARK: The request cycle

    /// When idle, takes the next whole frame, or reads on if none is complete yet.
    private func takeNextFrame(context: ChannelHandlerContext) {
        guard !closed, !muted else { return }
        let frame: ByteBuffer?
        if var buffer = unframed {
            unframed = nil
            do {
                // Checks the size prefix as soon as it is there, before the frame's bytes accumulate.
                frame = try KafkaFrameDecoder.readFrame(from: &buffer, maximumFrameSize: settings.maximumFrameSize)
            } catch {
                close(context: context, reason: "\(error)")
                return
            }
            if buffer.readableBytes > 0 {
                // Reclaim the consumed front once it dominates, so a long-lived connection's buffer stays small.
                if buffer.readerIndex > 65536, buffer.readerIndex > buffer.readableBytes { buffer.discardReadBytes() }
                unframed = buffer
            }
        } else {
            frame = nil
        }
        guard let frame else {
            resumeReading(context: context)
            return
        }
        phase = .waitingForPermit(frame)
        takenAt = context.eventLoop.now
        guard Self.needsPermit(frame) else {
            dispatch(frame, holdsPermit: false, context: context)
            return
        }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        let granted = permits.acquire {
            eventLoop.execute {
                let (handler, context) = loopBound.value
                handler.permitGranted(context: context)
            }
        }
        if granted { dispatch(frame, holdsPermit: true, context: context) }
    }

    private func permitGranted(context: ChannelHandlerContext) {
        guard !closed, case .waitingForPermit(let frame) = phase else {
            permits.release()
            return
        }
        dispatch(frame, holdsPermit: true, context: context)
    }

    private func dispatch(_ frame: ByteBuffer, holdsPermit: Bool, context: ChannelHandlerContext) {
        phase = .processing
        BrokerMetrics.shared.requestQueued(nanoseconds: (context.eventLoop.now - takenAt).nanoseconds)
        let session = self.session ?? RequestSession(pipeline: context)
        self.session = session
        let outcome = processor.process(frame: frame, peer: peer, listener: settings.listener, session: session,
                                        allocator: context.channel.allocator, eventLoop: context.eventLoop)
        outcome.hop(to: context.eventLoop).assumeIsolated().whenComplete { result in
            if holdsPermit { self.permits.release() }
            self.answer(result, context: context)
        }
    }

    private func answer(_ result: Result<RequestOutcome, any Error>, context: ChannelHandlerContext) {
        guard !closed else { return }
        switch result {
        case .success(.respond(let response)):
            write([.byteBuffer(response)], keepAlive: nil, context: context)
        case .success(.respondParts(let parts, let keepAlive)):
            write(parts, keepAlive: keepAlive, context: context)
        case .success(.noResponse):
            // Produce with acks=0: nothing to wait for, so the next request can be read at once.
            unmute(context: context)
        case .success(.throttled(let outcome, let milliseconds)):
            throttledUntil = context.eventLoop.now + .milliseconds(Int64(milliseconds))
            answer(.success(outcome), context: context)
        case .success(.close(let reason)):
            close(context: context, reason: reason)
        case .failure(let error):
            logger.error("request failed", metadata: ["peer": "\(peer)", "error": "\(error)"])
            close(context: context, reason: "request failed")
        }
    }

    /// Writes one response and unmutes only once all of it has been written.
    private func write(_ parts: [IOData], keepAlive: (any Sendable)?, context: ChannelHandlerContext) {
        guard let last = parts.last else {
            unmute(context: context)
            return
        }
        phase = .writing
        for part in parts.dropLast() { context.write(wrapOutboundOut(part), promise: nil) }
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(last), promise: written)
        written.futureResult.assumeIsolated().whenComplete { result in
            // File regions point into segment files; `keepAlive` holds them open until the bytes are sent.
            withExtendedLifetime(keepAlive) {}
            guard !self.closed else { return }
            guard case .success = result else {
                self.close(context: context, reason: "response could not be written")
                return
            }
            self.lastActivity = context.eventLoop.now
            self.unmute(context: context)
        }
    }

    /// Reads the next request now, or once the client's throttle time is over.
    private func unmute(context: ChannelHandlerContext) {
        if let until = throttledUntil, until > context.eventLoop.now {
            phase = .writing  // stays muted; nothing more is written until the throttle ends
            context.eventLoop.assumeIsolated().scheduleTask(deadline: until) {
                guard !self.closed else { return }
                self.throttledUntil = nil
                self.unmute(context: context)
            }
            return
        }
        throttledUntil = nil
        phase = .idle
        takeNextFrame(context: context)
    }

    private func resumeReading(context: ChannelHandlerContext) {
        guard readWanted else { return }
        readWanted = false
        context.read()
    }

    private func close(context: ChannelHandlerContext, reason: String) {
        guard !closed else { return }
        logger.warning("closing connection", metadata: [
            "peer": "\(peer)", "listener": "\(settings.listener)", "reason": "\(reason)"])
        closed = true
        unframed = nil
        context.close(promise: nil)
    }

    // MARK: Idle connections

    private func scheduleIdleCheck(context: ChannelHandlerContext, at from: NIODeadline) {
        guard let timeout = settings.idleTimeout, !closed else { return }
        idleCheck = context.eventLoop.assumeIsolated().scheduleTask(deadline: from + timeout) {
            self.checkIdle(context: context, timeout: timeout)
        }
    }

    private func checkIdle(context: ChannelHandlerContext, timeout: TimeAmount) {
        guard !closed else { return }
        switch phase {
        case .processing, .waitingForPermit:
            // The broker, not the client, is the one taking its time: look again a full period later.
            scheduleIdleCheck(context: context, at: context.eventLoop.now)
        case .idle, .writing:
            // A response stuck in `.writing` counts as idle: its client is not reading.
            if context.eventLoop.now - lastActivity >= timeout {
                logger.debug("closing idle connection", metadata: ["peer": "\(peer)", "listener": "\(settings.listener)"])
                closed = true
                unframed = nil
                context.close(promise: nil)
            } else {
                scheduleIdleCheck(context: context, at: lastActivity)
            }
        }
    }

    // MARK: Which requests count toward queued.max.requests

    /// False for requests that may wait — on other requests, other brokers or a timeout the client chose. Kafka
    /// parks those in a purgatory that holds no handler slot; counting them here would let a few long polls
    /// (or JoinGroups waiting for each other, or acks=all produces waiting for the follower fetches they need)
    /// fill the queue and stop every other connection. They remain bounded by one request per connection.
    static func needsPermit(_ frame: ByteBuffer) -> Bool {
        guard let rawKey = frame.getInteger(at: frame.readerIndex, endianness: .big, as: Int16.self),
            let apiKey = ApiKey(rawValue: rawKey)
        else { return true }
        switch apiKey {
        case .joinGroup, .syncGroup, .leaderAndIsr, .stopReplica, .updateMetadata, .controlledShutdown,
             .fetch, .produce, .offsetCommit, .createTopics, .deleteTopics, .createPartitions, .deleteRecords,
             .electLeaders, .alterPartitionReassignments:
            return false
        default:
            return true
        }
    }
}

/// What to do after processing one request frame.
enum RequestOutcome: Sendable {
    /// Write this response frame (size prefix included).
    case respond(ByteBuffer)
    /// Write these parts in order as one response frame (size prefix included in the first); file regions
    /// are sent with sendfile. `keepAlive` owns the files the regions read from until the write completes.
    case respondParts([IOData], keepAlive: (any Sendable)?)
    /// Nothing to write (a produce request with acks=0).
    case noResponse
    /// The request was malformed or unacceptable: close the connection, naming why in the log.
    case close(reason: String)
    /// The client is over a quota: act on `outcome`, then read nothing more from it for `milliseconds`.
    indirect case throttled(RequestOutcome, milliseconds: Int)
}

/// Answers one request frame. Implementations must not block the event loop they are called on.
protocol RequestProcessing: Sendable {
    /// - Parameters:
    ///   - listener: the name of the listener the request came in on.
    ///   - session: who sent it (Kafka's `RequestChannel.Session`).
    func process(frame: ByteBuffer, peer: String, listener: String, session: RequestSession,
                 allocator: ByteBufferAllocator, eventLoop: any EventLoop) -> EventLoopFuture<RequestOutcome>
}

extension RequestProcessing {
    /// A request from an unauthenticated client (tests).
    func process(frame: ByteBuffer, peer: String, listener: String, allocator: ByteBufferAllocator,
                 eventLoop: any EventLoop) -> EventLoopFuture<RequestOutcome>
    {
        process(frame: frame, peer: peer, listener: listener, session: RequestSession(principal: .anonymous, host: ""),
                allocator: allocator, eventLoop: eventLoop)
    }
}

/// Who sent a request: the connection's authenticated principal (`User:ANONYMOUS` when it did not
/// authenticate) and the client's IP address, as ACLs match them.
struct RequestSession: Sendable, Hashable {
    var principal: KafkaPrincipal
    var host: String

    init(principal: KafkaPrincipal, host: String) {
        self.principal = principal
        self.host = host
    }

    /// The principal SASL or TLS established for the connection of `context` (SASL wins on SASL_SSL, as in
    /// Kafka), else anonymous.
    init(pipeline context: ChannelHandlerContext) {
        let operations = context.pipeline.syncOperations
        principal = (try? operations.handler(type: SaslServerHandler.self))?.principal
            ?? (try? operations.handler(type: TLSPrincipalHandler.self))?.principal ?? .anonymous
        host = context.remoteAddress?.ipAddress ?? ""
    }
}
