@testable import Broker
import KafkaProtocol
import Logging
import NIOCore
import NIOEmbedded
import Testing

/// Answers each frame as the test scripts it, and records what it was given.
/// Used only from the test's own thread, which also runs the embedded event loops.
final class ScriptedProcessor: RequestProcessing, @unchecked Sendable {
    var frames: [ByteBuffer] = []
    var listeners: [String] = []
    var answer: (any EventLoop) -> EventLoopFuture<RequestOutcome>

    init(answer: @escaping (any EventLoop) -> EventLoopFuture<RequestOutcome>) {
        self.answer = answer
    }

    func process(frame: ByteBuffer, peer: String, listener: String, session: RequestSession,
                 allocator: ByteBufferAllocator,
                 eventLoop: any EventLoop) -> EventLoopFuture<RequestOutcome> {
        frames.append(frame)
        listeners.append(listener)
        return answer(eventLoop)
    }
}

/// Sits between the connection handler and the socket: holds every write's promise until the test lets the
/// write "complete", and counts the read requests that get through (reads withheld = connection muted).
final class StallWrites: ChannelOutboundHandler {
    typealias OutboundIn = IOData
    var held: [EventLoopPromise<Void>?] = []
    var reads = 0

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        held.append(promise)
        context.write(data, promise: nil)
    }

    func read(context: ChannelHandlerContext) {
        reads += 1
        context.read()
    }

    func completeWrites() {
        let promises = held
        held = []
        for promise in promises { promise?.succeed() }
    }
}

/// A frame (size prefix included) carrying just a request header.
func requestFrame(_ apiKey: ApiKey, version: Int16 = 0, correlationID: Int32 = 1,
                  body: (inout ByteBuffer) -> Void = { _ in }) -> ByteBuffer {
    var buffer = ByteBuffer()
    buffer.writeKafkaFrame {
        RequestHeader(apiKey: apiKey, apiVersion: version, correlationID: correlationID, clientID: "test")
            .write(into: &$0)
        body(&$0)
    }
    return buffer
}

@Suite struct ConnectionHandlerTests {
    let logger = Logger(label: "test")

    struct Connection {
        let channel: EmbeddedChannel
        let stall: StallWrites
    }

    func connect(_ processor: ScriptedProcessor, permits: RequestPermits = RequestPermits(limit: 500),
                 maximumFrameSize: Int = 1 << 20, idleTimeout: TimeAmount? = nil) throws -> Connection {
        let channel = EmbeddedChannel()
        let stall = StallWrites()
        let handler = KafkaConnectionHandler(
            processor: processor, permits: permits,
            settings: .init(listener: "CLIENT", maximumFrameSize: maximumFrameSize, idleTimeout: idleTimeout),
            logger: logger)
        try channel.pipeline.syncOperations.addHandlers([stall, handler])
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9092)).wait()
        return Connection(channel: channel, stall: stall)
    }

    func respondWith(_ bytes: Int) -> (any EventLoop) -> EventLoopFuture<RequestOutcome> {
        { $0.makeSucceededFuture(.respond(ByteBuffer(repeating: 1, count: bytes))) }
    }

    @Test func nextRequestIsReadOnlyAfterTheResponseIsWritten() throws {
        let processor = ScriptedProcessor(answer: respondWith(16))
        let connection = try connect(processor)
        connection.channel.read()
        #expect(connection.stall.reads == 1, "an idle connection reads")

        // Three pipelined requests arrive in one read.
        var burst = requestFrame(.metadata, correlationID: 1)
        burst.writeImmutableBuffer(requestFrame(.metadata, correlationID: 2))
        burst.writeImmutableBuffer(requestFrame(.metadata, correlationID: 3))
        try connection.channel.writeInbound(burst)
        #expect(processor.frames.count == 1, "one request at a time")
        #expect(processor.listeners == ["CLIENT"])
        #expect(connection.stall.held.count == 1)
        connection.channel.read()
        #expect(connection.stall.reads == 1, "muted while the response is unwritten")

        connection.stall.completeWrites()
        #expect(processor.frames.count == 2, "the next frame is taken once the write completes")
        connection.stall.completeWrites()
        #expect(processor.frames.count == 3)
        #expect(connection.stall.reads == 1, "still muted: the third response is unwritten")
        connection.stall.completeWrites()
        #expect(connection.stall.reads == 2, "reads again once nothing is in flight")
    }

    @Test func produceWithAcksZeroResumesAtOnce() throws {
        let processor = ScriptedProcessor(answer: { $0.makeSucceededFuture(.noResponse) })
        let connection = try connect(processor)
        var burst = requestFrame(.produce, correlationID: 1)
        burst.writeImmutableBuffer(requestFrame(.produce, correlationID: 2))
        try connection.channel.writeInbound(burst)
        #expect(processor.frames.count == 2)
        #expect(connection.stall.held.isEmpty)
        connection.channel.read()
        #expect(connection.stall.reads == 1)
    }

    final class Segment: Sendable {}

    @Test func sendfileFilesStayOpenUntilTheResponseIsWritten() throws {
        weak var segment: Segment?
        let processor = ScriptedProcessor(answer: { loop in
            let kept = Segment()
            segment = kept
            return loop.makeSucceededFuture(.respondParts(
                [.byteBuffer(ByteBuffer(repeating: 0, count: 8)), .byteBuffer(ByteBuffer(repeating: 1, count: 8))],
                keepAlive: kept))
        })
        let connection = try connect(processor)
        try connection.channel.writeInbound(requestFrame(.fetch))
        #expect(connection.stall.held.count == 2, "both parts written")
        #expect(segment != nil, "held while the write is in progress")
        connection.stall.completeWrites()
        #expect(segment == nil, "released once written")
    }

    @Test func oversizedSizePrefixClosesBeforeTheBodyArrives() throws {
        let processor = ScriptedProcessor(answer: respondWith(1))
        let connection = try connect(processor, maximumFrameSize: 1024)
        var prefix = ByteBuffer()
        prefix.writeInteger(Int32(1_000_000))
        _ = try? connection.channel.writeInbound(prefix)
        #expect(!connection.channel.isActive)
        #expect(processor.frames.isEmpty)
    }

    @Test func negativeSizePrefixCloses() throws {
        let processor = ScriptedProcessor(answer: respondWith(1))
        let connection = try connect(processor)
        var prefix = ByteBuffer()
        prefix.writeInteger(Int32(-5))
        _ = try? connection.channel.writeInbound(prefix)
        #expect(!connection.channel.isActive)
    }

    @Test func fullRequestQueueHoldsOtherConnectionsBack() throws {
        let permits = RequestPermits(limit: 1)
        var pending: EventLoopPromise<RequestOutcome>?
        let slow = ScriptedProcessor(answer: { loop in
            let promise = loop.makePromise(of: RequestOutcome.self)
            pending = promise
            return promise.futureResult
        })
        let fast = ScriptedProcessor(answer: respondWith(4))
        let first = try connect(slow, permits: permits)
        let second = try connect(fast, permits: permits)

        try first.channel.writeInbound(requestFrame(.metadata))
        #expect(permits.inUse == 1)
        try second.channel.writeInbound(requestFrame(.metadata))
        second.channel.read()
        #expect(fast.frames.isEmpty, "waits for a permit")
        #expect(second.stall.reads == 0, "and does not read meanwhile")

        pending?.succeed(.noResponse)
        second.channel.embeddedEventLoop.run()
        #expect(fast.frames.count == 1, "the freed permit went to the waiting connection")
        second.stall.completeWrites()
        #expect(permits.inUse == 0)
    }

    @Test func requestsThatMayWaitTakeNoPermit() {
        func frame(_ key: ApiKey) -> ByteBuffer {
            var frame = requestFrame(key)
            frame.moveReaderIndex(forwardBy: 4)
            return frame
        }
        for key: ApiKey in [.fetch, .produce, .joinGroup, .syncGroup, .leaderAndIsr, .createTopics, .deleteRecords,
                            .offsetCommit, .electLeaders] {
            #expect(!KafkaConnectionHandler.needsPermit(frame(key)), "\(key) may wait for a timeout the client chose")
        }
        #expect(KafkaConnectionHandler.needsPermit(frame(.metadata)))
        #expect(KafkaConnectionHandler.needsPermit(frame(.listOffsets)))
        #expect(KafkaConnectionHandler.needsPermit(ByteBuffer(bytes: [0])), "garbage still counts")
    }

    @Test func idleConnectionIsClosedAfterTheTimeout() throws {
        let processor = ScriptedProcessor(answer: respondWith(4))
        let connection = try connect(processor, idleTimeout: .seconds(10))
        let loop = connection.channel.embeddedEventLoop
        loop.advanceTime(by: .seconds(6))
        try connection.channel.writeInbound(ByteBuffer(bytes: [0, 0]))  // part of a size prefix: activity
        loop.advanceTime(by: .seconds(6))
        #expect(connection.channel.isActive, "activity 6 s ago")
        loop.advanceTime(by: .seconds(5))
        #expect(!connection.channel.isActive, "no activity for 11 s")
    }

    @Test func slowRequestDoesNotCountAsIdle() throws {
        var pending: EventLoopPromise<RequestOutcome>?
        let processor = ScriptedProcessor(answer: { loop in
            let promise = loop.makePromise(of: RequestOutcome.self)
            pending = promise
            return promise.futureResult
        })
        let connection = try connect(processor, idleTimeout: .seconds(10))
        let loop = connection.channel.embeddedEventLoop
        try connection.channel.writeInbound(requestFrame(.joinGroup))
        loop.advanceTime(by: .seconds(35))
        #expect(connection.channel.isActive, "the broker is the slow one")
        pending?.succeed(.respond(ByteBuffer(repeating: 0, count: 4)))
        loop.advanceTime(by: .seconds(25))
        #expect(!connection.channel.isActive, "its client never read the response")
    }
}
