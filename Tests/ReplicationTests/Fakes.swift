import NIOConcurrencyHelpers
import Replication

/// A purgatory clock that moves only when a test says so.
final class ManualTimer: PurgatoryTimer, Sendable {
    private struct Entry {
        var due: Duration
        var body: @Sendable () -> Void
        var cancelled: NIOLockedValueBox<Bool>
    }

    private let state = NIOLockedValueBox<(now: Duration, entries: [Entry])>((.zero, []))

    struct Handle: PurgatoryTimerHandle {
        let cancelled: NIOLockedValueBox<Bool>
        func cancel() { cancelled.withLockedValue { $0 = true } }
    }

    func schedule(after delay: Duration, _ body: @escaping @Sendable () -> Void) -> any PurgatoryTimerHandle {
        let cancelled = NIOLockedValueBox(false)
        state.withLockedValue { $0.entries.append(Entry(due: $0.now + delay, body: body, cancelled: cancelled)) }
        return Handle(cancelled: cancelled)
    }

    /// Moves the clock and runs what fell due (outside the lock, as a real timer would).
    func advance(by delay: Duration) {
        let due = state.withLockedValue { state -> [Entry] in
            state.now += delay
            let due = state.entries.filter { $0.due <= state.now }
            state.entries.removeAll { $0.due <= state.now }
            return due
        }
        for entry in due where !entry.cancelled.withLockedValue({ $0 }) { entry.body() }
    }

    /// Timers scheduled and neither run nor cancelled.
    var pending: Int { state.withLockedValue { $0.entries.filter { !$0.cancelled.withLockedValue { $0 } }.count } }
}
