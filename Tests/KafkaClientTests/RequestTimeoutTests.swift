import Glibc
import KafkaClient
import KafkaModel
import KafkaProtocol
import Testing

/// A request to a broker that accepted the connection but never answers fails after its timeout (and closes
/// the connection) instead of waiting forever.
@Suite struct RequestTimeoutTests {
    /// A listening socket on a free loopback port that never reads: the kernel completes connections into
    /// its backlog, so clients connect and then hear nothing.
    final class SilentListener {
        let descriptor: Int32
        let port: Int

        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw Failure("socket: errno \(errno)") }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = 0
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0, listen(fd, 8) == 0 else {
                close(fd)
                throw Failure("bind/listen: errno \(errno)")
            }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            descriptor = fd
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        deinit { close(descriptor) }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    @Test func aRequestWithoutAnswerTimesOutAndClosesTheConnection() async throws {
        let listener = try SilentListener()
        let connection = try await KafkaConnection.connect(host: "127.0.0.1", port: listener.port)
        let started = ContinuousClock.now
        await #expect(throws: KafkaClientError.self) {
            _ = try await connection.send(MetadataRequest(topics: [], allowAutoTopicCreation: false), version: 4,
                                          timeout: .milliseconds(300))
        }
        let waited = ContinuousClock.now - started
        #expect(waited >= .milliseconds(300))
        #expect(waited < .seconds(10))
        #expect(!connection.isActive)
    }

    @Test func theTimeoutErrorNamesTheRequest() async throws {
        let listener = try SilentListener()
        let connection = try await KafkaConnection.connect(host: "127.0.0.1", port: listener.port)
        do {
            _ = try await connection.send(MetadataRequest(topics: [], allowAutoTopicCreation: false), version: 4,
                                          timeout: .milliseconds(100))
            Issue.record("a request nobody answers returned")
        } catch let error as KafkaClientError {
            guard case .timeout(let what) = error else {
                Issue.record("expected a timeout, got \(error)")
                return
            }
            #expect(what.contains("Metadata"))
        }
    }

    /// A consumer whose only broker never answers returns from `poll` (after its request timeout) rather
    /// than hanging.
    @Test func pollAgainstASilentBrokerReturns() async throws {
        let listener = try SilentListener()
        var configuration = ConsumerConfiguration()
        configuration.requestTimeout = .milliseconds(200)
        let consumer = try KafkaConsumer(bootstrapServers: "127.0.0.1:\(listener.port)", configuration: configuration)
        let started = ContinuousClock.now
        await #expect(throws: (any Error).self) {
            try await consumer.assign(topic: TopicName("events"), from: .earliest)
        }
        #expect(ContinuousClock.now - started < .seconds(10))
        await consumer.close()
    }
}
