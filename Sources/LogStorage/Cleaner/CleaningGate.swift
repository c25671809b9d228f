/// Keeps the log cleaner and the operations that must not overlap a cleaning pass of one log apart: truncation
/// and deletion (Kafka's `LogCleanerManager` states: in progress, aborted, paused n times).
///
/// The cleaner reads and writes without the log's `writeLock`, so a truncation or deletion asks a running pass to
/// stop (`abortAndPause`), waits until the cleaner has stopped and removed its `.cleaned` files, and keeps the
/// cleaner away until it is done (`resume`). A pass checks `shouldAbort` between batches, so the wait is short.
///
/// Lock order: never call `abortAndPause` while holding the log's `writeLock` (the cleaner may be waiting for it
/// to swap its segments in).
final class CleaningGate: @unchecked Sendable {
    // Safe: every field is guarded by `lock`, which is broadcast when a pass ends.
    private let lock = ConditionLock()
    private var inProgress = false
    private var abortRequested = false
    private var pauseCount = 0
    /// The lowest offset the log was truncated to since the cleaner last asked: its checkpoint may be past it.
    private var truncatedTo: Int64?

    private func locked<T>(_ body: () -> T) -> T { lock.withLock(body) }

    /// The cleaner: starts a pass unless one runs or the log is paused; false means leave the log alone.
    func tryBegin() -> Bool {
        locked {
            guard !inProgress, pauseCount == 0 else { return false }
            inProgress = true
            abortRequested = false
            return true
        }
    }

    /// The cleaner: whether the running pass must stop now.
    var shouldAbort: Bool { locked { abortRequested } }

    /// Whether cleaning is paused (a truncation or deletion is under way, or the log was deleted).
    var isPaused: Bool { locked { pauseCount > 0 } }

    /// The cleaner: the pass is over (finished or aborted, its temporary files removed).
    func end() {
        locked {
            inProgress = false
            abortRequested = false
            lock.broadcast()
        }
    }

    /// Stops a running pass, waits for it to end, and keeps the cleaner away until `resume()`.
    /// - Parameter offset: the log is being truncated to this offset (the cleaner lowers its checkpoint).
    func abortAndPause(truncatingTo offset: Int64? = nil) {
        locked {
            pauseCount += 1
            if let offset { truncatedTo = min(truncatedTo ?? offset, offset) }
            if inProgress { abortRequested = true }
            while inProgress { lock.wait() }
        }
    }

    /// Undoes one `abortAndPause`.
    func resume() {
        locked { pauseCount = max(0, pauseCount - 1) }
    }

    /// The cleaner: the lowest offset the log was truncated to since the last call, if any.
    func takeTruncation() -> Int64? {
        locked {
            defer { truncatedTo = nil }
            return truncatedTo
        }
    }
}
