import TestSupport
import ZooKeeperClient

/// Clients on the shared server, each test in a fresh chroot; `closeAll` ends their sessions.
actor ZooKeeperTestContext {
    let server: ZooKeeperServer
    let connectString: String
    private var clients: [ZooKeeperClient] = []

    init() async throws {
        server = try await ZooKeeperServer.shared()
        connectString = try await server.makeChroot()
    }

    func client(sessionTimeout: Duration = .seconds(6)) async throws -> ZooKeeperClient {
        let client = try await ZooKeeperClient.connect(
            server.configuration(chrootedConnectString: connectString, sessionTimeout: sessionTimeout))
        clients.append(client)
        return client
    }

    func closeAll() async {
        for client in clients { await client.close() }
        clients = []
    }
}

/// Collects watch events so a test can wait for them.
final class WatchRecorder: Sendable {
    let events: AsyncStream<ZooKeeperWatchEvent>
    private let continuation: AsyncStream<ZooKeeperWatchEvent>.Continuation

    init() {
        (events, continuation) = AsyncStream.makeStream(of: ZooKeeperWatchEvent.self)
    }

    var watcher: ZooKeeperWatcher {
        let continuation = continuation
        return { event in continuation.yield(event) }
    }

    func next(within: Duration = .seconds(10)) async throws -> ZooKeeperWatchEvent {
        try await firstElement(of: events, within: within) { _ in true }
    }
}

/// Bytes of a UTF-8 string.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// The ZooKeeper error code thrown by `body`, or `nil` if it did not throw one.
func zooKeeperErrorCode(_ body: () async throws -> Void) async -> ZooKeeperErrorCode? {
    do {
        try await body()
        return nil
    } catch let error as ZooKeeperError {
        return error.code
    } catch {
        return nil
    }
}
