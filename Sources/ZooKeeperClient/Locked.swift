import Foundation

/// A value reachable only through a lock.
///
/// Used instead of `Synchronization.Mutex` so the target keeps building on the package's oldest platform.
final class Locked<Value>: @unchecked Sendable {
    // Safe: `value` is read and written only inside `withLock`, under `lock`.
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// Runs a C call that may block (name resolution in `zookeeper_init`, the close handshake and thread joins in
/// `zookeeper_close`) on a thread of its own, so no thread of Swift's cooperative pool ever waits on ZooKeeper.
func runOnDedicatedThread<Result: Sendable>(_ body: @escaping @Sendable () -> Result) async -> Result {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.name = "zookeeper-blocking-call"
        thread.start()
    }
}
