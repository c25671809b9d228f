import Glibc

/// A plain pthread mutex. LogStorage does not depend on NIOConcurrencyHelpers, and the storage code
/// needs locks that may be held across blocking file I/O, which rules out actors on the hot path.
final class Lock: @unchecked Sendable {
    // Safe: the mutex lives in its own heap allocation that never moves and is only touched through
    // pthread calls, which are thread-safe by definition.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
