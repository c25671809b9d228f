/// The sparse offset index of one segment, file `<20-digit base offset>.index`.
///
/// On disk: back-to-back 8-byte entries, big-endian, no header:
/// `relativeOffset int32` (a batch's base offset minus the segment's base offset) ·
/// `position int32` (byte position of that batch in the segment's `.log`).
/// Both fields strictly increase. An entry is added for the first batch appended after more than
/// `index.interval.bytes` since the previous entry, so a lookup lands at most that far before its target.
/// Entries live in memory; the file is written when the segment rolls, is flushed or the log closes.
/// An index may therefore lag behind its log after a crash — recovery rebuilds the active segment's
/// index from the log, and a missing or inconsistent index of an older segment is rebuilt too.
struct OffsetIndex: Sendable {
    static let entrySize = 8

    struct Entry: IndexEntry {
        static let size = OffsetIndex.entrySize
        var relativeOffset: Int32
        var position: Int32

        func encode(into bytes: inout [UInt8]) {
            IndexBytes.append(UInt32(bitPattern: relativeOffset), to: &bytes)
            IndexBytes.append(UInt32(bitPattern: position), to: &bytes)
        }
    }

    private var stored = IndexEntries<Entry>()
    var entries: [Entry] { stored.entries }

    init() {}

    var count: Int { entries.count }
    var last: Entry? { entries.last }

    mutating func append(relativeOffset: Int32, position: Int32) {
        if let last = entries.last, last.relativeOffset >= relativeOffset || last.position >= position { return }
        stored.append(Entry(relativeOffset: relativeOffset, position: position))
    }

    /// The last entry whose offset is at most `relativeOffset`.
    func floor(relativeOffset: Int32) -> Entry? {
        var low = 0, high = entries.count - 1, found: Entry?
        while low <= high {
            let mid = (low + high) / 2
            if entries[mid].relativeOffset <= relativeOffset {
                found = entries[mid]
                low = mid + 1
            } else {
                high = mid - 1
            }
        }
        return found
    }

    /// Drops entries pointing at or past `position` (the log was truncated there).
    mutating func truncate(toPosition position: Int64) {
        stored.truncate(keeping: entries.prefix { Int64($0.position) < position }.count)
    }

    /// The file no longer matches: rewrite it whole on the next `persist`.
    mutating func markFileStale() { stored.markFileStale() }

    mutating func removeAll() { stored.removeAll() }

    /// Writes entries not yet in the file.
    mutating func persist(to path: String, sync: Bool) throws { try stored.persist(to: path, sync: sync) }

    /// Loads an index file; nil when it is missing or inconsistent with a log of `logSize` bytes.
    static func load(from path: String, logSize: Int64) throws -> OffsetIndex? {
        guard let bytes = try FileIO.readFile(path), bytes.count % entrySize == 0 else { return nil }
        var loaded: [Entry] = []
        var at = 0
        while at < bytes.count {
            let entry = Entry(relativeOffset: Int32(bitPattern: IndexBytes.uint32(bytes, at)),
                              position: Int32(bitPattern: IndexBytes.uint32(bytes, at + 4)))
            if entry.relativeOffset < 0 || entry.position < 0 || Int64(entry.position) >= logSize { return nil }
            if let last = loaded.last, last.relativeOffset >= entry.relativeOffset || last.position >= entry.position {
                return nil
            }
            loaded.append(entry)
            at += entrySize
        }
        var index = OffsetIndex()
        index.stored = IndexEntries(loaded: loaded)
        return index
    }
}

/// Big-endian helpers shared by the two index formats.
enum IndexBytes {
    static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        append(UInt32(truncatingIfNeeded: value >> 32), to: &bytes)
        append(UInt32(truncatingIfNeeded: value), to: &bytes)
    }

    static func uint32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }

    static func uint64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        UInt64(uint32(bytes, at)) << 32 | UInt64(uint32(bytes, at + 4))
    }

    /// Writes `bytes` at `offset`, optionally cuts the file to `totalSize`, optionally fsyncs.
    static func write(_ bytes: [UInt8], to path: String, at offset: Int64, totalSize: Int64, trim: Bool,
                      sync: Bool) throws {
        if bytes.isEmpty && !trim && !sync && FileIO.exists(path) { return }
        // An index with no entries need not exist (a missing index reads as empty): closing 10,000 empty logs
        // would otherwise create 20,000 empty files, a journaled metadata change each.
        if bytes.isEmpty && totalSize == 0 && !FileIO.exists(path) { return }
        let fd = try FileIO.open(path, flags: O_WRONLY_CREATE)
        defer { closeDescriptor(fd) }
        if !bytes.isEmpty {
            try bytes.withUnsafeBytes { try FileIO.pwrite(fd, from: $0.baseAddress!, count: $0.count, at: offset, path: path) }
        }
        if trim { try FileIO.ftruncate(fd, to: totalSize, path: path) }
        if sync { try FileIO.fsync(fd, path: path) }
    }
}
