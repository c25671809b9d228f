@testable import Broker
import KafkaProtocol
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

/// The `/metrics` responder on a real loopback socket: what it answers, and that hostile input only closes.
@Suite struct MetricsHTTPServerTests {
    /// Collects every byte the server sends until it closes the connection.
    final class Collect: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let bytes = NIOLockedValueBox<[UInt8]>([])

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let chunk = Array(unwrapInboundIn(data).readableBytesView)
            bytes.withLockedValue { $0 += chunk }
        }
    }

    /// Sends `request` raw and returns all the server answered before closing (within 10 s).
    func exchange(_ request: [UInt8], port: Int, group: any EventLoopGroup) async throws -> String {
        let collect = Collect()
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collect) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        var buffer = channel.allocator.buffer(capacity: request.count)
        buffer.writeBytes(request)
        try? await channel.writeAndFlush(buffer)
        let closed = channel.closeFuture
        let timeout = channel.eventLoop.scheduleTask(in: TimeAmount.seconds(10)) { channel.close(promise: nil) }
        try? await closed.get()
        timeout.cancel()
        return String(decoding: collect.bytes.withLockedValue { $0 }, as: UTF8.self)
    }

    func withServer(_ body: (Int, any EventLoopGroup) async throws -> Void) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await MetricsHTTPServer.start(
            host: "127.0.0.1", port: 0, group: group, logger: Logger(label: "test"),
            render: { Array("# TYPE up gauge\nup 1\n".utf8) })
        let port = try #require(server.localAddress?.port)
        do {
            try await body(port, group)
        } catch {
            await server.close()
            try await group.shutdownGracefully()
            throw error
        }
        await server.close()
        try await group.shutdownGracefully()
    }

    @Test func metricsPathAnswersPrometheusText() async throws {
        try await withServer { port, group in
            let answer = try await exchange(Array("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".utf8), port: port, group: group)
            #expect(answer.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(answer.lowercased().contains("content-type: text/plain; version=0.0.4; charset=utf-8\r\n"))
            #expect(answer.hasSuffix("\r\n\r\n# TYPE up gauge\nup 1\n"))
            let query = try await exchange(Array("GET /metrics?x=1 HTTP/1.0\r\n\r\n".utf8), port: port, group: group)
            #expect(query.contains(" 200 OK\r\n"))
        }
    }

    @Test func otherPathsAndMethodsAreRefused() async throws {
        try await withServer { port, group in
            let other = try await exchange(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8), port: port, group: group)
            #expect(other.hasPrefix("HTTP/1.1 404 Not Found\r\n"))
            #expect(!other.contains("up 1"))
            let post = try await exchange(Array("POST /metrics HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi".utf8),
                                          port: port, group: group)
            #expect(post.hasPrefix("HTTP/1.1 405 Method Not Allowed\r\n"))
            let head = try await exchange(Array("HEAD /metrics HTTP/1.1\r\n\r\n".utf8), port: port, group: group)
            #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(!head.contains("up 1"), "HEAD has no body")
        }
    }

    @Test func malformedAndOversizedRequestsOnlyClose() async throws {
        try await withServer { port, group in
            let garbage = try await exchange([0x16, 0x03, 0x01, 0x00, 0xff] + Array("\r\n\r\n".utf8), port: port,
                                             group: group)
            #expect(garbage.isEmpty || garbage.hasPrefix("HTTP/1.1 400"))
            let huge = "GET /metrics HTTP/1.1\r\nX-Pad: " + String(repeating: "a", count: 64 * 1024) + "\r\n\r\n"
            let oversized = try await exchange(Array(huge.utf8), port: port, group: group)
            #expect(!oversized.contains("up 1"))
            // Still serving after both.
            let fine = try await exchange(Array("GET /metrics HTTP/1.1\r\n\r\n".utf8), port: port, group: group)
            #expect(fine.contains("up 1"))
        }
    }
}

/// The exported names follow the JMX exporter's flattening of Kafka's JMX names.
@Suite struct MetricNameTests {
    @Test func namesAreFlattenedJMXNames() {
        let names = [MetricName.activeControllerCount, MetricName.controllerEpoch, MetricName.offlinePartitionsCount,
                     MetricName.underReplicatedPartitions, MetricName.underMinIsrPartitionCount,
                     MetricName.leaderCount, MetricName.partitionCount, MetricName.isrShrinks, MetricName.isrExpands,
                     MetricName.followerMaxLag, MetricName.bytesIn, MetricName.messagesIn, MetricName.bytesOut,
                     MetricName.replicationBytesOut, MetricName.requests, MetricName.errors, MetricName.totalTimeMs,
                     MetricName.requestQueueTimeMs, MetricName.requestQueueSize, MetricName.requestsInFlight,
                     MetricName.logFlushTimeMs, MetricName.zooKeeperSessionState,
                     MetricName.zooKeeperRequestLatencyMs, MetricName.numGroups, MetricName.rebalances]
            + MetricName.numGroupsByState.map(\.name)
        #expect(Set(names).count == names.count, "no name used twice")
        for name in names {
            #expect(name.hasPrefix("kafka_"), "\(name)")
            #expect(name == name.lowercased(), "\(name)")
            #expect(name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }, "\(name)")
            #expect(!name.contains("persec"), "meters become _total counters: \(name)")
        }
        #expect(MetricName.underReplicatedPartitions == "kafka_server_replicamanager_underreplicatedpartitions")
        #expect(MetricName.activeControllerCount == "kafka_controller_kafkacontroller_activecontrollercount")
        #expect(MetricName.bytesIn == "kafka_server_brokertopicmetrics_bytesin_total")
        #expect(MetricName.requests == "kafka_network_requestmetrics_requests_total")
        #expect([MetricName.isrShrinks, MetricName.isrExpands, MetricName.bytesIn, MetricName.messagesIn,
                 MetricName.bytesOut, MetricName.requests, MetricName.errors, MetricName.rebalances]
            .allSatisfy { $0.hasSuffix("_total") }, "counters end in _total")
        #expect(MetricName.histograms.allSatisfy { $0.hasSuffix("ms") }, "time histograms are in milliseconds")
    }

    @Test func requestLabelsAreKafkaApiNames() {
        #expect(ApiKey.produce.name == "Produce")
        #expect(ApiKey.fetch.name == "Fetch")
        #expect(ApiKey.listOffsets.name == "ListOffsets")
    }

    @Test func exportedTextUsesTheNamesAndLabels() async throws {
        let metrics = BrokerMetrics.shared
        metrics.produced(topic: "names-test", bytes: 123, messages: 3)
        metrics.requestErrors(apiKey: .produce, code: .notLeaderOrFollower, count: 2)
        let text = String(decoding: BrokerMetrics.registry.emitToBuffer(), as: UTF8.self)
        #expect(text.contains("kafka_server_brokertopicmetrics_bytesin_total{topic=\"names-test\"} 123"))
        #expect(text.contains("kafka_server_brokertopicmetrics_messagesin_total{topic=\"names-test\"} 3"))
        #expect(text.contains(
            "kafka_network_requestmetrics_errors_total{request=\"Produce\",error=\"NOT_LEADER_OR_FOLLOWER\"} 2"))
        #expect(text.contains("# TYPE kafka_server_brokertopicmetrics_bytesin_total counter"))
    }
}
