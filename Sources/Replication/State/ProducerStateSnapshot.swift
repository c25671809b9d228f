import KafkaModel
import KafkaRecords

/// Why a producer-state snapshot could not be read.
public enum ProducerStateSnapshotError: Error, Hashable, Sendable {
    case truncated
    case unknownVersion(Int16)
    case checksumMismatch(stored: UInt32, computed: UInt32)
    /// Bytes left after the declared entries, or a count no file this size can hold.
    case badLength
    case invalidEntry(index: Int)
}

/// A producer-state snapshot, file `<20-digit offset>.snapshot` in the partition's directory (Kafka's format,
/// version 1): the producer table as of that log offset, so start-up replays only the log after it. Big-endian:
/// version int16 (1) · crc uint32 (CRC-32C of everything after it) · entry count int32 · per producer:
/// producerId int64 · producerEpoch int16 · lastSequence int32 · lastOffset int64 · offsetDelta int32 ·
/// timestamp int64 · coordinatorEpoch int32 · currentTxnFirstOffset int64 (-1: no transaction open).
/// Only each producer's last batch is kept (Kafka keeps no more), so after a restart only a retry of the last
/// batch is recognised as a duplicate.
public enum ProducerStateSnapshot {
    public static let version: Int16 = 1
    static let headerSize = 2 + 4
    static let entrySize = 8 + 2 + 4 + 8 + 4 + 8 + 4 + 8

    public static func encode(_ table: ProducerStateTable) -> [UInt8] {
        var body: [UInt8] = []
        let producers = table.producers.sorted { $0.key < $1.key }
        body.reserveCapacity(4 + producers.count * entrySize)
        put(UInt64(UInt32(truncatingIfNeeded: producers.count)), 4, &body)
        for (id, entry) in producers {
            let last = entry.batches.last
            put(UInt64(bitPattern: id), 8, &body)
            put(UInt64(UInt16(bitPattern: entry.epoch)), 2, &body)
            put(UInt64(UInt32(bitPattern: last?.lastSequence ?? -1)), 4, &body)
            put(UInt64(bitPattern: last?.lastOffset.rawValue ?? -1), 8, &body)
            let delta = last.map { Int32(clamping: $0.lastOffset.rawValue &- $0.firstOffset.rawValue) } ?? 0
            put(UInt64(UInt32(bitPattern: delta)), 4, &body)
            put(UInt64(bitPattern: entry.lastTimestamp), 8, &body)
            put(UInt64(UInt32(bitPattern: entry.coordinatorEpoch)), 4, &body)
            put(UInt64(bitPattern: entry.currentTxnFirstOffset?.rawValue ?? -1), 8, &body)
        }
        var bytes: [UInt8] = []
        put(UInt64(UInt16(bitPattern: version)), 2, &bytes)
        put(UInt64(body.withUnsafeBytes { CRC32CChecksum.compute($0) }), 4, &bytes)
        return bytes + body
    }

    /// - Throws: `ProducerStateSnapshotError` for any damage; the caller then rebuilds from the log.
    public static func decode(_ bytes: [UInt8]) throws(ProducerStateSnapshotError) -> ProducerStateTable {
        guard bytes.count >= headerSize + 4 else { throw .truncated }
        let version = Int16(bitPattern: UInt16(get(bytes, 0, 2)))
        guard version == Self.version else { throw .unknownVersion(version) }
        let stored = UInt32(get(bytes, 2, 4))
        let computed = bytes[headerSize...].withUnsafeBytes { CRC32CChecksum.compute($0) }
        guard stored == computed else { throw .checksumMismatch(stored: stored, computed: computed) }
        let count = Int(Int32(bitPattern: UInt32(get(bytes, headerSize, 4))))
        guard count >= 0, count == (bytes.count - headerSize - 4) / entrySize,
            (bytes.count - headerSize - 4) % entrySize == 0
        else { throw .badLength }
        var producers: [Int64: ProducerStateTable.ProducerEntry] = [:]
        var position = headerSize + 4
        for index in 0..<count {
            let id = Int64(bitPattern: get(bytes, position, 8))
            let epoch = Int16(bitPattern: UInt16(get(bytes, position + 8, 2)))
            let lastSequence = Int32(bitPattern: UInt32(get(bytes, position + 10, 4)))
            let lastOffset = Int64(bitPattern: get(bytes, position + 14, 8))
            let delta = Int32(bitPattern: UInt32(get(bytes, position + 22, 4)))
            let timestamp = Int64(bitPattern: get(bytes, position + 26, 8))
            let coordinatorEpoch = Int32(bitPattern: UInt32(get(bytes, position + 34, 4)))
            let txnFirst = Int64(bitPattern: get(bytes, position + 38, 8))
            position += entrySize
            guard id >= 0, delta >= 0, txnFirst >= -1, producers[id] == nil else { throw .invalidEntry(index: index) }
            var entry = ProducerStateTable.ProducerEntry(
                epoch: epoch, batches: [], currentTxnFirstOffset: txnFirst >= 0 ? Offset(txnFirst) : nil,
                coordinatorEpoch: coordinatorEpoch, lastTimestamp: timestamp)
            if lastSequence >= 0, lastOffset >= 0 {
                guard lastOffset >= Int64(delta) else { throw .invalidEntry(index: index) }
                // Sequences wrap at Int32.max to 0, as Kafka's `decrementSequence`.
                let first = lastSequence >= delta ? lastSequence - delta : Int32.max - (delta - lastSequence) + 1
                entry.batches = [.init(firstSequence: first, lastSequence: lastSequence,
                                       firstOffset: Offset(lastOffset - Int64(delta)), lastOffset: Offset(lastOffset),
                                       timestamp: timestamp)]
            }
            producers[id] = entry
        }
        return ProducerStateTable(producers: producers)
    }

    private static func put(_ value: UInt64, _ width: Int, _ bytes: inout [UInt8]) {
        for shift in stride(from: (width - 1) * 8, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    private static func get(_ bytes: [UInt8], _ position: Int, _ width: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in position..<(position + width) { value = value << 8 | UInt64(bytes[index]) }
        return value
    }
}
