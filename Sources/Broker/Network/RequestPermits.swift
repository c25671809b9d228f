import DequeModule
import NIOConcurrencyHelpers

/// `queued.max.requests`: the broker-wide count of requests in processing. A connection takes a permit before
/// handing a request on and returns it when the answer is ready; when none is free it stops reading and
/// waits in line, so a flood of connections cannot pile up work without bound.
///
/// Shared by every event loop, so the state sits behind one lock. Waiters are called outside the lock.
final class RequestPermits: Sendable {
    let limit: Int
    private let state: NIOLockedValueBox<State>

    private struct State {
        var inUse = 0
        var waiters: Deque<@Sendable () -> Void> = []
    }

    init(limit: Int) {
        self.limit = max(1, limit)
        self.state = NIOLockedValueBox(State())
    }

    /// Permits currently held.
    var inUse: Int { state.withLockedValue { $0.inUse } }
    /// Requests waiting for a permit (the request queue).
    var waiting: Int { state.withLockedValue { $0.waiters.count } }

    /// Takes a permit and returns true, or queues `waiter` and returns false; `waiter` then runs (on whichever
    /// thread releases) once it holds a permit, which it must release.
    func acquire(orWait waiter: @escaping @Sendable () -> Void) -> Bool {
        state.withLockedValue { state in
            if state.inUse < limit {
                state.inUse += 1
                return true
            }
            state.waiters.append(waiter)
            return false
        }
    }

    /// Returns a permit: hands it straight to the longest waiter, if any, so waiting connections go in order.
    func release() {
        let next = state.withLockedValue { state -> (@Sendable () -> Void)? in
            if let next = state.waiters.popFirst() { return next }
            state.inUse = max(0, state.inUse - 1)
            return nil
        }
        next?()
    }
}
