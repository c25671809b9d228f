import Glibc

/// A plain pthread mutex, for locks that may be held across blocking file I/O (which rules out actors on the hot
/// path). LogStorage does not depend on NIOConcurrencyHelpers; the replica layer uses this one too, for the one
/// lock it must be able to try without waiting (a partition's write lock).
public final class BlockingLock: @unchecked Sendable {
    // Safe: the mutex lives in its own heap allocation that never moves and is only touched through
    // pthread calls, which are thread-safe by definition.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    public init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    public func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Runs `body` under the lock if it is free now; nil (and `body` not run) when another thread holds it.
    public func withLockIfAvailable<T>(_ body: () throws -> T) rethrows -> T? {
        guard pthread_mutex_trylock(mutex) == 0 else { return nil }
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
