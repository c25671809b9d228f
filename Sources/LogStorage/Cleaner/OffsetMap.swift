/// The cleaner's key → latest offset map (Kafka's `SkimpyOffsetMap`): a fixed block of memory holding 24-byte
/// slots — a 128-bit hash of the key and the offset of its latest record — with open addressing. Keys are never
/// stored, so a map of `log.cleaner.dedupe.buffer.size / log.cleaner.threads` bytes holds that many / 24 keys
/// whatever their size; the cleaner fills it to `log.cleaner.io.buffer.load.factor` at most.
///
/// Kafka hashes with MD5; this map uses two 64-bit SipHash values (Swift's `Hasher`) seeded at random per
/// process. Two keys colliding would make the cleaner drop the older one's record: with a secret seed a
/// producer cannot craft such keys, which it could against a fixed hash.
final class OffsetMap: @unchecked Sendable {
    // Safe: used by one cleaner thread at a time (each thread owns its map).
    /// Slots in the map.
    let slots: Int
    /// Three words per slot: the two hash halves and the offset (`emptyOffset` when the slot is free).
    private let words: UnsafeMutablePointer<UInt64>
    private static let emptyOffset = UInt64.max
    private static let wordsPerSlot = 3
    /// Bytes one entry takes.
    static let bytesPerEntry = 24

    /// Entries in the map.
    private(set) var count = 0
    /// The largest offset put (or noted) since the last `clear`, -1 when none.
    private(set) var latestOffset: Int64 = -1

    /// A map in `memory` bytes (at least one slot).
    init(memory: Int) {
        slots = max(1, memory / Self.bytesPerEntry)
        words = .allocate(capacity: slots * Self.wordsPerSlot)
        clear()
    }

    deinit { words.deallocate() }

    /// Empties the map.
    func clear() {
        words.initialize(repeating: Self.emptyOffset, count: slots * Self.wordsPerSlot)
        count = 0
        latestOffset = -1
    }

    /// Share of the slots in use.
    var utilization: Double { Double(count) / Double(slots) }

    /// Records `offset` as the latest of `key` (a negative offset is ignored). The caller keeps the map below
    /// its load factor, so a free slot always exists.
    func put(_ key: UnsafeRawBufferPointer, offset: Int64) {
        guard offset >= 0 else { return }  // from a damaged batch; -1 would read as a free slot
        let (high, low) = Self.hash(key)
        var slot = Int(high % UInt64(slots))
        while true {
            let base = words + slot * Self.wordsPerSlot
            if base[2] == Self.emptyOffset {
                base[0] = high
                base[1] = low
                base[2] = UInt64(bitPattern: offset)
                count += 1
                break
            }
            if base[0] == high && base[1] == low {
                base[2] = UInt64(bitPattern: offset)
                break
            }
            slot = slot + 1 == slots ? 0 : slot + 1
        }
        latestOffset = max(latestOffset, offset)
    }

    /// The latest offset recorded for `key`, -1 when it is not in the map.
    func get(_ key: UnsafeRawBufferPointer) -> Int64 {
        let (high, low) = Self.hash(key)
        var slot = Int(high % UInt64(slots))
        for _ in 0..<slots {
            let base = words + slot * Self.wordsPerSlot
            if base[2] == Self.emptyOffset { return -1 }
            if base[0] == high && base[1] == low { return Int64(bitPattern: base[2]) }
            slot = slot + 1 == slots ? 0 : slot + 1
        }
        return -1
    }

    /// Notes that the map covers the log up to `offset` (a batch's last offset), records or not.
    func updateLatestOffset(_ offset: Int64) { latestOffset = max(latestOffset, offset) }

    private static func hash(_ key: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
        var first = Hasher()
        first.combine(UInt8(0))
        first.combine(bytes: key)
        var second = Hasher()
        second.combine(UInt8(1))
        second.combine(bytes: key)
        return (UInt64(bitPattern: Int64(first.finalize())), UInt64(bitPattern: Int64(second.finalize())))
    }
}
