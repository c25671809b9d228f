@testable import Broker
import Glibc
import KafkaClient
import KafkaProtocol
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TestSupport
import Testing

/// A TLS listener on loopback with our client: the handshake, the client certificate's principal, refusals of
/// clients without TLS or without a certificate, and file regions (the zero-copy fetch path) reaching a TLS
/// client as the same bytes. Stores are given inline, as `ssl.keystore.key` and friends, with their line breaks
/// lost as a continued properties value loses them.
@Suite struct TLSListenerTests {
    static func flattened(_ pem: String) -> String { pem.split(separator: "\n").joined() }

    static let serverSettings: [String: String] = [
        "ssl.keystore.key": flattened(TLSFixtures.brokerKey),
        "ssl.keystore.certificate.chain": flattened(TLSFixtures.brokerCertificate),
        "ssl.truststore.certificates": flattened(TLSFixtures.caCertificate),
        "ssl.client.auth": "required",
    ]

    static let clientSettings: [String: String] = [
        "ssl.truststore.certificates": TLSFixtures.caCertificate,
        "ssl.keystore.key": TLSFixtures.clientKey,
        "ssl.keystore.certificate.chain": TLSFixtures.clientCertificate,
    ]

    /// Keeps the principals the server logs as authenticated.
    struct PrincipalLog: LogHandler {
        let principals: NIOLockedValueBox<[String]>
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            if let principal = event.metadata?["principal"] { principals.withLockedValue { $0.append("\(principal)") } }
        }
    }

    /// Answers each request with whatever `respond` makes of it.
    struct Responder: RequestProcessing {
        let respond: @Sendable (ByteBufferAllocator) -> RequestOutcome

        func process(frame: ByteBuffer, peer: String, listener: String, session: RequestSession,
                 allocator: ByteBufferAllocator,
                     eventLoop: any EventLoop) -> EventLoopFuture<RequestOutcome> {
            eventLoop.makeSucceededFuture(respond(allocator))
        }
    }

    static func answer42(_ allocator: ByteBufferAllocator) -> RequestOutcome {
        var response = allocator.buffer(capacity: 8)
        response.writeInteger(Int32(4))
        response.writeInteger(Int32(42))
        return .respond(response)
    }

    func withTLSServer(server properties: [String: String] = serverSettings,
                       processor: Responder = Responder(respond: answer42),
                       _ body: (Int, NIOLockedValueBox<[String]>) async throws -> Void) async throws {
        let principals = NIOLockedValueBox<[String]>([])
        let logger = Logger(label: "tls-test") { _ in PrincipalLog(principals: principals) }
        var settings = BrokerServer.Settings()
        settings.tls["SSL"] = .success(ListenerTLS(settings: try TLSSettings(properties: properties),
                                                   principalMapper: .default))
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = BrokerServer(group: group, processor: processor, settings: settings, logger: logger)
        // Stopped whatever the body does; its failure is rethrown after.
        var failure: (any Error)?
        do {
            let address = try await server.bind(Listener(name: "SSL", host: "127.0.0.1", port: 0))
            try await body(try #require(address.port), principals)
        } catch {
            failure = error
        }
        await server.close()
        try await group.shutdownGracefully()
        if let failure { throw failure }
    }

    func request(port: Int, client properties: [String: String]?) async throws -> ByteBuffer {
        let tls = try properties.map { try ClientTLS(settings: TLSSettings(properties: $0)) }
        let connection = try await KafkaConnection.connect(host: "127.0.0.1", port: port, security: ConnectionSecurity(tls: tls))
        defer { Task { await connection.close() } }
        return try await connection.sendReturningFrame(ApiVersionsRequest(), version: 0, timeout: .seconds(10))
    }

    @Test func aClientCertificateIsAuthenticatedAndNamesThePrincipal() async throws {
        try await withTLSServer { port, principals in
            var answer = try await request(port: port, client: Self.clientSettings)
            #expect(answer.readInteger(as: Int32.self) == 42)
            try await eventually("the principal is logged") {
                principals.withLockedValue { $0 } == ["User:\(TLSFixtures.clientPrincipalName)"]
            }
        }
    }

    @Test func clientsWithoutTLSOrWithoutACertificateAreRefused() async throws {
        try await withTLSServer { port, principals in
            await #expect(throws: (any Error).self, "plaintext on a TLS listener") {
                _ = try await request(port: port, client: nil)
            }
            var anonymous = Self.clientSettings
            anonymous["ssl.keystore.key"] = nil
            anonymous["ssl.keystore.certificate.chain"] = nil
            await #expect(throws: (any Error).self, "no certificate while ssl.client.auth=required") {
                _ = try await request(port: port, client: anonymous)
            }
            var untrusting = Self.clientSettings
            untrusting["ssl.truststore.certificates"] = TLSFixtures.clientCertificate
            await #expect(throws: (any Error).self, "a client that does not trust the broker's CA") {
                _ = try await request(port: port, client: untrusting)
            }
            #expect(principals.withLockedValue { $0 }.isEmpty)
            // The listener still serves a proper client.
            var answer = try await request(port: port, client: Self.clientSettings)
            #expect(answer.readInteger(as: Int32.self) == 42)
        }
    }

    @Test func protocolVersionsAndCipherSuitesAreHonoured() async throws {
        var tls12 = Self.serverSettings
        tls12["ssl.enabled.protocols"] = "TLSv1.2"
        tls12["ssl.cipher.suites"] = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"
        try await withTLSServer(server: tls12) { port, _ in
            var answer = try await request(port: port, client: Self.clientSettings)
            #expect(answer.readInteger(as: Int32.self) == 42, "a TLS 1.2 handshake on the one suite allowed")
            var onlyTLS13 = Self.clientSettings
            onlyTLS13["ssl.enabled.protocols"] = "TLSv1.3"
            await #expect(throws: (any Error).self, "a client offering only TLS 1.3") {
                _ = try await request(port: port, client: onlyTLS13)
            }
        }
        var unknownSuite = Self.serverSettings
        unknownSuite["ssl.cipher.suites"] = "TLS_NO_SUCH_SUITE"
        let refusal = #expect(throws: TLSSettings.Invalid.self) { try TLSSettings(properties: unknownSuite) }
        #expect(refusal?.key == "ssl.cipher.suites")
        #expect(refusal?.message.contains("TLS_NO_SUCH_SUITE") == true)
    }

    @Test func aReplacedKeystoreIsUsedOnceItLoadsAndAnUnusableOneIsNot() throws {
        let path = "/tmp/tributary-tls-keystore-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).pem"
        defer { unlink(path) }
        func replaceKeystore(with text: String) throws {
            // Rename over the old file, as certificate tooling does, so each version is a new inode.
            let staged = path + ".new"
            let descriptor = open(staged, O_CREAT | O_WRONLY | O_TRUNC, 0o600)
            try #require(descriptor >= 0)
            let written = Array(text.utf8).withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            close(descriptor)
            try #require(written == text.utf8.count)
            try #require(rename(staged, path) == 0)
        }
        try replaceKeystore(with: TLSFixtures.brokerKey + "\n" + TLSFixtures.brokerCertificate)
        var settings = TLSSettings()
        settings.keystoreLocation = path
        let tls = try ReloadingServerTLS(
            listener: "SSL", tls: ListenerTLS(settings: settings, principalMapper: .default),
            logger: Logger(label: "tls-test"))
        let first = tls.currentContext()
        #expect(tls.currentContext() === first, "unchanged files: the same context")

        // A key that is not the certificate's.
        try replaceKeystore(with: TLSFixtures.clientKey + "\n" + TLSFixtures.brokerCertificate)
        #expect(tls.currentContext() === first, "an unusable replacement keeps the previous certificate")

        try replaceKeystore(with: TLSFixtures.clientKey + "\n" + TLSFixtures.clientCertificate)
        let renewed = tls.currentContext()
        #expect(renewed !== first, "a usable replacement is served")
        #expect(tls.currentContext() === renewed)
    }

    @Test func fileRegionsReachATLSClientAsTheirBytes() async throws {
        // A "segment file" whose bytes 100..<100+payload.count are the response body.
        let payload = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let path = "/tmp/tributary-tls-region-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(path, O_CREAT | O_RDWR | O_TRUNC, 0o600)
        try #require(descriptor >= 0)
        unlink(path)
        let written = (Array(repeating: UInt8(0xEE), count: 100) + payload).withUnsafeBytes {
            pwrite(descriptor, $0.baseAddress, $0.count, 0)
        }
        try #require(written == 100 + payload.count)
        let file = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: descriptor)
        defer { try? file.close() }
        let processor = Responder { allocator in
            var head = allocator.buffer(capacity: 4)
            head.writeInteger(Int32(4 + payload.count))  // size prefix
            head.writeInteger(Int32(1))  // the correlation id our client sent first
            let region = FileRegion(fileHandle: file, readerIndex: 100, endIndex: 100 + payload.count)
            return .respondParts([.byteBuffer(head), .fileRegion(region)], keepAlive: nil)
        }
        try await withTLSServer(processor: processor) { port, _ in
            var answer = try await request(port: port, client: Self.clientSettings)
            #expect(answer.readInteger(as: Int32.self) == 1)
            #expect(answer.readBytes(length: answer.readableBytes) == payload)
        }
    }
}
