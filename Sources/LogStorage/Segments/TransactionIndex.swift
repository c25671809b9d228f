import KafkaModel

/// One aborted transaction of a partition: what a read_committed consumer needs to skip its records.
public struct AbortedTransaction: Hashable, Sendable {
    public var producerID: Int64
    /// The transaction's first offset in this partition.
    public var firstOffset: Offset
    /// The offset of its ABORT marker.
    public var lastOffset: Offset
    /// The partition's last stable offset once the marker was appended.
    public var lastStableOffset: Offset

    public init(producerID: Int64, firstOffset: Offset, lastOffset: Offset, lastStableOffset: Offset) {
        self.producerID = producerID
        self.firstOffset = firstOffset
        self.lastOffset = lastOffset
        self.lastStableOffset = lastStableOffset
    }
}

/// Why a `.txnindex` file could not be read.
public enum TransactionIndexError: Error, Hashable, Sendable {
    /// The file's size is not a whole number of entries.
    case partialEntry(size: Int)
    case unknownVersion(Int16, entry: Int)
    /// An entry whose offsets cannot describe a transaction (negative, or ending before they start).
    case invalidEntry(entry: Int)
}

/// The aborted-transaction index of one segment, file `<20-digit base offset>.txnindex` (Kafka's format): one
/// 34-byte entry per transaction aborted by a marker in the segment, in marker order, big-endian:
/// version int16 (0) · producerId int64 · firstOffset int64 · lastOffset int64 · lastStableOffset int64.
/// No header, no checksum: a file is derived from the log and is rebuilt from it when it cannot be read.
public enum TransactionIndex {
    public static let entrySize = 34
    public static let currentVersion: Int16 = 0

    public static func encode(_ entries: [AbortedTransaction]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entries.count * entrySize)
        for entry in entries {
            append(UInt64(UInt16(bitPattern: currentVersion)), width: 2, to: &bytes)
            append(UInt64(bitPattern: entry.producerID), width: 8, to: &bytes)
            append(UInt64(bitPattern: entry.firstOffset.rawValue), width: 8, to: &bytes)
            append(UInt64(bitPattern: entry.lastOffset.rawValue), width: 8, to: &bytes)
            append(UInt64(bitPattern: entry.lastStableOffset.rawValue), width: 8, to: &bytes)
        }
        return bytes
    }

    /// Reads a whole file's entries; any damage fails the whole file (the caller rebuilds it from the log).
    /// - Throws: `TransactionIndexError`.
    public static func decode(_ bytes: [UInt8]) throws(TransactionIndexError) -> [AbortedTransaction] {
        guard bytes.count % entrySize == 0 else { throw .partialEntry(size: bytes.count) }
        var entries: [AbortedTransaction] = []
        entries.reserveCapacity(bytes.count / entrySize)
        var position = 0
        while position < bytes.count {
            let number = position / entrySize
            let version = Int16(bitPattern: UInt16(read(bytes, at: position, width: 2)))
            guard version == currentVersion else { throw .unknownVersion(version, entry: number) }
            let producerID = Int64(bitPattern: read(bytes, at: position + 2, width: 8))
            let first = Int64(bitPattern: read(bytes, at: position + 10, width: 8))
            let last = Int64(bitPattern: read(bytes, at: position + 18, width: 8))
            let stable = Int64(bitPattern: read(bytes, at: position + 26, width: 8))
            guard producerID >= 0, first >= 0, last >= first, stable >= 0 else { throw .invalidEntry(entry: number) }
            entries.append(AbortedTransaction(producerID: producerID, firstOffset: Offset(first),
                                              lastOffset: Offset(last), lastStableOffset: Offset(stable)))
            position += entrySize
        }
        return entries
    }

    private static func append(_ value: UInt64, width: Int, to bytes: inout [UInt8]) {
        for shift in stride(from: (width - 1) * 8, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    private static func read(_ bytes: [UInt8], at position: Int, width: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in position..<(position + width) { value = value << 8 | UInt64(bytes[index]) }
        return value
    }
}
