import Glibc
import KafkaModel
import KafkaRecords
import Logging
import NIOCore

/// What one cleaning pass did.
public struct CleanerStats: Sendable, Hashable {
    /// The dirty range the pass started from and the offset it cleaned up to (the new checkpoint).
    public var firstDirtyOffset: Int64 = 0
    public var endOffset: Int64 = 0
    /// Bytes read to build the offset map, and by the copy (the whole cleanable log).
    public var mapBytesRead: Int64 = 0
    public var bytesRead: Int64 = 0
    /// Bytes of the cleaned segments written.
    public var bytesWritten: Int64 = 0
    public var recordsRead: Int64 = 0
    public var recordsWritten: Int64 = 0
    /// Records without a key found in the log (dropped, as in Kafka).
    public var invalidRecords: Int64 = 0
    /// Segments before and after (groups of segments become one).
    public var segmentsCleaned = 0
    public var segmentsWritten = 0
    /// Wall time of the pass, seconds.
    public var seconds: Double = 0
    /// Share of the offset map used.
    public var mapUtilization: Double = 0
    /// The earliest delete horizon of the tombstones the pass kept (when the next pass may remove one), nil
    /// when it kept none.
    public var earliestTombstoneHorizonMs: Int64?

    /// Bytes processed per second: map and copy reads, as Kafka reports it.
    public var megabytesPerSecond: Double {
        seconds > 0 ? Double(mapBytesRead + bytesRead) / 1_048_576 / seconds : 0
    }
}

/// Why a pass ended without cleaning everything it meant to.
enum CleanerInterruption: Error {
    /// A truncation, deletion or shutdown asked it to stop, or the log changed under it (a segment removed by
    /// retention): nothing is wrong with the log, the next pass starts again.
    case aborted
}

/// Cleans one log at a time for one cleaner thread (Kafka's `Cleaner`): builds the key → offset map of the dirty
/// section, then rewrites the log from its start up to the end of the mapped section, group of segments by group,
/// keeping the last record of every key (with its original offset), dropping tombstones once past the delete
/// horizon, and swapping each cleaned group in (see `PartitionLog.replaceSegments`).
///
/// Decisions, as Kafka's: a record is kept when its offset is past the mapped section, or it has a key and no
/// later record of that key is in the map, and it is not a tombstone whose batch's delete horizon has passed.
/// Records without a key are dropped (produce refuses them on compacted topics; older data may hold some).
///
/// Tombstones follow Kafka 3.1 (KIP-534), not 2.8: 2.8 drops a tombstone once its segment's modification time
/// is `delete.retention.ms` older than the newest clean segment's, but cleaning merges segments and gives the
/// merged one the newest time, so in a small or quiet topic tombstones can survive for ever (KAFKA-8522). Here
/// the first pass that keeps a tombstone stamps its batch with a delete horizon (now + `delete.retention.ms`,
/// attribute bit 6, in the base timestamp, record timestamps unchanged — clients ignore the bit), and the first
/// pass after the horizon removes it. Consumers therefore still get at least `delete.retention.ms` to see it.
///
/// A batch whose records all go is dropped, unless it is the last batch of its producer id in the log: then its
/// header stays as an empty batch, so the producer's sequence (and the idempotence check after a restart)
/// survives. Control batches are copied as they are (Tributary writes no transaction markers).
///
/// Every batch read is checked (header, offsets, CRC-32C, records) as hostile input: a damaged batch ends the
/// pass with `LogStorageError.corruptRecords`, and the caller stops cleaning that log; nothing traps.
final class Cleaner: @unchecked Sendable {
    // Safe: a cleaner belongs to one thread (the direct cleaner of `LogCleaner` to its callers, one at a time);
    // its only mutable state is `map`.
    let id: Int
    private let config: CleanerConfig
    private let throttler: Throttler
    private let logger: Logger
    private let stopping: @Sendable () -> Bool
    /// Allocated at the first pass: a broker without compacted logs never pays for it.
    private var map: OffsetMap?

    init(id: Int, config: CleanerConfig, throttler: Throttler, logger: Logger,
         stopping: @escaping @Sendable () -> Bool) {
        self.id = id
        self.config = config
        self.throttler = throttler
        self.logger = logger
        self.stopping = stopping
    }

    /// Cleans `log` from its start up to at most `firstUncleanable`, its dirty section starting at `firstDirty`.
    /// - Parameter now: wall-clock milliseconds, for the tombstones' delete horizons.
    /// - Throws: `CleanerInterruption.aborted`, `LogStorageError` (`.corruptRecords` for damaged data).
    func clean(_ log: PartitionLog, firstDirty: Int64, firstUncleanable: Int64, now: Int64) throws -> CleanerStats {
        let started = ContinuousClock.now
        var stats = CleanerStats()
        stats.firstDirtyOffset = firstDirty
        let map = self.map ?? OffsetMap(memory: config.memoryPerThread)
        self.map = map
        let logConfig = log.config
        let maxBatchSize = max(logConfig.maxMessageBytes, config.ioBufferSize)
        let view = log.cleanerView()
        let inactive = Array(view.segments.dropLast())

        // The offset map of the dirty section, as far as it fits.
        map.clear()
        let maxEntries = Int(Double(map.slots) * config.dedupeBufferLoadFactor)
        guard maxEntries >= 1 else {
            throw LogStorageError.corruptRecords(reason: "log.cleaner.dedupe.buffer.size is too small for one key")
        }
        let dirty = Self.segments(in: inactive, overlapping: firstDirty, firstUncleanable,
                                  end: view.segments.last?.baseOffset ?? view.logEnd)
        let aborted = AbortedBatches(log.allAbortedTransactions)
        for segment in dirty {
            let full = try buildOffsetMap(of: log, segment: segment, from: firstDirty, maxEntries: maxEntries,
                                          maxBatchSize: maxBatchSize, aborted: aborted, stats: &stats)
            if full { break }
        }
        if map.latestOffset < firstDirty, map.count >= maxEntries {
            throw LogStorageError.corruptRecords(
                reason: "the offset map (log.cleaner.dedupe.buffer.size) cannot hold the keys of one batch")
        }
        // Records from here on were not examined: they stay as they are. With nothing dirty (a pass run only to
        // remove tombstones past their horizon) the whole clean section is examined against an empty map.
        let endOffset = max(map.latestOffset + 1, firstDirty)
        stats.endOffset = endOffset
        stats.mapUtilization = map.utilization

        // Rewrite from the log start up to the end of the mapped section, group by group.
        let groups = Self.groupBySize(inactive.filter { $0.baseOffset < endOffset }, config: logConfig,
                                      firstUncleanable: firstUncleanable)
        var producers = LastProducerBatches(log: log, view: view)
        let rules = Rules(map: map, endOffset: endOffset, now: now,
                          newHorizon: now &+ logConfig.compaction.deleteRetentionMs, aborted: aborted)
        for group in groups {
            try cleanSegments(group, of: log, rules: rules, maxBatchSize: maxBatchSize, producers: &producers,
                              stats: &stats)
        }
        let elapsed = ContinuousClock.now - started
        stats.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return stats
    }

    // MARK: - The offset map

    /// Adds the keys of `segment` at or after `start` to the map; true when the map filled up (the map then
    /// covers the log up to its `latestOffset`, which may be inside this segment).
    private func buildOffsetMap(of log: PartitionLog, segment: LogSegment, from start: Int64, maxEntries: Int,
                                maxBatchSize: Int, aborted: AbortedBatches, stats: inout CleanerStats) throws -> Bool {
        guard let map else { return true }
        var full = false
        let position = try segment.position(atOrBefore: start)
        try forEachBatch(of: log, segment: segment, from: position, maxBatchSize: maxBatchSize) { batch in
            stats.mapBytesRead += Int64(batch.header.totalSize)
            guard batch.header.lastOffset >= start else { return true }
            // An aborted transaction's records never supersede anything.
            if !batch.header.isControl && !aborted.contains(batch.header) {
                try batch.forEachRecord { record in
                    guard !full, let key = record.key, record.offset >= start else { return }
                    if map.count >= maxEntries {
                        full = true
                    } else {
                        map.put(key, offset: record.offset)
                    }
                }
                if full { return false }
            }
            map.updateLatestOffset(batch.header.lastOffset)
            return true
        }
        return full
    }

    // MARK: - Copying

    /// What decides a record's fate in one pass.
    struct Rules {
        let map: OffsetMap
        /// Records at or past this offset were not examined by the pass: kept as they are.
        let endOffset: Int64
        let now: Int64
        /// The delete horizon stamped on a batch that keeps a tombstone for the first time.
        let newHorizon: Int64
        /// Batches of aborted transactions: their records go.
        let aborted: AbortedBatches
    }

    /// The log's aborted transactions, to tell whether a batch belongs to one (Kafka's cleaner discards them).
    struct AbortedBatches {
        private let byProducer: [Int64: [AbortedTransaction]]

        init(_ transactions: [AbortedTransaction]) {
            byProducer = Dictionary(grouping: transactions, by: \.producerID)
        }

        func contains(_ header: RecordBatchHeader) -> Bool {
            guard header.isTransactional, !header.isControl, let candidates = byProducer[header.producerID] else {
                return false
            }
            return candidates.contains {
                $0.firstOffset.rawValue <= header.baseOffset && header.baseOffset <= $0.lastOffset.rawValue
            }
        }
    }

    /// Cleans `group` into one new segment and swaps it in.
    private func cleanSegments(_ group: [LogSegment], of log: PartitionLog, rules: Rules, maxBatchSize: Int,
                               producers: inout LastProducerBatches, stats: inout CleanerStats) throws {
        guard let first = group.first, let last = group.last else { return }
        let files = CleanedSegmentFiles(directory: log.directory, baseOffset: first.baseOffset)
        let writer = try CleanedSegmentWriter(files: files, baseOffset: first.baseOffset, config: log.config,
                                              ioBufferSize: config.ioBufferSize)
        do {
            var sizes: [Int64] = []
            var output = ByteBufferAllocator().buffer(capacity: config.ioBufferSize)
            for segment in group {
                sizes.append(segment.size)
                try forEachBatch(of: log, segment: segment, from: 0, size: sizes.last,
                                 maxBatchSize: maxBatchSize) { batch in
                    stats.bytesRead += Int64(batch.header.totalSize)
                    output.clear()
                    if batch.header.isControl {
                        var bytes = batch.bytes
                        output.writeBuffer(&bytes)
                    } else {
                        try filter(batch, rules: rules, producers: &producers, into: &output, stats: &stats)
                    }
                    if output.readableBytes > 0 {
                        try writer.append(output)
                        stats.bytesWritten += Int64(output.readableBytes)
                        throttler.maybeThrottle(output.readableBytes, stop: { self.mustStop(log) })
                    }
                    return true
                }
            }
            _ = try writer.finish(modificationTimeMs: FileIO.modificationTimeMs(of: last.logPath))
            try checkAbort(log)
            guard try log.replaceSegments(group, sizes: sizes, withCleanedAt: first.baseOffset) else {
                throw CleanerInterruption.aborted
            }
            stats.segmentsCleaned += group.count
            stats.segmentsWritten += 1
            logger.info("Swapped in a cleaned segment of \(log.topicPartition)", metadata: [
                "segment": "\(first.baseOffset)", "replaced": "\(group.map(\.baseOffset))",
                "bytes": "\(writer.size)"])
        } catch {
            writer.close()
            files.removeCleaned()
            throw error
        }
    }

    /// Writes to `output` what stays of `batch`.
    private func filter(_ batch: RecordBatch, rules: Rules, producers: inout LastProducerBatches,
                        into output: inout ByteBuffer, stats: inout CleanerStats) throws {
        var invalid: Int64 = 0
        let tombstonesExpired = batch.header.deleteHorizonMs.map { rules.now >= $0 } ?? false
        let isAborted = rules.aborted.contains(batch.header)
        let keep: (RecordView) -> Bool = { record in
            if record.offset >= rules.endOffset { return true }  // past the examined section: not cleaned yet
            if isAborted { return false }
            guard let key = record.key else {
                invalid += 1
                return false
            }
            let latest = rules.map.get(key)
            let superseded = latest >= 0 && record.offset < latest
            return !superseded && (record.hasValue || !tombstonesExpired)
        }
        let result = try batch.writeFiltered(into: &output, keepEmpty: false, deleteHorizonMs: rules.newHorizon, keep)
        stats.invalidRecords += invalid
        stats.recordsRead += Int64(result.total)
        stats.recordsWritten += Int64(result.kept)
        if let horizon = result.tombstoneHorizonMs {
            stats.earliestTombstoneHorizonMs = min(stats.earliestTombstoneHorizonMs ?? horizon, horizon)
        }
        if result.outcome == .dropped, batch.header.hasProducerID, try producers.isLast(batch.header) {
            try batch.writeFiltered(into: &output, keepEmpty: true) { _ in false }
        }
    }

    // MARK: - Reading

    /// Calls `body` with every batch of `segment` from byte `position` to `size` (default: its size now), each
    /// checked (offsets, CRC-32C, size); `body` returns false to stop. Throttled, and stopped by an abort.
    private func forEachBatch(of log: PartitionLog, segment: LogSegment, from position: Int64, size: Int64? = nil,
                              maxBatchSize: Int, _ body: (RecordBatch) throws -> Bool) throws {
        let file: SegmentFile
        do {
            file = try segment.file()
        } catch let LogStorageError.io(_, _, code) where code == ENOENT {
            throw CleanerInterruption.aborted  // deleted by retention since the pass began
        }
        var reader = BatchReader(file: file, from: position, end: size ?? segment.size,
                                 chunkSize: max(config.ioBufferSize, 64 * 1024))
        var previousNext: Int64?
        while true {
            try checkAbort(log)
            let step = try reader.next(validatingChecksum: true)
            switch step {
            case .end:
                return
            case let .invalid(at, reason):
                throw LogStorageError.corruptRecords(reason: "\(segment.logPath) at byte \(at): \(reason)")
            case let .batch(at, header):
                let place = "\(segment.logPath) at byte \(at)"
                guard header.hasValidOffsetRange, header.baseOffset >= (previousNext ?? 0) else {
                    throw LogStorageError.corruptRecords(
                        reason: "\(place): batch offsets \(header.baseOffset)+\(header.lastOffsetDelta) out of order")
                }
                guard header.totalSize <= maxBatchSize else {
                    throw LogStorageError.corruptRecords(
                        reason: "\(place): a batch of \(header.totalSize) bytes, more than the \(maxBatchSize) allowed")
                }
                guard let bytes = try reader.batchBytes(at: at, size: header.totalSize) else {
                    throw LogStorageError.corruptRecords(reason: "\(segment.logPath) at byte \(at): batch cut short")
                }
                previousNext = header.nextOffset
                throttler.maybeThrottle(header.totalSize, stop: { self.mustStop(log) })
                let batch: RecordBatch
                do {
                    batch = try RecordBatch(bytes, verifyingChecksum: false)
                } catch {
                    throw LogStorageError.corruptRecords(reason: "\(segment.logPath) at byte \(at): \(error)")
                }
                do {
                    guard try body(batch) else { return }
                } catch let error as RecordBatchError {
                    throw LogStorageError.corruptRecords(reason: "\(segment.logPath) at byte \(at): \(error)")
                }
            }
        }
    }

    private func mustStop(_ log: PartitionLog) -> Bool { stopping() || log.cleaning.shouldAbort }

    private func checkAbort(_ log: PartitionLog) throws {
        if mustStop(log) { throw CleanerInterruption.aborted }
    }

    // MARK: - Segment selection

    /// The segments holding offsets in `[from, to)` (Kafka's `logSegments(from, to)`): the one containing `from`
    /// and those after it whose base offset is below `to`. `end` bounds the last segment's offsets.
    static func segments(in segments: [LogSegment], overlapping from: Int64, _ to: Int64, end: Int64)
        -> [LogSegment]
    {
        segments.indices.filter { index in
            let next = index + 1 < segments.count ? segments[index + 1].baseOffset : end
            return segments[index].baseOffset < to && (next > from || segments[index].baseOffset >= from)
        }.map { segments[$0] }
    }

    /// Kafka's `groupSegmentsBySize`: consecutive segments whose log bytes together stay within `segment.bytes`,
    /// whose index files each stay within `segment.index.bytes`, and whose offsets stay within 2^31 - 1 of the
    /// group's base (so relative offsets fit the index entries).
    static func groupBySize(_ segments: [LogSegment], config: LogConfig, firstUncleanable: Int64) -> [[LogSegment]] {
        var groups: [[LogSegment]] = []
        var index = 0
        while index < segments.count {
            var group = [segments[index]]
            var logSize = segments[index].size
            var indexSize = FileIO.sizeOrZero(segments[index].indexPath)
            var timeIndexSize = FileIO.sizeOrZero(segments[index].timeIndexPath)
            index += 1
            while index < segments.count {
                let next = segments[index]
                // The last offset the next segment can hold: the following segment's base - 1, or the first
                // uncleanable offset - 1.
                let bound = index + 1 < segments.count ? segments[index + 1].baseOffset : firstUncleanable
                let nextIndexSize = FileIO.sizeOrZero(next.indexPath)
                let nextTimeIndexSize = FileIO.sizeOrZero(next.timeIndexPath)
                guard logSize + next.size <= Int64(config.segmentBytes),
                    indexSize + nextIndexSize <= Int64(config.segmentIndexBytes),
                    timeIndexSize + nextTimeIndexSize <= Int64(config.segmentIndexBytes),
                    bound &- 1 &- group[0].baseOffset <= Int64(Int32.max)
                else { break }
                group.append(next)
                logSize += next.size
                indexSize += nextIndexSize
                timeIndexSize += nextTimeIndexSize
                index += 1
            }
            groups.append(group)
        }
        return groups
    }
}

extension FileIO {
    static func sizeOrZero(_ path: String) -> Int64 { ((try? size(of: path)) ?? nil) ?? 0 }
}

/// For each producer id, the base offset of its last batch in the log — read (headers only) the first time a
/// pass empties a batch that has a producer id, so logs without idempotent producers never pay for it.
struct LastProducerBatches {
    let log: PartitionLog
    let view: PartitionLog.Snapshot
    private var lastBatch: [Int64: Int64]?

    init(log: PartitionLog, view: PartitionLog.Snapshot) {
        self.log = log
        self.view = view
    }

    /// Whether `header` is its producer's last batch. When the log cannot be read, every batch counts as last:
    /// keeping an empty header costs 61 bytes, dropping a needed one breaks the producer's sequence.
    mutating func isLast(_ header: RecordBatchHeader) throws -> Bool {
        if lastBatch == nil { lastBatch = scan() }
        guard let lastBatch else { return true }
        return (lastBatch[header.producerID] ?? header.baseOffset) <= header.baseOffset
    }

    private func scan() -> [Int64: Int64]? {
        var result: [Int64: Int64] = [:]
        for segment in view.segments {
            guard let file = try? segment.file() else { return nil }
            var reader = BatchReader(file: file, from: 0, end: segment.size, chunkSize: 1 << 20)
            while true {
                guard let step = try? reader.next(validatingChecksum: false) else { return nil }
                guard case let .batch(_, header) = step else { break }
                if header.hasProducerID {
                    result[header.producerID] = max(result[header.producerID] ?? 0, header.baseOffset)
                }
            }
        }
        return result
    }
}
