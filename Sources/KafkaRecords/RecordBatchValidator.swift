import NIOCore

/// What validating a batch learned, without materialising a single record.
public struct RecordBatchSummary: Hashable, Sendable {
    public var header: RecordBatchHeader
    /// Records actually present (equal to `header.recordCount` once validated).
    public var recordCount: Int
    /// Smallest and largest record timestamp as written (CreateTime); the header's values when empty.
    public var minTimestamp: Int64
    public var maxTimestamp: Int64
    /// Indexes in the batch of the records with a null key (Kafka refuses those on compacted topics and names
    /// each in the Produce response, KIP-467).
    public var keylessRecordIndexes: [Int]
    /// False when a record has a null key.
    public var allRecordsHaveKeys: Bool { keylessRecordIndexes.isEmpty }
    /// Size of the records part once decompressed.
    public var uncompressedRecordsSize: Int
}

/// How produced timestamps are checked against the broker's clock (`message.timestamp.difference.max.ms`, for
/// topics with `message.timestamp.type=CreateTime`).
public struct ProduceTimestampPolicy: Hashable, Sendable {
    /// The broker's wall clock, in milliseconds since the epoch.
    public var nowMs: Int64
    /// The largest distance allowed between a record's timestamp and `nowMs`; `Int64.max` (Kafka's default)
    /// turns the check off.
    public var maxDifferenceMs: Int64

    public init(nowMs: Int64, maxDifferenceMs: Int64) {
        self.nowMs = nowMs
        self.maxDifferenceMs = maxDifferenceMs
    }
}

/// The checks a broker makes before appending a produced batch, following Kafka's `LogValidator`.
///
/// Uncompressed batches are checked in place: one CRC pass and one walk over the record lengths and varints,
/// with no allocation per record. Compressed batches are decompressed once (within the limit) and walked the
/// same way.
public enum RecordBatchValidator {
    /// Validates the records of a Produce request for one partition (v3+, so magic 2 only).
    ///
    /// Checks: exactly one batch filling `records`; magic 2; sane `batchLength`; CRC-32C; a known codec; every
    /// record parses; `recordCount` matches the records; offsets run 0…count-1 with `lastOffsetDelta` =
    /// count - 1; no control batch; a base sequence when there is a producer id. Timestamps: every record's
    /// `baseTimestamp + timestampDelta` fits in an Int64; with a `timestampPolicy`, every record lies within its
    /// `maxDifferenceMs` of `nowMs`. A CreateTime header whose `maxTimestamp` is not the largest record timestamp
    /// is not refused — Kafka rewrites it (older clients, sarama among them, leave it unset); the caller does so
    /// with `RecordBatch.setMaxTimestamp` before the time index trusts it.
    /// - Parameters:
    ///   - decompressionLimit: the most bytes a compressed payload may inflate to (see `RecordCompression`).
    ///   - timestampPolicy: the clock check for CreateTime topics; nil skips it (LogAppendTime topics, where the
    ///     broker replaces the timestamps).
    /// - Throws: a `RecordBatchError`; its `kafkaErrorCode` is the partition's produce error.
    public static func validateProduce(
        _ records: ByteBuffer, decompressionLimit: Int = RecordCompression.defaultDecompressionLimit,
        timestampPolicy: ProduceTimestampPolicy? = nil
    ) throws(RecordBatchError) -> RecordBatchSummary {
        let batch: RecordBatch
        switch RecordBatch.frame(records, at: records.readerIndex, verifyingChecksum: true) {
        case .complete(let header):
            let bytes = records.getSlice(at: records.readerIndex, length: header.totalSize)!
            batch = RecordBatch(header: header, bytes: bytes)
        case .partial(let needed):
            if records.readableBytes == 0 { throw .notExactlyOneBatch(0) }
            throw .truncated(needed: needed, available: records.readableBytes)
        case .corrupt(let error):
            throw error
        }
        if batch.header.totalSize != records.readableBytes {
            var batches = RecordBatchSequence(records, verifyingChecksums: false)
            var count = 0
            while case .batch = batches.next() { count += 1 }
            throw .notExactlyOneBatch(max(count, 2))
        }
        let header = batch.header
        if header.isControl { throw .controlBatchFromClient }
        if header.hasProducerID && header.baseSequence < 0 { throw .invalidSequence(header.baseSequence) }
        guard header.recordCount > 0 else {
            throw .inconsistentOffsets("invalid record count \(header.recordCount)")
        }
        guard Int64(header.lastOffsetDelta) + 1 == Int64(header.recordCount) else {
            throw .inconsistentOffsets(
                "lastOffsetDelta \(header.lastOffsetDelta) does not match record count \(header.recordCount)")
        }
        let summary = try summarize(batch, requireSequentialOffsets: true, decompressionLimit: decompressionLimit)
        try checkTimestamps(summary, policy: timestampPolicy)
        return summary
    }

    private static func checkTimestamps(
        _ summary: RecordBatchSummary, policy: ProduceTimestampPolicy?
    ) throws(RecordBatchError) {
        guard let policy, policy.maxDifferenceMs < .max else { return }
        // -1 is "no timestamp" (what a magic 0 message converts to), which Kafka's LogValidator does not check.
        for timestamp in [summary.minTimestamp, summary.maxTimestamp] where timestamp != -1 {
            let (distance, overflow) = timestamp.subtractingReportingOverflow(policy.nowMs)
            if overflow || distance.magnitude > UInt64(max(policy.maxDifferenceMs, 0)) {
                throw .invalidTimestamp(
                    "timestamp \(timestamp) is out of range: more than \(policy.maxDifferenceMs) ms from \(policy.nowMs)")
            }
        }
    }

    /// Validates the records of an already framed batch (from a replica fetch, a log, a fetch response):
    /// they parse and match the declared count. Empty batches (left by compaction) are fine.
    /// - Throws: `.unsupportedCompression`, `.decompressionFailed`, `.decompressedSizeExceedsLimit`,
    ///   `.malformedRecord`, `.recordCountMismatch`.
    public static func validate(
        _ batch: RecordBatch, decompressionLimit: Int = RecordCompression.defaultDecompressionLimit
    ) throws(RecordBatchError) -> RecordBatchSummary {
        try summarize(batch, requireSequentialOffsets: false, decompressionLimit: decompressionLimit)
    }

    private static func summarize(
        _ batch: RecordBatch, requireSequentialOffsets: Bool, decompressionLimit: Int
    ) throws(RecordBatchError) -> RecordBatchSummary {
        let header = batch.header
        // For `.none` this is a slice of the batch, not a copy.
        let payload = try batch.recordsPayload(decompressionLimit: decompressionLimit)
        let walk = payload.withUnsafeReadableBytes { bytes in
            walkRecords(bytes, header: header, requireSequentialOffsets: requireSequentialOffsets)
        }
        var summary = try walk.get()
        summary.uncompressedRecordsSize = payload.readableBytes
        return summary
    }

    private static func walkRecords(
        _ bytes: UnsafeRawBufferPointer, header: RecordBatchHeader, requireSequentialOffsets: Bool
    ) -> Result<RecordBatchSummary, RecordBatchError> {
        var summary = RecordBatchSummary(
            header: header, recordCount: 0, minTimestamp: header.baseTimestamp, maxTimestamp: header.maxTimestamp,
            keylessRecordIndexes: [], uncompressedRecordsSize: bytes.count)
        let declared = Int(max(header.recordCount, 0))
        var reader = RawReader(bytes)
        var count = 0
        var minTimestamp = Int64.max
        var maxTimestamp = Int64.min
        while reader.remaining > 0 {
            guard count < declared else {
                // More bytes than declared records: count what is there for the message.
                var extra = 0
                while reader.remaining > 0, (try? RecordLayout.parse(&reader)) != nil { extra += 1 }
                return .failure(.recordCountMismatch(declared: header.recordCount, actual: count + extra))
            }
            let layout: RecordLayout
            do throws(RawReader.Failure) {
                layout = try RecordLayout.parse(&reader)
            } catch {
                return .failure(.malformedRecord(index: count, reason: error.reason))
            }
            if requireSequentialOffsets && layout.offsetDelta != Int32(truncatingIfNeeded: count) {
                return .failure(.inconsistentOffsets("record \(count) has offset delta \(layout.offsetDelta)"))
            }
            // A produced batch must not overflow (Kafka's LogValidator refuses it); batches from elsewhere are
            // only summarised, wrapping as Java's long arithmetic does.
            let (timestamp, overflow) = header.baseTimestamp.addingReportingOverflow(layout.timestampDelta)
            if overflow && requireSequentialOffsets {
                return .failure(.invalidTimestamp(
                    "record \(count): base timestamp \(header.baseTimestamp) + delta \(layout.timestampDelta) overflows"))
            }
            minTimestamp = min(minTimestamp, timestamp)
            maxTimestamp = max(maxTimestamp, timestamp)
            if layout.key == nil { summary.keylessRecordIndexes.append(count) }
            count += 1
        }
        guard count == Int(header.recordCount) else {
            return .failure(.recordCountMismatch(declared: header.recordCount, actual: count))
        }
        summary.recordCount = count
        if count > 0 {
            summary.minTimestamp = minTimestamp
            summary.maxTimestamp = maxTimestamp
        }
        return .success(summary)
    }
}
