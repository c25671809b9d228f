/// The Swift side of one C handle: its session state, the subscribers to that state, and the watches it holds.
///
/// Lifetime: retained once for the C library when the handle is created (it is the handle's context, read by
/// `sessionWatcher`) and released after `zookeeper_close` has returned, when no callback can run any more.
final class SessionEvents: @unchecked Sendable {
    // Safe: all mutable state is inside `state`, a `Locked`.
    private struct State {
        var session: ZooKeeperSessionState = .connecting
        var subscribers: [Int: AsyncStream<ZooKeeperSessionState>.Continuation] = [:]
        var nextSubscriberID = 0
        /// Watches handed to the C library, kept alive here because the library holds them unretained.
        var watches: [ObjectIdentifier: WatchRegistration] = [:]
    }

    private let state = Locked(State())

    var current: ZooKeeperSessionState { state.withLock { $0.session } }

    /// A stream starting with the current state; it finishes after a terminal state.
    func subscribe() -> AsyncStream<ZooKeeperSessionState> {
        let (stream, continuation) = AsyncStream.makeStream(of: ZooKeeperSessionState.self)
        let current: ZooKeeperSessionState = state.withLock { state in
            if !state.session.isTerminal {
                let id = state.nextSubscriberID
                state.nextSubscriberID += 1
                state.subscribers[id] = continuation
                continuation.onTermination = { [weak self] _ in
                    self?.state.withLock { _ = $0.subscribers.removeValue(forKey: id) }
                }
            }
            return state.session
        }
        continuation.yield(current)
        if current.isTerminal { continuation.finish() }
        return stream
    }

    /// Records a new state and tells every subscriber. Terminal states are final: later ones are ignored.
    func publish(_ newState: ZooKeeperSessionState) {
        let subscribers: [AsyncStream<ZooKeeperSessionState>.Continuation] = state.withLock { state in
            guard !state.session.isTerminal, state.session != newState else { return [] }
            state.session = newState
            let subscribers = Array(state.subscribers.values)
            if newState.isTerminal { state.subscribers = [:] }
            return subscribers
        }
        for subscriber in subscribers {
            subscriber.yield(newState)
            if newState.isTerminal { subscriber.finish() }
        }
    }

    func register(_ watch: WatchRegistration) {
        state.withLock { $0.watches[ObjectIdentifier(watch)] = watch }
    }

    /// Drops a watch the C library no longer references (it fired, or it was never installed).
    func unregister(_ watch: WatchRegistration) {
        state.withLock { _ = $0.watches.removeValue(forKey: ObjectIdentifier(watch)) }
    }

    /// Called once `zookeeper_close` has returned: ends the session and every watch still pending.
    func handleClosed() {
        publish(.closed)
        let pending = state.withLock { state in
            defer { state.watches = [:] }
            return Array(state.watches.values)
        }
        let ending = current
        for watch in pending { watch.deliver(ZooKeeperWatchEvent(kind: .sessionEnded(ending), path: watch.path)) }
    }
}

/// One watch installed through a `w` call of the C library (`zoo_awget`, `zoo_awexists`, `zoo_awget_children`).
///
/// The C library holds it unretained as the watcher context; `SessionEvents` keeps it alive until the library
/// lets go of it: after the one event it delivers, when installing it failed, or when the handle is closed.
final class WatchRegistration: @unchecked Sendable {
    // Safe: `path`, `owner` and `watcher` are immutable; `delivered` is a `Locked`.
    let path: String
    let owner: SessionEvents
    private let watcher: ZooKeeperWatcher
    private let delivered = Locked(false)

    init(path: String, owner: SessionEvents, watcher: @escaping ZooKeeperWatcher) {
        self.path = path
        self.owner = owner
        self.watcher = watcher
    }

    /// Calls the watcher, once at most.
    func deliver(_ event: ZooKeeperWatchEvent) {
        let first = delivered.withLock { delivered in
            defer { delivered = true }
            return !delivered
        }
        if first { watcher(event) }
    }
}
