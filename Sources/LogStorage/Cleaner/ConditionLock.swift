import Glibc

/// A mutex with a condition variable, for the cleaner's threads (which block by design: they are not tasks of
/// the cooperative pool): a pass waited for by a truncation, a back-off sleep cut short by shutdown.
final class ConditionLock: @unchecked Sendable {
    // Safe: the mutex and the condition live in heap allocations that never move and are only used through
    // pthread calls, which are thread-safe by definition.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func withLock<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// Waits for `broadcast` (or up to `milliseconds`, when given). Caller is inside `withLock`.
    func wait(milliseconds: Int64? = nil) {
        guard let milliseconds else {
            pthread_cond_wait(condition, mutex)
            return
        }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let nanoseconds = Int64(now.tv_nsec) + (milliseconds % 1000) * 1_000_000
        var deadline = timespec()
        deadline.tv_sec = now.tv_sec + Int(milliseconds / 1000) + Int(nanoseconds / 1_000_000_000)
        deadline.tv_nsec = Int(nanoseconds % 1_000_000_000)
        _ = pthread_cond_timedwait(condition, mutex, &deadline)
    }

    /// Wakes every waiter. Caller is inside `withLock`.
    func broadcast() { pthread_cond_broadcast(condition) }
}
