import Atomics

/// A seam for tests: makes chosen file operations fail as a failing disk would (EIO on fsync, ENOSPC on write,
/// EROFS on create), or wait, without a real broken device.
///
/// Decisions are scoped to a directory, so tests running in parallel in one process never see each other's
/// faults. With nothing installed the check is one relaxed atomic load per call.
public enum FileFaults {
    /// The kinds of file operation a decision can fail.
    public enum Operation: String, Sendable, Hashable {
        case open, read, write, sync, truncate, rename, remove, list, makeDirectory
    }

    /// Whether to fail an operation on `path`: the errno to fail it with, or nil to run it. It may block (to hold
    /// a background flush, say); it runs on the thread doing the I/O.
    public typealias Decision = @Sendable (_ operation: Operation, _ path: String) -> Int32?

    /// An installed decision, for `remove`.
    public struct Installation: Hashable, Sendable {
        fileprivate let id: Int
    }

    /// Consults `decide` for every operation on a path under `directory` until removed.
    public static func install(under directory: String, _ decide: @escaping Decision) -> Installation {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        let id = table.add(prefix: prefix, decide: decide)
        installedCount.wrappingIncrement(ordering: .releasing)
        return Installation(id: id)
    }

    public static func remove(_ installation: Installation) {
        if table.remove(installation.id) { installedCount.wrappingDecrement(ordering: .releasing) }
    }

    private static let installedCount = ManagedAtomic<Int>(0)
    private static let table = FaultTable()

    /// Throws the injected failure for this operation, if any. Called first by every `FileIO` call that can fail.
    @inline(__always)
    static func check(_ operation: Operation, _ path: String, as name: String) throws {
        guard installedCount.load(ordering: .relaxed) > 0 else { return }
        if let code = table.decision(operation, path) {
            throw LogStorageError.io(operation: name, path: path, errno: code)
        }
    }
}

/// The installed decisions. Safe: guarded by `lock`.
private final class FaultTable: @unchecked Sendable {
    private let lock = BlockingLock()
    private var next = 0
    private var entries: [Int: (prefix: String, decide: FileFaults.Decision)] = [:]

    func add(prefix: String, decide: @escaping FileFaults.Decision) -> Int {
        lock.withLock {
            next += 1
            entries[next] = (prefix, decide)
            return next
        }
    }

    func remove(_ id: Int) -> Bool { lock.withLock { entries.removeValue(forKey: id) != nil } }

    /// The first errno a matching decision asks for; decisions run outside the lock (they may block).
    func decision(_ operation: FileFaults.Operation, _ path: String) -> Int32? {
        let matching = lock.withLock { entries.values.filter { path.hasPrefix($0.prefix) || path + "/" == $0.prefix }.map(\.decide) }
        for decide in matching {
            if let code = decide(operation, path) { return code }
        }
        return nil
    }
}
