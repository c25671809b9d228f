@testable import Broker
import KafkaProtocol
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TestSupport
import Testing

/// `max.connections`, `max.connections.per.ip` and `connections.max.idle.ms`, on the counts and on a real
/// loopback server.
@Suite struct ConnectionLimitsTests {
    let logger = Logger(label: "test")

    @Test func brokerWideLimitSparesDedicatedListeners() {
        let quotas = ConnectionQuotas(
            limits: .init(maxConnections: 2, exemptListeners: ["REPLICATION"]), logger: logger)
        #expect(quotas.admit(ip: "10.0.0.1", listener: "CLIENT") == .admitted)
        #expect(quotas.admit(ip: "10.0.0.2", listener: "CLIENT") == .admitted)
        #expect(quotas.admit(ip: "10.0.0.3", listener: "CLIENT") != .admitted)
        #expect(quotas.admit(ip: "10.0.0.3", listener: "REPLICATION") == .admitted, "exempt")
        #expect(quotas.total == 2)
        quotas.release(ip: "10.0.0.1", listener: "CLIENT")
        #expect(quotas.admit(ip: "10.0.0.3", listener: "CLIENT") == .admitted)
    }

    @Test func perAddressLimitHonoursOverrides() {
        let quotas = ConnectionQuotas(
            limits: .init(maxPerIP: 1, perIPOverrides: ["10.0.0.9": 3, "10.0.0.8": 0]), logger: logger)
        #expect(quotas.admit(ip: "10.0.0.1", listener: "CLIENT") == .admitted)
        #expect(quotas.admit(ip: "10.0.0.1", listener: "CLIENT") != .admitted)
        #expect(quotas.admit(ip: "10.0.0.8", listener: "CLIENT") != .admitted, "an override of 0 refuses all")
        for _ in 0..<3 { #expect(quotas.admit(ip: "10.0.0.9", listener: "CLIENT") == .admitted) }
        #expect(quotas.admit(ip: "10.0.0.9", listener: "CLIENT") != .admitted)
        quotas.release(ip: "10.0.0.1", listener: "CLIENT")
        #expect(quotas.admit(ip: "10.0.0.1", listener: "CLIENT") == .admitted)
    }

    /// Answers every request with a 4-byte frame; safe from any event loop.
    struct EchoProcessor: RequestProcessing {
        let served = NIOLockedValueBox(0)

        func process(frame: ByteBuffer, peer: String, listener: String, session: RequestSession,
                 allocator: ByteBufferAllocator,
                     eventLoop: any EventLoop) -> EventLoopFuture<RequestOutcome> {
            served.withLockedValue { $0 += 1 }
            var response = allocator.buffer(capacity: 8)
            response.writeInteger(Int32(4))
            response.writeInteger(Int32(42))
            return eventLoop.makeSucceededFuture(.respond(response))
        }
    }

    /// Counts the bytes a client receives.
    final class Received: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let bytes = NIOLockedValueBox(0)

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let count = unwrapInboundIn(data).readableBytes
            bytes.withLockedValue { $0 += count }
        }
    }

    func withServer(_ settings: BrokerServer.Settings, processor: EchoProcessor = EchoProcessor(),
                    _ body: (SocketAddress, MultiThreadedEventLoopGroup) async throws -> Void) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = BrokerServer(group: group, processor: processor, settings: settings, logger: logger)
        do {
            let address = try await server.bind(Listener(name: "CLIENT", host: "127.0.0.1", port: 0))
            try await body(address, group)
        } catch {
            await server.close()
            try await group.shutdownGracefully()
            throw error
        }
        await server.close()
        try await group.shutdownGracefully()
    }

    func connect(_ address: SocketAddress, group: MultiThreadedEventLoopGroup, received: Received = Received())
        async throws -> any Channel
    {
        try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(received) }
            }
            .connect(to: address).get()
    }

    @Test func connectionsPastTheLimitAreClosedAtOnce() async throws {
        var settings = BrokerServer.Settings()
        settings.quotas = .init(maxConnections: 1)
        try await withServer(settings) { address, group in
            let received = Received()
            let first = try await connect(address, group: group, received: received)
            let second = try await connect(address, group: group)
            try await second.closeFuture.get()
            // The admitted one still works: a request gets its answer.
            var frame = ByteBuffer()
            frame.writeKafkaFrame {
                RequestHeader(apiKey: .metadata, apiVersion: 0, correlationID: 1, clientID: nil).write(into: &$0)
            }
            try await first.writeAndFlush(frame)
            try await eventually("the response arrives") { received.bytes.withLockedValue { $0 } == 8 }
            #expect(first.isActive)
            try await first.close()
        }
    }

    @Test func idleConnectionsAreClosed() async throws {
        var settings = BrokerServer.Settings()
        settings.idleTimeout = .milliseconds(200)
        try await withServer(settings) { address, group in
            let client = try await connect(address, group: group)
            try await eventually("the idle connection is closed", within: .seconds(10)) { !client.isActive }
        }
    }
}
