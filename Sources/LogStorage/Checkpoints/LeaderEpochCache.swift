import KafkaModel

/// Which leader epoch started at which offset, for OffsetsForLeaderEpoch and follower truncation.
/// File `leader-epoch-checkpoint` in the partition's directory, in Kafka's checkpoint text format,
/// replaced (write then rename) on every change but fsynced only by `flush()`, which the log calls before
/// its recovery point moves. A becoming-leader change for thousands of partitions therefore costs no fsync
/// per partition; what a crash loses is past the recovery point, where recovery re-derives the epochs from
/// the batches' own partition leader epoch fields.
/// ```
/// 0                      ← version
/// 2                      ← number of entries
/// 0 0                    ← "<epoch> <start offset>", epochs and offsets increasing
/// 3 1200
/// ```
public final class LeaderEpochCache: @unchecked Sendable {
    // Safe: `entries`, `unsynced` and `changes` are guarded by `lock`; the file is only written holding `fileLock`
    // (taken before `lock`), so the fsync of `flush` holds `fileLock` alone and readers (every append asks for
    // `latestEpoch`) never wait for it.
    public static let fileName = "leader-epoch-checkpoint"

    /// An epoch and the first offset written in it.
    public struct Entry: Hashable, Sendable {
        public var epoch: LeaderEpoch
        public var startOffset: Offset
        public init(epoch: LeaderEpoch, startOffset: Offset) {
            self.epoch = epoch
            self.startOffset = startOffset
        }
    }

    private let path: String
    /// The `log.dirs` entry holding the file: a failed write takes it offline.
    private let logDirectory: LogDirectory
    private let lock = BlockingLock()
    private let fileLock = BlockingLock()
    private var entries: [Entry]
    /// The file was replaced since it was last fsynced.
    private var unsynced = false
    /// Changes so far: a flush marks the file synced only if none happened while it wrote.
    private var changes = 0
    /// Why the file could not be read at load (a crash tore it); the log then rebuilds the cache from all
    /// of its batches.
    public let unreadableReason: String?

    /// Loads the cache of a partition directory (empty when the file is absent or unreadable).
    init(directory: String, logDirectory: LogDirectory) {
        path = directory + "/" + Self.fileName
        self.logDirectory = logDirectory
        do {
            entries = try Self.read(path)
            unreadableReason = nil
        } catch {
            entries = []
            unreadableReason = "\(error)"
        }
    }

    /// All entries, oldest first.
    public var all: [Entry] { lock.withLock { entries } }

    /// The newest epoch, if any.
    public var latestEpoch: LeaderEpoch? { lock.withLock { entries.last?.epoch } }

    /// Records that `epoch` starts at `startOffset`. A repeated epoch with the same or a later offset
    /// changes nothing; entries that would break monotonicity (same or newer epoch, same or later
    /// offset) are removed first, as Kafka does.
    /// - Throws: `LogStorageError.io` when the checkpoint cannot be written.
    public func assign(epoch: LeaderEpoch, startOffset: Offset) throws {
        guard epoch.rawValue >= 0, startOffset.rawValue >= 0 else { return }
        try changing {
            if let last = entries.last, last.epoch == epoch, last.startOffset <= startOffset { return }
            while let last = entries.last, last.epoch >= epoch || last.startOffset >= startOffset {
                entries.removeLast()
            }
            entries.append(Entry(epoch: epoch, startOffset: startOffset))
            try writeLocked()
        }
    }

    /// The OffsetsForLeaderEpoch answer: the largest epoch ≤ `requested` we know and the offset where
    /// the next epoch started (or `logEndOffset` for the current epoch). `(unknown, -1)` when the
    /// requested epoch is newer than any known, or unknown itself.
    public func endOffset(for requested: LeaderEpoch, logEndOffset: Offset) -> (epoch: LeaderEpoch, endOffset: Offset) {
        lock.withLock {
            let undefined = (LeaderEpoch.unknown, Offset(-1))
            guard requested != .unknown, let last = entries.last else { return undefined }
            if requested == last.epoch { return (requested, logEndOffset) }
            guard let higher = entries.first(where: { $0.epoch > requested }) else { return undefined }
            guard let floor = entries.last(where: { $0.epoch <= requested }) else {
                // Older than anything we keep: the data is gone; the follower restarts at the next epoch.
                return (requested, higher.startOffset)
            }
            return (floor.epoch, higher.startOffset)
        }
    }

    /// Forgets epochs that started at or after `endOffset` (the log was truncated there).
    public func truncateFromEnd(_ endOffset: Offset) throws {
        try changing {
            guard let last = entries.last, last.startOffset >= endOffset else { return }
            entries.removeAll { $0.startOffset >= endOffset }
            try writeLocked()
        }
    }

    /// Forgets what lies below a new log start offset: the epoch covering `startOffset` now starts there.
    public func truncateFromStart(_ startOffset: Offset) throws {
        try changing {
            guard let covering = entries.lastIndex(where: { $0.startOffset <= startOffset }),
                covering > 0 || entries[covering].startOffset < startOffset
            else { return }
            entries.removeFirst(covering)
            entries[0].startOffset = startOffset
            try writeLocked()
        }
    }

    /// Drops everything (the log was emptied).
    public func clear() throws {
        try changing {
            guard !entries.isEmpty else { return }
            entries.removeAll()
            try writeLocked()
        }
    }

    /// Makes the file durable if it changed since the last flush.
    /// - Throws: `LogStorageError.io`.
    public func flush() throws {
        try logDirectory.perform(.write) {
            try fileLock.withLock {
                let (contents, seen) = lock.withLock { (unsynced ? encodedLocked() : nil, changes) }
                guard let contents else { return }
                try FileIO.writeFileAtomically(path, contents: contents)
                lock.withLock { if changes == seen { unsynced = false } }
            }
        }
    }

    /// Runs a change under both locks, through the log directory: refused while it is offline, and a failed write
    /// takes it offline.
    private func changing(_ body: () throws -> Void) throws {
        try logDirectory.perform(.write) { try fileLock.withLock { try lock.withLock(body) } }
    }

    /// Caller holds both locks.
    private func writeLocked() throws {
        try FileIO.replaceFile(path, contents: encodedLocked())
        unsynced = true
        changes += 1
    }

    private func encodedLocked() -> [UInt8] {
        var text = "0\n\(entries.count)\n"
        for entry in entries { text += "\(entry.epoch.rawValue) \(entry.startOffset.rawValue)\n" }
        return Array(text.utf8)
    }

    private static func read(_ path: String) throws -> [Entry] {
        guard let bytes = try FileIO.readFile(path) else { return [] }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.count >= 2, lines[0] == "0", let count = Int(lines[1]), count == lines.count - 2 else {
            throw LogStorageError.malformedFile(path: path, reason: "bad header")
        }
        var entries: [Entry] = []
        for line in lines.dropFirst(2) {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let epoch = Int32(parts[0]), let offset = Int64(parts[1]) else {
                throw LogStorageError.malformedFile(path: path, reason: "bad line \"\(line)\"")
            }
            // What `assign` keeps: non-negative, epochs and offsets increasing. Anything else is damage, and the
            // log rebuilds the cache from its batches.
            guard epoch >= 0, offset >= 0,
                entries.last.map({ $0.epoch.rawValue < epoch && $0.startOffset.rawValue < offset }) ?? true
            else {
                throw LogStorageError.malformedFile(path: path, reason: "entry \"\(line)\" is out of order")
            }
            entries.append(Entry(epoch: LeaderEpoch(epoch), startOffset: Offset(offset)))
        }
        return entries
    }
}
