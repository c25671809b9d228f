/// An entry of a fixed-size index file (`OffsetIndex`, `TimeIndex`).
protocol IndexEntry: Hashable, Sendable {
    static var size: Int { get }
    /// Appends the entry's big-endian bytes.
    func encode(into bytes: inout [UInt8])
}

/// The in-memory entries of an index and what of them is already in its file: new entries are appended to the
/// file on `persist`; after a truncation or a stale file the file is cut or rewritten whole.
struct IndexEntries<Entry: IndexEntry>: Sendable {
    private(set) var entries: [Entry] = []
    /// Entries already in the file.
    private var persistedCount = 0
    /// The file may hold entries past `entries` (after a truncation) and must be cut.
    private var fileNeedsTrim = false

    init() {}

    /// Entries read from the file, which therefore need no writing.
    init(loaded: [Entry]) {
        entries = loaded
        persistedCount = loaded.count
    }

    mutating func append(_ entry: Entry) { entries.append(entry) }

    /// Keeps the first `count` entries.
    mutating func truncate(keeping count: Int) {
        guard count < entries.count else { return }
        entries.removeSubrange(count...)
        if persistedCount > count { persistedCount = count }
        fileNeedsTrim = true
    }

    /// The file no longer matches: rewrite it whole on the next `persist`.
    mutating func markFileStale() {
        persistedCount = 0
        fileNeedsTrim = true
    }

    mutating func removeAll() {
        entries.removeAll()
        persistedCount = 0
        fileNeedsTrim = true
    }

    /// Writes entries not yet in the file (and cuts it when needed).
    mutating func persist(to path: String, sync: Bool) throws {
        let pending = entries[persistedCount...]
        var bytes: [UInt8] = []
        bytes.reserveCapacity(pending.count * Entry.size)
        for entry in pending { entry.encode(into: &bytes) }
        try IndexBytes.write(bytes, to: path, at: Int64(persistedCount * Entry.size),
                             totalSize: Int64(entries.count * Entry.size), trim: fileNeedsTrim, sync: sync)
        persistedCount = entries.count
        fileNeedsTrim = false
    }
}
