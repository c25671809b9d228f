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
    /// Decodes the body (throws `KafkaProtocolError` for malformed bytes), handles, and writes the framed
    /// response; nil when no response is due.
    let serve: @Sendable (_ body: inout ByteBuffer, _ context: RequestContext, _ allocator: ByteBufferAllocator)
        async throws -> ByteBuffer?

    init<Handler: KafkaAPIHandler>(_ handler: Handler) {
        apiKey = Handler.Request.apiKey
        versions = Handler.servedVersions
        serve = { body, context, allocator in
            let request = try Handler.Request(from: &body, version: context.apiVersion)
            guard let response = await handler.handle(request, context: context) else { return nil }
            var buffer = allocator.buffer(capacity: 512)
            buffer.writeKafkaFrame {
                $0.writeKafkaResponse(response, version: context.apiVersion,
                                      correlationID: context.header.correlationID)
            }
            return buffer
        }
    }
}
