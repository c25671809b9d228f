import Testing
import TestSupport
import ZooKeeperClient

@Suite("ZooKeeper sessions", .timeLimit(.minutes(3)))
struct ZooKeeperSessionTests {
    @Test func chrootIsCreatedWhenMissingAndPathsAreRelativeToIt() async throws {
        let server = try await ZooKeeperServer.shared()
        let chroot = "/chroot-\(UInt32.random(in: 0...UInt32.max))/nested"
        let configuration = server.configuration(chrootedConnectString: server.connectString + chroot)
        try await ZooKeeperClient.ensureChroot(configuration)
        let inside = try await ZooKeeperClient.connect(configuration)
        let root = try await ZooKeeperClient.connect(server.configuration())
        let created = try await inside.create("/brokers", data: bytes("b"))
        #expect(created == "/brokers")
        let sequential = try await inside.create("/brokers/s_", mode: .persistentSequential)
        #expect(sequential == "/brokers/s_0000000000")
        #expect(try await root.getData(chroot + "/brokers").data == bytes("b"))
        #expect(try await inside.getChildren("/") == ["brokers"])
        try await ZooKeeperClient.ensureChroot(configuration)  // already there: nothing changes
        #expect(try await inside.exists("/brokers") != nil)
        await inside.close()
        await root.close()
    }

    @Test func connectParsesChroot() {
        let parsed = ZooKeeperConnectString("h1:2181,h2:2181/tributary/a/")
        #expect(parsed.servers == "h1:2181,h2:2181")
        #expect(parsed.chroot == "/tributary/a")
        #expect(ZooKeeperConnectString("h1:2181").chroot == nil)
        #expect(ZooKeeperConnectString("h1:2181/").chroot == nil)
    }

    @Test func connectionTimeoutIsReportedWithinTheTimeout() async throws {
        let port = try LoopbackPort.free()  // nothing listens there
        let started = ContinuousClock.now
        do {
            _ = try await ZooKeeperClient.connect(ZooKeeperClient.Configuration(
                connectString: "127.0.0.1:\(port)", sessionTimeout: .seconds(4), connectionTimeout: .seconds(1)))
            Issue.record("connected to a port with no server")
        } catch let error as ZooKeeperError {
            #expect(error.code == .connectionTimeout)
            #expect(error.operation == "connect")
            #expect(error.description.contains("127.0.0.1:\(port)"))
        }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .seconds(1))
        #expect(elapsed < .seconds(4))
    }

    @Test func sessionStatesAreObservable() async throws {
        let context = try await ZooKeeperTestContext()
        let zk = try await context.client()
        #expect(zk.sessionState == .connected)
        let states = zk.sessionStates()
        let collected = Task {
            var seen: [ZooKeeperSessionState] = []
            for await state in states { seen.append(state) }
            return seen
        }
        await zk.close()
        #expect(await collected.value == [ZooKeeperSessionState.connected, .closed])
    }

    @Test func credentialsIdentifyTheSession() async throws {
        let context = try await ZooKeeperTestContext()
        let zk = try await context.client()
        let credentials = try #require(zk.credentials)
        #expect(credentials.sessionID != 0)
        #expect(credentials.password.count == 16)
        try await zk.create("/mine", mode: .ephemeral)
        #expect(try await zk.exists("/mine")?.ephemeralOwner == credentials.sessionID)
        await context.closeAll()
    }

    @Test func expiryForcedBySecondHandleThenRecoveryInANewSession() async throws {
        let context = try await ZooKeeperTestContext()
        let victim = try await context.client()
        let observer = try await context.client()
        try await victim.create("/owned", data: bytes("v1"), mode: .ephemeral)
        let states = victim.sessionStates()
        let expired = Task { try await firstElement(of: states, within: .seconds(30)) { $0 == .expired } }
        let watch = WatchRecorder()
        _ = try await victim.getData("/owned", watcher: watch.watcher)

        try await ZooKeeperTestContext.expire(victim, connectString: context.connectString)

        #expect(try await expired.value == .expired)
        #expect(victim.sessionState == .expired)
        // The watch ends with the session — or, when the victim's reconnect briefly took the session back
        // while the forced close deleted its ephemeral, with that deletion (the expiry loop races it).
        let ended = try await watch.next(within: .seconds(30))
        #expect(ended == ZooKeeperWatchEvent(kind: .sessionEnded(.expired), path: "/owned")
            || ended == ZooKeeperWatchEvent(kind: .deleted, path: "/owned"), "\(String(describing: ended))")
        #expect(try await observer.exists("/owned") == nil)
        #expect(await zooKeeperErrorCode { _ = try await victim.exists("/owned") } != nil)
        await victim.close()

        // Recovery: the owner opens a new session and re-creates its ephemeral.
        let renewed = try await context.client()
        try await renewed.create("/owned", data: bytes("v2"), mode: .ephemeral)
        #expect(try await observer.exists("/owned")?.ephemeralOwner == renewed.sessionID)
        await context.closeAll()
    }

    @Test func sessionWrapperReopensAfterExpiry() async throws {
        let context = try await ZooKeeperTestContext()
        let session = ZooKeeperSession(configuration: context.server.configuration(
            chrootedConnectString: context.connectString))
        let events = await session.events()
        try await session.start()
        let first = try await session.client()
        try await first.create("/wrapped", mode: .ephemeral)

        try await ZooKeeperTestContext.expire(first, connectString: context.connectString)

        let renewed = try await firstElement(of: events, within: .seconds(30)) {
            if case .established(_, let generation) = $0 { return generation == 2 }
            return false
        }
        guard case .established(let second, _) = renewed else { return }
        #expect(second !== first)
        #expect(second.sessionID != first.sessionID)
        #expect(try await session.client() === second)
        try await second.create("/wrapped", mode: .ephemeral)  // the old ephemeral died with the old session
        #expect(try await second.exists("/wrapped")?.ephemeralOwner == second.sessionID)
        await session.close()
        #expect(second.sessionState == .closed)
    }
}

extension ZooKeeperTestContext {
    /// Expires `client`'s session through a second handle with the same id and password.
    static func expire(_ client: ZooKeeperClient, connectString: String) async throws {
        let credentials = try #require(client.credentials)
        try await ZooKeeperServer.shared().expireSession(credentials)
    }
}
