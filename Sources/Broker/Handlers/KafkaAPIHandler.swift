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
    /// The listener the request came in on (`listeners` name). The router always sets this and the next
    /// property; the defaults only serve contexts built by hand in tests.
    var listenerName: String = "PLAINTEXT"
    /// True when the listener may carry inter-broker traffic: no `inter.broker.listener.name` is configured,
    /// or the request came in on it or on `control.plane.listener.name`.
    var isInterBrokerListener: Bool = true
    /// Who sent the request (the router sets it; anonymous in contexts built by hand in tests).
    var session = RequestSession(principal: .anonymous, host: "")
    /// Decides the request's operations (the router sets it; allows everything in contexts built by hand).
    var authorizer = AclAuthorizer.disabled
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
        case now(RequestOutcome)
        case later(@Sendable () async -> RequestOutcome)
        /// Work already handed off (to the I/O threads, the purgatory) that completes the future.
        case future(EventLoopFuture<RequestOutcome>)
    }

    init<Handler: KafkaAPIHandler>(_ handler: Handler) {
        apiKey = Handler.Request.apiKey
        versions = Handler.servedVersions
        serve = { body, context, allocator in
            let request = try Handler.Request(from: &body, version: context.apiVersion)
            if let answered = handler.handleNow(request, context: context) {
                return .now(answered.map { .respond(Self.frame($0, context: context, allocator: allocator)) }
                    ?? .noResponse)
            }
            return .later {
                guard let response = await handler.handle(request, context: context) else { return .noResponse }
                return .respond(Self.frame(response, context: context, allocator: allocator))
            }
        }
    }

    /// Produce, whose appends run on the I/O threads and whose acks=all waits sit in the purgatory.
    init(produce handler: ProduceHandler) {
        apiKey = .produce
        versions = ProduceHandler.servedVersions
        serve = { body, context, allocator in
            let request = try ProduceRequest(from: &body, version: context.apiVersion)
            return .future(handler.serve(request, context: context).map { response in
                response.map { .respond(Self.frame($0, context: context, allocator: allocator)) } ?? .noResponse
            })
        }
    }

    /// Fetch, whose record bytes are sent from the segment files (sendfile) rather than copied.
    init(fetch handler: FetchHandler) {
        apiKey = .fetch
        versions = FetchHandler.servedVersions
        serve = { body, context, allocator in
            let requested = try FetchRequest(from: &body, version: context.apiVersion)
            let version = context.apiVersion, correlationID = context.header.correlationID
            // Topics the sender may not read are answered without being read (`FetchAuthorization`).
            let authorization = FetchAuthorization(requested, context: context)
            let request = authorization?.allowed ?? requested
            if let authorization, authorization.refusesAll {
                return .now(FetchResponseParts.outcome(authorization.refusal, version: version,
                                                       correlationID: correlationID, allocator: allocator))
            }
            if let answer = handler.answerNow(request, context: context) {
                return .now(FetchResponseParts.outcome(authorization?.merged(answer) ?? answer, version: version,
                                                       correlationID: correlationID, allocator: allocator))
            }
            return .future(handler.delayedAnswer(request, context: context).map { answer in
                FetchResponseParts.outcome(authorization?.merged(answer) ?? answer, version: version,
                                           correlationID: correlationID, allocator: allocator)
            })
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
