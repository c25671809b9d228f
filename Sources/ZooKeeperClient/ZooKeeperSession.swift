import Logging

/// A ZooKeeper session that survives expiry: when the server expires the current client's session, it opens a
/// new client and announces it, so the owner can re-create its ephemerals and re-arm its watches.
///
/// Events come in Kafka's order: `expired` before the new session exists (resign, drop session-bound state),
/// then `established` with the new client (re-register, re-elect).
public actor ZooKeeperSession {
    /// What happened to the session.
    public enum Event: Sendable {
        /// A new session is up; `generation` counts sessions, starting at 1.
        case established(ZooKeeperClient, generation: Int)
        /// The connection dropped; the session may still be alive (ephemerals remain until it times out).
        case disconnected
        /// The connection came back within the same session.
        case reconnected
        /// The session is gone, and so are its ephemerals and watches. A new one is being opened.
        case expired(generation: Int)
        /// `close()` was called; no event follows.
        case closed
    }

    public nonisolated let configuration: ZooKeeperClient.Configuration
    private let retryDelay: Duration
    private let logger: Logger
    private var current: ZooKeeperClient?
    private var generation = 0
    private var wasDisconnected = false
    private var isClosed = false
    private var monitor: Task<Void, Never>?
    private var subscribers: [Int: AsyncStream<Event>.Continuation] = [:]
    private var nextSubscriberID = 0
    private var waiters: [CheckedContinuation<ZooKeeperClient, any Error>] = []

    /// - Parameters:
    ///   - configuration: how to connect; `credentials` is used for the first session only.
    ///   - retryDelay: pause between attempts to open a new session after an expiry.
    public init(
        configuration: ZooKeeperClient.Configuration, retryDelay: Duration = .milliseconds(500),
        logger: Logger = Logger(label: "tributary.zookeeper.session")
    ) {
        self.configuration = configuration
        self.retryDelay = retryDelay
        self.logger = logger
    }

    /// Opens the first session.
    /// - Throws: `ZooKeeperError` from `ZooKeeperClient.connect` (for example `connectionTimeout`).
    public func start() async throws {
        precondition(current == nil && generation == 0, "ZooKeeperSession.start() called twice")
        let client = try await ZooKeeperClient.connect(configuration)
        if isClosed {
            await client.close()
            throw ZooKeeperError(code: .closing, operation: "connect")
        }
        install(client)
    }

    /// The current client, waiting while a new session is being opened.
    /// - Throws: `ZooKeeperError` `closing` once the session wrapper is closed.
    public func client() async throws -> ZooKeeperClient {
        if isClosed { throw ZooKeeperError(code: .closing, operation: "session") }
        if let current { return current }
        return try await withCheckedThrowingContinuation { waiters.append($0) }
    }

    /// The current client without waiting: `nil` while a new session is being opened, or once closed.
    public var currentClient: ZooKeeperClient? { current }

    /// A stream of events; it starts with `established` for the current session, if there is one, and
    /// finishes after `closed`. Each call returns an independent stream.
    public func events() -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self)
        if isClosed {
            continuation.yield(.closed)
            continuation.finish()
            return stream
        }
        if let current { continuation.yield(.established(current, generation: generation)) }
        let id = nextSubscriberID
        nextSubscriberID += 1
        subscribers[id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.unsubscribe(id) }
        }
        return stream
    }

    /// Closes the current client (its ephemerals go at once) and stops reopening sessions.
    public func close() async {
        guard !isClosed else { return }
        isClosed = true
        monitor?.cancel()
        let client = current
        current = nil
        for waiter in waiters { waiter.resume(throwing: ZooKeeperError(code: .closing, operation: "session")) }
        waiters = []
        await client?.close()
        publish(.closed)
        for subscriber in subscribers.values { subscriber.finish() }
        subscribers = [:]
    }

    private func unsubscribe(_ id: Int) { subscribers[id] = nil }

    private func publish(_ event: Event) {
        for subscriber in subscribers.values { subscriber.yield(event) }
    }

    private func install(_ client: ZooKeeperClient) {
        generation += 1
        current = client
        wasDisconnected = false
        let installed = generation
        logger.info("ZooKeeper session established", metadata: [
            "session": "\(client.credentials?.description ?? "?")", "generation": "\(installed)"])
        for waiter in waiters { waiter.resume(returning: client) }
        waiters = []
        publish(.established(client, generation: installed))
        let states = client.sessionStates()
        monitor = Task { [weak self] in
            for await state in states { await self?.observe(state, generation: installed) }
        }
    }

    private func observe(_ state: ZooKeeperSessionState, generation observed: Int) async {
        guard observed == generation, !isClosed else { return }
        switch state {
        case .connecting:
            wasDisconnected = true
            publish(.disconnected)
        case .connected:
            if wasDisconnected { publish(.reconnected) }
            wasDisconnected = false
        case .expired, .authFailed:
            logger.warning("ZooKeeper session ended; opening a new one", metadata: [
                "state": "\(state)", "session": "\(current?.credentials?.description ?? "?")"])
            let dead = current
            current = nil
            publish(.expired(generation: observed))
            await dead?.close()
            await reopen()
        case .closed:
            break  // closed by `close()` (or by a connect attempt we abandoned)
        }
    }

    /// Opens a new session, retrying until it works or the wrapper is closed.
    private func reopen() async {
        var fresh = configuration
        fresh.credentials = nil
        while !isClosed {
            do {
                let client = try await ZooKeeperClient.connect(fresh)
                if isClosed {
                    await client.close()
                    return
                }
                install(client)
                return
            } catch {
                logger.warning("ZooKeeper reconnect failed", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: retryDelay)
            }
        }
    }
}
