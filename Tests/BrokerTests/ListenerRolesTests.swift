@testable import Broker
import KafkaProtocol
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import Testing

/// Which listeners accept the controller's requests, and what handlers learn of the listener.
@Suite struct ListenerRolesTests {
    /// Records the context of each request; answers nothing.
    struct Recording<Request: KafkaRequestMessage>: KafkaAPIHandler {
        static var servedVersions: ClosedRange<Int16> { Request.versions }
        let seen: NIOLockedValueBox<[RequestContext]>

        func handle(_ request: Request, context: RequestContext) async -> Request.Response? { nil }

        func handleNow(_ request: Request, context: RequestContext) -> Request.Response?? {
            seen.withLockedValue { $0.append(context) }
            return .some(nil)
        }
    }

    let seen = NIOLockedValueBox<[RequestContext]>([])
    let loop = EmbeddedEventLoop()

    func router(_ roles: ListenerRoles) -> RequestRouter {
        RequestRouter(handlers: [
            RegisteredHandler(Recording<LeaderAndIsrRequest>(seen: seen)),
            RegisteredHandler(Recording<ControlledShutdownRequest>(seen: seen)),
            RegisteredHandler(Recording<HeartbeatRequest>(seen: seen)),
        ], listeners: roles, logger: Logger(label: "test"))
    }

    /// What the router decides for a request with `apiKey` on `listener`: the close reason, or nil if served
    /// (or at least decoded: a header-only body may be malformed, which is not a refusal).
    func refusal(_ router: RequestRouter, _ apiKey: ApiKey, on listener: String) throws -> String? {
        var frame = ByteBuffer()
        RequestHeader(apiKey: apiKey, apiVersion: 3, correlationID: 7, clientID: "t").write(into: &frame)
        let outcome = try router.process(frame: frame, peer: "10.0.0.9:5000", listener: listener,
                                         allocator: ByteBufferAllocator(), eventLoop: loop).wait()
        guard case .close(let reason) = outcome, reason.contains("refused") else { return nil }
        return reason
    }

    @Test func everyListenerServesEverythingByDefault() throws {
        let roles = ListenerRoles()
        #expect(roles.isInterBroker("CLIENT"))
        #expect(try refusal(router(roles), .leaderAndIsr, on: "CLIENT") == nil)
    }

    @Test func controlPlaneListenerReservesTheControllerRequests() throws {
        let router = router(ListenerRoles(controlPlane: "CONTROL"))
        let reason = try refusal(router, .leaderAndIsr, on: "CLIENT")
        #expect(reason?.contains("LeaderAndIsr") == true)
        #expect(reason?.contains("CLIENT") == true)
        #expect(try refusal(router, .leaderAndIsr, on: "CONTROL") == nil)
        #expect(try refusal(router, .controlledShutdown, on: "CLIENT") == nil, "not a control-plane request")
        #expect(ListenerRoles(controlPlane: "CONTROL").isInterBroker("CLIENT"), "no inter-broker listener named")
    }

    @Test func interBrokerListenerAlsoReservesControlledShutdown() throws {
        let roles = ListenerRoles(controlPlane: "CONTROL", interBroker: "REPLICATION")
        let router = router(roles)
        #expect(try refusal(router, .controlledShutdown, on: "CLIENT") != nil)
        #expect(try refusal(router, .controlledShutdown, on: "REPLICATION") == nil)
        #expect(try refusal(router, .leaderAndIsr, on: "REPLICATION") == nil)
        #expect(try refusal(router, .leaderAndIsr, on: "CONTROL") == nil)
        #expect(try refusal(router, .heartbeat, on: "CLIENT") == nil, "client requests are served anywhere")
        #expect(!roles.isInterBroker("CLIENT"))
        #expect(roles.isInterBroker("REPLICATION"))
        #expect(roles.isInterBroker("CONTROL"))
    }

    @Test func handlersSeeTheListener() throws {
        let router = router(ListenerRoles(interBroker: "REPLICATION"))
        var frame = ByteBuffer()
        frame.writeKafkaRequest(HeartbeatRequest(groupID: "g", generationID: 1, memberID: "m"), version: 0,
                                correlationID: 3, clientID: "t")
        _ = try router.process(frame: frame, peer: "p", listener: "CLIENT", allocator: ByteBufferAllocator(),
                               eventLoop: loop).wait()
        let context = try #require(seen.withLockedValue { $0.last })
        #expect(context.listenerName == "CLIENT")
        #expect(!context.isInterBrokerListener)
        #expect(context.session.principal == .anonymous)
    }

    @Test func handlersSeeWhoSentTheRequest() throws {
        let router = router(ListenerRoles())
        var frame = ByteBuffer()
        frame.writeKafkaRequest(HeartbeatRequest(groupID: "g", generationID: 1, memberID: "m"), version: 0,
                                correlationID: 4, clientID: "t")
        let alice = RequestSession(principal: KafkaPrincipal(type: "User", name: "alice"), host: "10.0.0.7")
        _ = try router.process(frame: frame, peer: "p", listener: "SASL", session: alice,
                               allocator: ByteBufferAllocator(), eventLoop: loop).wait()
        let context = try #require(seen.withLockedValue { $0.last })
        #expect(context.session == alice)
    }
}
