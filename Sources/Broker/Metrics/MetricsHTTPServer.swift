import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// The `/metrics` endpoint: a minimal HTTP/1.1 responder on SwiftNIO. `GET /metrics` (or HEAD) answers the
/// Prometheus text exposition; any other path is 404, another method on `/metrics` 405, an unparseable request
/// 400. It faces the network, so each connection is bounded: at most `maxRequestBytes` read (then closed, whatever
/// was sent), one request answered and then closed (`Connection: close`, which every scraper handles), and closed
/// after `idleTimeout` without traffic.
final class MetricsHTTPServer: Sendable {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"
    static let maxRequestBytes = 16 * 1024
    static let idleTimeout = TimeAmount.seconds(10)

    private let channel: any Channel
    var localAddress: SocketAddress? { channel.localAddress }

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Binds `host:port` (port 0: any free port) and serves until `close()`; `render` produces the body.
    static func start(host: String, port: Int, group: any EventLoopGroup, logger: Logger,
                      render: @escaping @Sendable () async -> [UInt8]) async throws -> MetricsHTTPServer
    {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 64)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(RequestSizeLimit(limit: maxRequestBytes))
                    try sync.addHandler(IdleStateHandler(allTimeout: idleTimeout))
                    try sync.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: true)
                    try sync.addHandler(MetricsRequestHandler(render: render, logger: logger))
                }
            }
            .bind(host: host, port: port).get()
        return MetricsHTTPServer(channel: channel)
    }

    func close() async {
        try? await channel.close()
    }
}

/// Closes a connection that sends more than `limit` bytes, before they reach the HTTP parser.
private final class RequestSizeLimit: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    private let limit: Int
    private var received = 0

    init(limit: Int) { self.limit = limit }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received += unwrapInboundIn(data).readableBytes
        guard received <= limit else {
            context.close(promise: nil)
            return
        }
        context.fireChannelRead(data)
    }
}

/// Answers one request per connection, then closes it.
private final class MetricsRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let render: @Sendable () async -> [UInt8]
    private let logger: Logger
    private var request: HTTPRequestHead?
    private var answered = false

    init(render: @escaping @Sendable () async -> [UInt8], logger: Logger) {
        self.render = render
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): request = head
        case .body: break  // ignored (and bounded by RequestSizeLimit)
        case .end:
            guard let head = request, !answered else { return }
            answered = true
            answer(head, context: context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    private func answer(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard path == "/metrics" else {
            return respond(.notFound, body: Array("not found: the metrics are at /metrics\n".utf8), head: head,
                           context: context)
        }
        guard head.method == .GET || head.method == .HEAD else {
            return respond(.methodNotAllowed, body: Array("only GET and HEAD\n".utf8), head: head,
                           extraHeaders: [("Allow", "GET, HEAD")], context: context)
        }
        let rendered = context.eventLoop.makeFutureWithTask { [render] in await render() }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        rendered.whenSuccess { body in
            let (handler, context) = loopBound.value
            handler.respond(.ok, body: body, head: head, contentType: MetricsHTTPServer.contentType, context: context)
        }
    }

    private func respond(_ status: HTTPResponseStatus, body: [UInt8], head: HTTPRequestHead,
                         contentType: String = "text/plain; charset=utf-8", extraHeaders: [(String, String)] = [],
                         context: ChannelHandlerContext)
    {
        var headers = HTTPHeaders([("Content-Type", contentType), ("Content-Length", "\(body.count)"),
                                   ("Connection", "close")])
        headers.add(contentsOf: extraHeaders)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
                      promise: nil)
        if head.method != .HEAD {
            var buffer = context.channel.allocator.buffer(capacity: body.count)
            buffer.writeBytes(body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
}
