import Glibc
import Testing
import TestSupport
import ZooKeeperClient

@Suite("ZooKeeper server pauses", .timeLimit(.minutes(2)))
struct ZooKeeperServerPauseTests {
    @Test func sessionReportsDisconnectWhileServerIsPausedAndComesBack() async throws {
        let server = try await ZooKeeperServer.start()  // its own server: pausing the shared one would hurt others
        let session = ZooKeeperSession(configuration: server.configuration(sessionTimeout: .seconds(4)),
                                       retryDelay: .milliseconds(100))
        let events = await session.events()
        try await session.start()
        let client = try await session.client()
        #expect(client.sessionState == .connected)

        server.pause()
        _ = try await firstElement(of: events, within: .seconds(20)) {
            if case .disconnected = $0 { return true }
            return false
        }
        #expect(client.sessionState == .connecting)
        server.resume()
        // Back in the same session, or in a new one if the server expired it meanwhile: connected either way.
        try await eventually("connected again", within: .seconds(20)) {
            try await session.client().sessionState == .connected
        }
        #expect(try await session.client().exists("/") != nil)
        await session.close()
        await server.stop()
        // The process goes away (ask the kernel: its port may already belong to another suite's server). The killed
        // server is reaped by its watchdog's parent a moment later, so poll.
        try await eventually("server process gone", within: .seconds(10)) { kill(server.serverPID, 0) == -1 }
    }
}
