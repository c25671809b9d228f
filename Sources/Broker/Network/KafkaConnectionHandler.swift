import DequeModule
import Logging
import NIOCore

/// Serves one client connection: takes whole request frames (the frame decoder in front of it strips the size
/// prefix), has them answered one at a time, and writes each response with its size prefix, in request order.
///
/// Like Kafka's socket server, a connection has at most one request in processing: further frames wait in
/// `pending`, and reading from the socket pauses while too many wait, so a client that pipelines cannot make the
/// broker buffer without bound. Runs on the channel's event loop only; processing itself happens off the loop
/// in `RequestProcessing` and comes back through a future.
final class KafkaConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = IOData

    /// Frames waiting beyond this pause reading from the socket until the queue drains.
    private static let pauseReadingAt = 64

    private let processor: any RequestProcessing
    private let logger: Logger
    private var pending: Deque<ByteBuffer> = []
    private var processing = false
    private var readingPaused = false
    private var closed = false
    private var peer = "unknown"

    init(processor: any RequestProcessing, logger: Logger) {
        self.processor = processor
        self.logger = logger
    }

    func channelActive(context: ChannelHandlerContext) {
        peer = context.remoteAddress?.description ?? "unknown"
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        pending.append(unwrapInboundIn(data))
        if pending.count >= Self.pauseReadingAt, !readingPaused {
            readingPaused = true
            context.channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
        }
        processNext(context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        pending.removeAll()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // Framing errors (a negative or oversized size prefix) end this connection only.
        logger.warning("closing connection", metadata: ["peer": "\(peer)", "error": "\(error)"])
        closed = true
        context.close(promise: nil)
    }

    private func processNext(context: ChannelHandlerContext) {
        guard !processing, !closed, let frame = pending.popFirst() else { return }
        if readingPaused, pending.count < Self.pauseReadingAt / 2 {
            readingPaused = false
            context.channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in }
        }
        processing = true
        let outcome = processor.process(frame: frame, peer: peer, allocator: context.channel.allocator,
                                        eventLoop: context.eventLoop)
        outcome.hop(to: context.eventLoop).assumeIsolated().whenComplete { result in
            self.processing = false
            guard !self.closed else { return }
            switch result {
            case .success(.respond(let response)):
                context.writeAndFlush(self.wrapOutboundOut(.byteBuffer(response)), promise: nil)
            case .success(.respondParts(let parts, let keepAlive)):
                // File regions point into segment files; `keepAlive` holds them open until the bytes are sent.
                for part in parts.dropLast() { context.write(self.wrapOutboundOut(part), promise: nil) }
                if let last = parts.last {
                    let written = context.eventLoop.makePromise(of: Void.self)
                    written.futureResult.whenComplete { _ in withExtendedLifetime(keepAlive) {} }
                    context.writeAndFlush(self.wrapOutboundOut(last), promise: written)
                }
            case .success(.noResponse):
                break
            case .success(.close(let reason)):
                self.logger.warning("closing connection", metadata: ["peer": "\(self.peer)", "reason": "\(reason)"])
                self.closed = true
                context.close(promise: nil)
                return
            case .failure(let error):
                self.logger.error("request failed", metadata: ["peer": "\(self.peer)", "error": "\(error)"])
                self.closed = true
                context.close(promise: nil)
                return
            }
            self.processNext(context: context)
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
}

/// Answers one request frame. Implementations must not block the event loop they are called on.
protocol RequestProcessing: Sendable {
    func process(frame: ByteBuffer, peer: String, allocator: ByteBufferAllocator, eventLoop: any EventLoop)
        -> EventLoopFuture<RequestOutcome>
}
