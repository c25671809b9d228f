import Logging
import NIOCore
import NIOConcurrencyHelpers
import NIOPosix
import KafkaProtocol

/// The Kafka-protocol listeners of one broker: binds every configured listener and serves each connection
/// with a frame decoder and a `KafkaConnectionHandler`.
final class BrokerServer: Sendable {
    private let group: any EventLoopGroup
    private let processor: any RequestProcessing
    private let maximumFrameSize: Int
    private let logger: Logger
    private let channels: NIOLockedValueBox<[any Channel]> = NIOLockedValueBox([])

    init(group: any EventLoopGroup, processor: any RequestProcessing, maximumFrameSize: Int, logger: Logger) {
        self.group = group
        self.processor = processor
        self.maximumFrameSize = maximumFrameSize
        self.logger = logger
    }

    /// Binds `host:port` (an empty host binds every interface) and returns the bound address.
    func bind(host: String, port: Int) async throws -> SocketAddress {
        let processor = self.processor, logger = self.logger, maximumFrameSize = self.maximumFrameSize
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(KafkaFrameDecoder(maximumFrameSize: maximumFrameSize)))
                    try channel.pipeline.syncOperations.addHandler(
                        KafkaConnectionHandler(processor: processor, logger: logger))
                }
            }
            .bind(host: host.isEmpty ? "0.0.0.0" : host, port: port).get()
        channels.withLockedValue { $0.append(channel) }
        return channel.localAddress!
    }

    /// Stops accepting connections.
    func close() async {
        let all = channels.withLockedValue { channels in
            defer { channels.removeAll() }
            return channels
        }
        for channel in all { try? await channel.close() }
    }
}
