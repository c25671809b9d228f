import KafkaProtocol
import NIOCore

/// Serves one Kafka API. A handler checks its input, delegates once, and builds the response; it never parses
/// bytes or sees a socket. Wire errors are values in the response, not thrown.
protocol KafkaAPIHandler: Sendable {
    associatedtype Request: KafkaRequestMessage

    /// The versions this broker serves (and advertises in ApiVersions).
    static var servedVersions: ClosedRange<Int16> { get }

    /// Answers `request`; nil means no response is sent (a produce request with acks=0).
    func handle(_ request: Request, context: RequestContext) async -> Request.Response?

    /// Answers `request` right away on the connection's event loop when nothing needs waiting for: returns
    /// `.some(response)` (itself nil when no response is due), or nil to have `handle` answer it off the loop.
    /// Saves the task hop for the requests that dominate load (produce with acks 0/1, a fetch with data).
    /// Must not block: only in-memory work and page-cache reads and writes.
    func handleNow(_ request: Request, context: RequestContext) -> Request.Response??
}

extension KafkaAPIHandler {
    func handleNow(_ request: Request, context: RequestContext) -> Request.Response?? { nil }
}

/// What a handler knows about the request besides its body.
struct RequestContext: Sendable {
    let header: RequestHeader
    let peer: String
    /// The connection's event loop, for timers of waiting requests.
    let eventLoop: any EventLoop
    var apiVersion: Int16 { header.apiVersion }
    var clientID: String { header.clientID ?? "" }
}

/// A handler with its message types erased, so the registry can hold every API in one table.
struct RegisteredHandler: Sendable {
    let apiKey: ApiKey
    let versions: ClosedRange<Int16>
    /// Decodes the body (throws `KafkaProtocolError` for malformed bytes) and either answers at once or
    /// returns the work still to do off the event loop.
    let serve: @Sendable (_ body: inout ByteBuffer, _ context: RequestContext, _ allocator: ByteBufferAllocator)
        throws -> Served

    /// A framed response (nil when none is due), now or after asynchronous work.
    enum Served: Sendable {
        case now(ByteBuffer?)
        case later(@Sendable () async -> ByteBuffer?)
    }

    init<Handler: KafkaAPIHandler>(_ handler: Handler) {
        apiKey = Handler.Request.apiKey
        versions = Handler.servedVersions
        serve = { body, context, allocator in
            let request = try Handler.Request(from: &body, version: context.apiVersion)
            if let answered = handler.handleNow(request, context: context) {
                return .now(answered.map { Self.frame($0, context: context, allocator: allocator) })
            }
            return .later {
                guard let response = await handler.handle(request, context: context) else { return nil }
                return Self.frame(response, context: context, allocator: allocator)
            }
        }
    }

    private static func frame<Response: KafkaResponseMessage>(
        _ response: Response, context: RequestContext, allocator: ByteBufferAllocator
    ) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 512)
        buffer.writeKafkaFrame {
            $0.writeKafkaResponse(response, version: context.apiVersion, correlationID: context.header.correlationID)
        }
        return buffer
    }
}
