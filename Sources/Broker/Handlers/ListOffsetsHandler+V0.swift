import Glibc
import KafkaModel
import LogStorage
import Replication

/// ListOffsets v0 (Kafka 0.8–0.10.0 clients, Burrow): instead of one offset it asks for up to `MaxNumOffsets`
/// offsets "before" a time and gets them newest first in `OldStyleOffsets`. As Kafka's `legacyFetchOffsetsBefore`:
/// the candidates are each segment's base offset (at least the log start offset) with the segment file's
/// last-modified time, plus the log end offset at the current time when the active segment holds data; latest (-1)
/// starts from the newest candidate, earliest (-2) from the oldest, any other time from the newest candidate
/// modified at or before it. A consumer (replica id -1) sees nothing above the high watermark: it gets the high
/// watermark in place of the offsets above it.
enum LegacyOffsetsLookup {
    static func offsets(_ partition: Partition, timestamp: Int64, maxNumOffsets: Int32, fromConsumer: Bool,
                        nowMs: Int64) -> [Int64] {
        let log = partition.log
        let logStart = log.logStartOffset.rawValue
        let bases = log.segmentBaseOffsets.map(\.rawValue)
        var candidates: [(offset: Int64, modifiedMs: Int64)] = bases.map { base in
            (max(base, logStart), segmentFileStatus(log.directory, base)?.modifiedMs ?? nowMs)
        }
        if let last = bases.last, let status = segmentFileStatus(log.directory, last), status.size > 0 {
            candidates.append((log.logEndOffset.rawValue, nowMs))
        }
        var start: Int
        switch timestamp {
        case Offset.latest.rawValue: start = candidates.count - 1
        case Offset.earliest.rawValue: start = candidates.isEmpty ? -1 : 0
        default: start = candidates.lastIndex { $0.modifiedMs <= timestamp } ?? -1
        }
        let count = max(0, min(Int(maxNumOffsets), start + 1))
        var offsets: [Int64] = []
        offsets.reserveCapacity(count)
        while offsets.count < count {
            offsets.append(candidates[start].offset)
            start -= 1
        }
        offsets.sort(by: >)
        guard fromConsumer else { return offsets }
        let highWatermark = partition.highWatermark.rawValue
        guard offsets.contains(where: { $0 > highWatermark }) else { return offsets }
        return [highWatermark] + offsets.drop { $0 > highWatermark }
    }

    /// The size and last-modified time of the segment file `<20-digit base offset>.log`, nil if it cannot be read.
    private static func segmentFileStatus(_ directory: String, _ baseOffset: Int64)
        -> (size: Int64, modifiedMs: Int64)?
    {
        let digits = String(baseOffset)
        let path = directory + "/" + String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".log"
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        let modifiedMs = Int64(status.st_mtim.tv_sec) &* 1000 &+ Int64(status.st_mtim.tv_nsec) / 1_000_000
        return (Int64(status.st_size), modifiedMs)
    }
}
