@testable import Broker
import KafkaProtocol
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import Sasl
import Testing

/// The SASL gate in front of a connection, driven frame by frame on a test channel (thread-safe, since the
/// exchange runs in a task).
@Suite struct SaslServerHandlerTests {
    static let settings = SaslListenerSettings(enabledMechanisms: ["PLAIN", "SCRAM-SHA-256"],
                                               plainUsers: ["alice": "alice-secret"])
    static let bob = ScramCredential(mechanism: .sha256, password: "bob-secret", salt: Array("salt".utf8),
                                     iterations: 4096)

    func connect(settings: SaslListenerSettings = Self.settings, clock: ManualDeadlineClock = ManualDeadlineClock())
        async throws -> (NIOAsyncTestingChannel, SaslServerHandler)
    {
        let channel = NIOAsyncTestingChannel()
        let handler = SaslServerHandler(
            listener: "SASL_PLAINTEXT", settings: settings,
            credentials: { user, mechanism in user == "bob" && mechanism == .sha256 ? Self.bob : nil },
            apiVersions: { [.init(apiKey: 17, minVersion: 0, maxVersion: 1)] }, logger: Logger(label: "test"),
            now: { clock.now })
        try await channel.pipeline.addHandler(handler)
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9093))
        return (channel, handler)
    }

    func frame<Request: KafkaRequestMessage>(_ request: Request, version: Int16, correlationID: Int32 = 1)
        -> ByteBuffer
    {
        var buffer = ByteBuffer()
        buffer.writeKafkaFrame {
            $0.writeKafkaRequest(request, version: version, correlationID: correlationID, clientID: "test")
        }
        return buffer
    }

    func response<Response: KafkaResponseMessage>(_ type: Response.Type, version: Int16,
                                                  from channel: NIOAsyncTestingChannel) async throws -> Response
    {
        var bytes = try await channel.waitForOutboundWrite(as: ByteBuffer.self)
        let prefix = bytes.readInteger(as: Int32.self)
        let size = try #require(prefix)
        #expect(Int(size) == bytes.readableBytes)
        return try Response.decodeFrame(bytes, version: version).1
    }

    func authenticate(_ token: [UInt8], version: Int16 = 1, on channel: NIOAsyncTestingChannel) async throws
        -> SaslAuthenticateResponse
    {
        try await channel.writeInbound(frame(SaslAuthenticateRequest(authBytes: ByteBuffer(bytes: token)),
                                             version: version))
        return try await response(SaslAuthenticateResponse.self, version: version, from: channel)
    }

    @Test func plainThenRequestsPassThrough() async throws {
        let (channel, handler) = try await connect()
        try await channel.writeInbound(frame(ApiVersionsRequest(), version: 0))
        let versions = try await response(ApiVersionsResponse.self, version: 0, from: channel)
        #expect(versions.apiKeys.map(\.apiKey) == [17])

        try await channel.writeInbound(frame(SaslHandshakeRequest(mechanism: "PLAIN"), version: 1))
        let handshake = try await response(SaslHandshakeResponse.self, version: 1, from: channel)
        #expect(handshake.errorCode == .none)
        #expect(handshake.mechanisms == ["PLAIN", "SCRAM-SHA-256"])

        let answer = try await authenticate(Array("\0alice\0alice-secret".utf8), on: channel)
        #expect(answer.errorCode == .none)
        #expect(handler.principal?.description == "User:alice")

        // From now on bytes go on to the broker untouched.
        let metadata = frame(MetadataRequest(), version: 9)
        try await channel.writeInbound(metadata)
        #expect(try await channel.readInbound(as: ByteBuffer.self) == metadata)
    }

    @Test func scramExchangeLooksUpTheCredentialAndSignsTheServerFinal() async throws {
        let (channel, handler) = try await connect()
        try await channel.writeInbound(frame(SaslHandshakeRequest(mechanism: "SCRAM-SHA-256"), version: 1))
        _ = try await response(SaslHandshakeResponse.self, version: 1, from: channel)
        let client = ScramClient(mechanism: .sha256, username: "bob", password: "bob-secret")
        let first = try await authenticate(client.firstMessage(), version: 2, on: channel)
        #expect(first.errorCode == .none)
        let final = try await authenticate(
            client.finalMessage(serverFirst: Array(first.authBytes.readableBytesView)), version: 2, on: channel)
        #expect(final.errorCode == .none)
        try client.verify(serverFinal: Array(final.authBytes.readableBytesView))
        #expect(handler.principal?.description == "User:bob")
    }

    @Test func handshakeV0CarriesBareTokens() async throws {
        let (channel, handler) = try await connect()
        try await channel.writeInbound(frame(SaslHandshakeRequest(mechanism: "PLAIN"), version: 0))
        _ = try await response(SaslHandshakeResponse.self, version: 0, from: channel)
        var token = ByteBuffer()
        token.writeInteger(Int32(19))
        token.writeBytes(Array("\0alice\0alice-secret".utf8))
        // The token and the client's first request in one read.
        let metadata = frame(MetadataRequest(), version: 9)
        token.writeImmutableBuffer(metadata)
        try await channel.writeInbound(token)
        // A successful PLAIN token gets no answer: wait (with a deadline) for the request to be passed on.
        var passed: ByteBuffer?
        let deadline = ContinuousClock.now + .seconds(10)
        while passed == nil, ContinuousClock.now < deadline {
            passed = try await channel.readInbound(as: ByteBuffer.self)
            if passed == nil { try await Task.sleep(for: .milliseconds(5)) }
        }
        #expect(passed == metadata)
        #expect(handler.principal?.description == "User:alice")
    }

    @Test func wrongPasswordIsAnsweredWithKafkasErrorThenClosed() async throws {
        let (channel, handler) = try await connect()
        try await channel.writeInbound(frame(SaslHandshakeRequest(mechanism: "PLAIN"), version: 1))
        _ = try await response(SaslHandshakeResponse.self, version: 1, from: channel)
        let answer = try await authenticate(Array("\0alice\0guess".utf8), on: channel)
        #expect(answer.errorCode == .saslAuthenticationFailed)
        #expect(answer.errorMessage == "Authentication failed: Invalid username or password")
        try await channel.closeFuture.get()
        #expect(handler.principal == nil)
    }

    @Test func unknownScramUserFailsLikeAWrongPassword() async throws {
        let (channel, _) = try await connect()
        try await channel.writeInbound(frame(SaslHandshakeRequest(mechanism: "SCRAM-SHA-256"), version: 1))
        _ = try await response(SaslHandshakeResponse.self, version: 1, from: channel)
        let client = ScramClient(mechanism: .sha256, username: "mallory", password: "x")
        let answer = try await authenticate(client.firstMessage(), on: channel)
        #expect(answer.errorCode == .saslAuthenticationFailed)
        #expect(answer.errorMessage?.contains("invalid credentials with SASL mechanism SCRAM-SHA-256") == true)
        try await channel.closeFuture.get()
    }

    @Test func unsupportedMechanismIsAnsweredWithTheEnabledOnes() async throws {
        let (channel, _) = try await connect()
        try await channel.writeInbound(frame(SaslHandshakeRequest(mechanism: "GSSAPI"), version: 1))
        let answer = try await response(SaslHandshakeResponse.self, version: 1, from: channel)
        #expect(answer.errorCode == .unsupportedSaslMechanism)
        #expect(answer.mechanisms == ["PLAIN", "SCRAM-SHA-256"])
        try await channel.closeFuture.get()
    }

    @Test func anyOtherRequestBeforeAuthenticationCloses() async throws {
        let (channel, _) = try await connect()
        try await channel.writeInbound(frame(MetadataRequest(), version: 9))
        try await channel.closeFuture.get()
        #expect(try await channel.readInbound(as: ByteBuffer.self) == nil)
    }

    @Test func oversizedOrNegativeFramesClose() async throws {
        for size in [Int32(SaslServerHandler.maximumFrameSize + 1), -1] {
            let (channel, _) = try await connect()
            var bytes = ByteBuffer()
            bytes.writeInteger(size)
            try await channel.writeInbound(bytes)
            try await channel.closeFuture.get()
        }
    }

    @Test func truncatedOrGarbageHandshakesClose() async throws {
        let (channel, _) = try await connect()
        var garbage = ByteBuffer()
        garbage.writeInteger(Int32(6))
        garbage.writeBytes([0, 17, 0, 1, 0xff, 0xff])  // SaslHandshake v1 header cut short
        try await channel.writeInbound(garbage)
        try await channel.closeFuture.get()
    }

    // MARK: Session lifetime and re-authentication (KIP-368)

    static let expiring: SaslListenerSettings = {
        var settings = Self.settings
        settings.plainUsers["carol"] = "carol-secret"
        settings.maxReauthMs = ["PLAIN": 300]
        return settings
    }()

    /// Handshake and PLAIN exchange; returns the session lifetime the broker granted.
    func loginPlain(_ user: String, _ password: String, on channel: NIOAsyncTestingChannel) async throws -> Int64 {
        try await channel.writeInbound(frame(SaslHandshakeRequest(mechanism: "PLAIN"), version: 1))
        #expect(try await response(SaslHandshakeResponse.self, version: 1, from: channel).errorCode == .none)
        let answer = try await authenticate(Array("\0\(user)\0\(password)".utf8), on: channel)
        #expect(answer.errorCode == .none)
        return answer.sessionLifetimeMs
    }

    /// Everything passed on to the broker until nothing more comes within a short wait.
    func passedBytes(_ channel: NIOAsyncTestingChannel) async throws -> ByteBuffer {
        var all = ByteBuffer()
        while var next = try await channel.readInbound(as: ByteBuffer.self) { all.writeBuffer(&next) }
        return all
    }

    @Test func theLifetimeIsToldAndARequestAfterExpiryClosesTheConnection() async throws {
        let clock = ManualDeadlineClock()
        let (channel, _) = try await connect(settings: Self.expiring, clock: clock)
        #expect(try await loginPlain("alice", "alice-secret", on: channel) == 300)
        let metadata = frame(MetadataRequest(), version: 9)
        try await channel.writeInbound(metadata)
        #expect(try await passedBytes(channel) == metadata)
        clock.advance(by: .milliseconds(299))
        try await channel.writeInbound(metadata)
        #expect(try await passedBytes(channel) == metadata, "still within the session")
        clock.advance(by: .milliseconds(1))
        try await channel.writeInbound(metadata)
        try await channel.closeFuture.get()
        #expect(try await passedBytes(channel).readableBytes == 0)
    }

    @Test func reauthenticationRenewsTheSessionAndRequestsStillPass() async throws {
        let clock = ManualDeadlineClock()
        let (channel, handler) = try await connect(settings: Self.expiring, clock: clock)
        _ = try await loginPlain("alice", "alice-secret", on: channel)
        // A request split mid-header across reads still passes whole.
        let metadata = frame(MetadataRequest(), version: 9)
        try await channel.writeInbound(metadata.getSlice(at: 0, length: 3)!)
        try await channel.writeInbound(metadata.getSlice(at: 3, length: metadata.readableBytes - 3)!)
        #expect(try await passedBytes(channel) == metadata)

        clock.advance(by: .milliseconds(350))  // past the session: only re-authentication may come now
        #expect(try await loginPlain("alice", "alice-secret", on: channel) == 300)
        #expect(handler.principal?.description == "User:alice")
        try await channel.writeInbound(metadata)
        #expect(try await passedBytes(channel) == metadata)
        clock.advance(by: .milliseconds(299))  // the renewed session runs from the re-authentication
        try await channel.writeInbound(metadata)
        #expect(try await passedBytes(channel) == metadata)
        #expect(channel.isActive)
    }

    @Test func reauthenticationAsAnotherUserIsRefused() async throws {
        let (channel, _) = try await connect(settings: Self.expiring)
        _ = try await loginPlain("alice", "alice-secret", on: channel)
        try await channel.writeInbound(frame(SaslHandshakeRequest(mechanism: "PLAIN"), version: 1))
        _ = try await response(SaslHandshakeResponse.self, version: 1, from: channel)
        let answer = try await authenticate(Array("\0carol\0carol-secret".utf8), on: channel)
        #expect(answer.errorCode == .saslAuthenticationFailed)
        #expect(answer.errorMessage == "Cannot change principals during re-authentication from User:alice: User:carol")
        try await channel.closeFuture.get()
    }

    @Test func withoutALifetimeSessionsDoNotExpire() async throws {
        let (channel, _) = try await connect()
        #expect(try await loginPlain("alice", "alice-secret", on: channel) == 0)
    }

    @Test func framesCutAnywhereAcrossReadsPassIntactWhileWatched() async throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let (channel, _) = try await connect(settings: Self.expiring)
            _ = try await loginPlain("alice", "alice-secret", on: channel)
            var stream = ByteBuffer()
            for index in 0..<5 {
                var request = frame(MetadataRequest(), version: 9, correlationID: Int32(index))
                stream.writeBuffer(&request)
            }
            let expected = stream
            while stream.readableBytes > 0 {
                let cut = Int.random(in: 1...min(40, stream.readableBytes), using: &generator)
                try await channel.writeInbound(stream.readSlice(length: cut)!)
            }
            #expect(try await passedBytes(channel) == expected)
        }
    }
}

/// A clock the test moves; sessions expire by it.
final class ManualDeadlineClock: Sendable {
    private let current = NIOLockedValueBox(NIODeadline.uptimeNanoseconds(1_000_000_000))
    var now: NIODeadline { current.withLockedValue { $0 } }
    func advance(by amount: TimeAmount) { current.withLockedValue { $0 = $0 + amount } }
}
