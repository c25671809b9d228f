/// Keeps a bounded number of inactive segment files open, least recently used evicted first.
///
/// Many partitions times many segments would exhaust file descriptors if every segment stayed open, so
/// only active segments hold their file permanently; older segments are opened on demand through this
/// cache. Eviction only drops the cache's reference: a read still holding a `FileSlice` keeps its
/// descriptor until it is done, so the bound is `limit` plus reads in flight.
final class SegmentFileCache: @unchecked Sendable {
    // Safe: all mutable state is guarded by `lock`.
    private let lock = BlockingLock()
    private var entries: [String: (file: SegmentFile, lastUse: UInt64)] = [:]
    private var useCounter: UInt64 = 0
    let limit: Int

    init(limit: Int) { self.limit = max(1, limit) }

    /// The open file at `path`, opening it read-only when it is not cached.
    func file(at path: String) throws -> SegmentFile {
        if let file = touch(path) { return file }
        let opened = try SegmentFile.open(path, writable: false)
        return lock.withLock {
            useCounter += 1
            if let existing = entries[path] {  // another thread opened it meanwhile
                entries[path]!.lastUse = useCounter
                return existing.file
            }
            entries[path] = (opened, useCounter)
            evictIfNeeded()
            return opened
        }
    }

    /// Hands an already open file (a segment that just stopped being active) to the cache.
    func adopt(_ file: SegmentFile) {
        lock.withLock {
            useCounter += 1
            entries[file.path] = (file, useCounter)
            evictIfNeeded()
        }
    }

    /// Drops a file that was deleted or replaced.
    func forget(_ path: String) {
        _ = lock.withLock { entries.removeValue(forKey: path) }
    }

    /// Files currently held by the cache.
    var openCount: Int { lock.withLock { entries.count } }

    private func touch(_ path: String) -> SegmentFile? {
        lock.withLock {
            guard let entry = entries[path] else { return nil }
            useCounter += 1
            entries[path]!.lastUse = useCounter
            return entry.file
        }
    }

    // Linear scan: eviction happens only past the limit, and the limit is a few hundred at most.
    private func evictIfNeeded() {
        while entries.count > limit, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            entries.removeValue(forKey: oldest.key)
        }
    }
}
