/// The sparse time index of one segment, file `<20-digit base offset>.timeindex`.
///
/// On disk: back-to-back 12-byte entries, big-endian, no header:
/// `timestamp int64` (the largest batch max-timestamp seen so far in the segment) ·
/// `relativeOffset int32` (base offset, minus the segment's base offset, of the batch that first reached
/// that timestamp). Timestamps strictly increase, offsets never decrease. Batches before an entry's batch
/// all have smaller max timestamps, which is what makes a floor lookup safe. Entries are added along with
/// offset index entries, and once more when the segment stops being active, so the last entry always
/// carries the segment's largest timestamp (used by time-based retention). Persisted like `OffsetIndex`.
struct TimeIndex: Sendable {
    static let entrySize = 12

    struct Entry: IndexEntry {
        static let size = TimeIndex.entrySize
        var timestamp: Int64
        var relativeOffset: Int32

        func encode(into bytes: inout [UInt8]) {
            IndexBytes.append(UInt64(bitPattern: timestamp), to: &bytes)
            IndexBytes.append(UInt32(bitPattern: relativeOffset), to: &bytes)
        }
    }

    private var stored = IndexEntries<Entry>()
    var entries: [Entry] { stored.entries }

    init() {}

    var count: Int { entries.count }
    var last: Entry? { entries.last }

    /// Adds an entry when `timestamp` is larger than the last one's.
    mutating func maybeAppend(timestamp: Int64, relativeOffset: Int32) {
        if let last = entries.last, last.timestamp >= timestamp || last.relativeOffset > relativeOffset { return }
        stored.append(Entry(timestamp: timestamp, relativeOffset: relativeOffset))
    }

    /// The last entry whose timestamp is strictly below `timestamp`.
    func lastEntry(before timestamp: Int64) -> Entry? {
        var low = 0, high = entries.count - 1, found: Entry?
        while low <= high {
            let mid = (low + high) / 2
            if entries[mid].timestamp < timestamp {
                found = entries[mid]
                low = mid + 1
            } else {
                high = mid - 1
            }
        }
        return found
    }

    /// Drops entries pointing at or past `relativeOffset`.
    mutating func truncate(toRelativeOffset relativeOffset: Int32) {
        stored.truncate(keeping: entries.prefix { $0.relativeOffset < relativeOffset }.count)
    }

    /// The file no longer matches: rewrite it whole on the next `persist`.
    mutating func markFileStale() { stored.markFileStale() }

    mutating func removeAll() { stored.removeAll() }

    mutating func persist(to path: String, sync: Bool) throws { try stored.persist(to: path, sync: sync) }

    /// Loads a time index file; nil when it is missing or inconsistent.
    static func load(from path: String) throws -> TimeIndex? {
        guard let bytes = try FileIO.readFile(path), bytes.count % entrySize == 0 else { return nil }
        var loaded: [Entry] = []
        var at = 0
        while at < bytes.count {
            let entry = Entry(timestamp: Int64(bitPattern: IndexBytes.uint64(bytes, at)),
                              relativeOffset: Int32(bitPattern: IndexBytes.uint32(bytes, at + 8)))
            if entry.relativeOffset < 0 { return nil }
            if let last = loaded.last, last.timestamp >= entry.timestamp || last.relativeOffset > entry.relativeOffset {
                return nil
            }
            loaded.append(entry)
            at += entrySize
        }
        var index = TimeIndex()
        index.stored = IndexEntries(loaded: loaded)
        return index
    }
}
