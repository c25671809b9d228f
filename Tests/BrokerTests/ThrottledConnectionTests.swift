@testable import Broker
import KafkaProtocol
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import Testing

/// KIP-219 on the connection: a client over its quota gets its answer at once, with the throttle time in it, and
/// its connection is then not read until the throttle time has passed.
@Suite struct ThrottledConnectionTests {
    let logger = Logger(label: "test")

    private func connect(_ processor: any RequestProcessing) throws -> (EmbeddedChannel, StallWrites) {
        let channel = EmbeddedChannel()
        let stall = StallWrites()
        let handler = KafkaConnectionHandler(
            processor: processor, permits: RequestPermits(limit: 500),
            settings: .init(listener: "CLIENT", maximumFrameSize: 1 << 20, idleTimeout: nil), logger: logger)
        try channel.pipeline.syncOperations.addHandlers([stall, handler])
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9092)).wait()
        return (channel, stall)
    }

    @Test func throttledConnectionIsReadAgainOnlyAfterTheThrottleTime() throws {
        let processor = ScriptedProcessor(answer: {
            $0.makeSucceededFuture(.throttled(.respond(ByteBuffer(repeating: 1, count: 16)), milliseconds: 200))
        })
        let (channel, stall) = try connect(processor)
        var burst = requestFrame(.produce, correlationID: 1)
        burst.writeImmutableBuffer(requestFrame(.produce, correlationID: 2))
        try channel.writeInbound(burst)
        #expect(stall.held.count == 1, "answered at once")
        stall.completeWrites()
        #expect(processor.frames.count == 1, "muted once the response is written")
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(199))
        #expect(processor.frames.count == 1)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        #expect(processor.frames.count == 2, "read again when the throttle time is over")
    }

    /// Answers every produce with an encoded v8 response.
    struct ProduceAnswer: RequestProcessing {
        func process(frame: ByteBuffer, peer: String, listener: String, session: RequestSession,
                 allocator: ByteBufferAllocator,
                     eventLoop: any EventLoop) -> EventLoopFuture<RequestOutcome> {
            var buffer = allocator.buffer(capacity: 32)
            buffer.writeKafkaFrame {
                $0.writeKafkaResponse(ProduceResponse(responses: [], throttleTimeMs: 0), version: 8, correlationID: 3)
            }
            return eventLoop.makeSucceededFuture(.respond(buffer))
        }
    }

    @Test func produceOverItsQuotaIsAnsweredWithTheThrottleTime() throws {
        let quotas = ClientQuotaManager()
        quotas.setQuotas([ClientQuotaEntity(clientID: .name("test")): [.produce: 100]])
        let clock = NIOLockedValueBox<Int64>(0)
        let processor = QuotaEnforcingProcessor(ProduceAnswer(), quotas: quotas,
                                                nowMs: { clock.withLockedValue { $0 } })
        let loop = EmbeddedEventLoop()
        let frame = requestFrame(.produce, version: 8) { $0.writeBytes([UInt8](repeating: 0, count: 200)) }
        // The request frame without its size prefix, as the connection hands it over.
        let request = frame.getSlice(at: 4, length: frame.readableBytes - 4)!
        let outcome = try processor.process(frame: request, peer: "p", listener: "CLIENT",
                                            allocator: ByteBufferAllocator(), eventLoop: loop).wait()
        guard case .throttled(.respond(let response), let milliseconds) = outcome else {
            Issue.record("expected a throttled answer, got \(outcome)")
            return
        }
        // About 220 request bytes against 100 B/s over one window: (220 - 100) / 100 × 1 s.
        #expect((1000...1500).contains(milliseconds))
        let content = response.getSlice(at: 4, length: response.readableBytes - 4)!
        let (_, decoded) = try ProduceResponse.decodeFrame(content, version: 8)
        #expect(decoded.throttleTimeMs == Int32(milliseconds))

        let other = requestFrame(.metadata, version: 1)
        let untouched = try processor.process(frame: other.getSlice(at: 4, length: other.readableBytes - 4)!,
                                              peer: "p", listener: "CLIENT", allocator: ByteBufferAllocator(),
                                              eventLoop: loop).wait()
        guard case .respond = untouched else {
            Issue.record("a request with no quota exceeded passes through: \(untouched)")
            return
        }
    }

    /// Answers after `work` of busy time, with `bytes` bytes.
    struct BusyAnswer: RequestProcessing {
        var work: Duration = .zero
        var bytes = 8

        func process(frame: ByteBuffer, peer: String, listener: String, session: RequestSession,
                 allocator: ByteBufferAllocator,
                     eventLoop: any EventLoop) -> EventLoopFuture<RequestOutcome> {
            let until = ContinuousClock.now + work
            while ContinuousClock.now < until {}
            return eventLoop.makeSucceededFuture(.respond(ByteBuffer(repeating: 0, count: bytes)))
        }
    }

    private func outcome(_ processor: QuotaEnforcingProcessor, _ frame: ByteBuffer) throws -> RequestOutcome {
        try processor.process(frame: frame.getSlice(at: 4, length: frame.readableBytes - 4)!, peer: "p",
                              listener: "CLIENT", allocator: ByteBufferAllocator(),
                              eventLoop: EmbeddedEventLoop()).wait()
    }

    @Test func requestTimeCountsTowardRequestPercentage() throws {
        let quotas = ClientQuotaManager()
        quotas.setQuotas([ClientQuotaEntity(clientID: .name("test")): [.request: 1]])
        let processor = QuotaEnforcingProcessor(BusyAnswer(work: .milliseconds(30)), quotas: quotas, nowMs: { 0 })
        // 30 ms of one thread in a second is 3 %, against 1 %: (3 - 1) / 1 × 1 s = 2 s, bounded by one window.
        guard case .throttled(_, let milliseconds) = try outcome(processor, requestFrame(.metadata, version: 1)) else {
            Issue.record("30 ms of work against 1 % is throttled")
            return
        }
        #expect(milliseconds == 1000)
    }

    @Test func fetchResponseBytesCountForConsumersButNeverForFollowers() throws {
        let quotas = ClientQuotaManager()
        quotas.setQuotas([ClientQuotaEntity(clientID: .name("test")): [.fetch: 100]])
        let processor = QuotaEnforcingProcessor(BusyAnswer(bytes: 1000), quotas: quotas, nowMs: { 0 })
        let follower = requestFrame(.fetch, version: 11) { $0.writeInteger(Int32(2)) }
        guard case .respond = try outcome(processor, follower) else {
            Issue.record("a follower's fetch is never throttled")
            return
        }
        let consumer = requestFrame(.fetch, version: 11) { $0.writeInteger(Int32(-1)) }
        guard case .throttled(_, let milliseconds) = try outcome(processor, consumer) else {
            Issue.record("1000 response bytes against 100 B/s are throttled")
            return
        }
        #expect(milliseconds == 9000)
    }
}
