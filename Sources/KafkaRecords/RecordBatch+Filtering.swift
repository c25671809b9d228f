import NIOCore

/// What the log cleaner sees of one record: enough to decide whether it stays, without materialising it.
public struct RecordView {
    /// Absolute offset: the batch's base offset plus the record's offset delta (wrapping, as Java's long
    /// arithmetic does: the bytes come from disk and may hold anything).
    public let offset: Int64
    /// Absolute timestamp: base timestamp plus delta, or the batch's max timestamp with LogAppendTime.
    public let timestamp: Int64
    /// The key bytes, nil for a null key. Valid only inside the callback that received the view.
    public let key: UnsafeRawBufferPointer?
    /// False for a null value: a tombstone.
    public let hasValue: Bool
}

/// What `RecordBatch.writeFiltered` wrote.
public struct FilteredBatch: Equatable, Sendable {
    public enum Outcome: Equatable, Sendable {
        /// Every record was kept and nothing needed changing: the batch was copied byte for byte.
        case unchanged
        /// A new batch was written with the kept records.
        case rewritten
        /// No record was kept, and the header was kept alone (an empty batch) as asked.
        case emptied
        /// No record was kept: nothing was written.
        case dropped
    }

    public var outcome: Outcome
    /// Records kept, and records in the batch.
    public var kept: Int
    public var total: Int
    /// The delete horizon of the batch written when it keeps a tombstone, nil when it keeps none.
    public var tombstoneHorizonMs: Int64?
}

extension RecordBatchHeader {
    /// Attribute bit 6 (KIP-534): the base timestamp holds the batch's delete horizon, the time after which the
    /// cleaner may remove its tombstones; record timestamps stay base timestamp + delta.
    public static let deleteHorizonFlag: Int16 = 0x40

    /// The delete horizon the cleaner stamped on the batch (KIP-534), nil when none.
    public var deleteHorizonMs: Int64? { attributes & Self.deleteHorizonFlag != 0 ? baseTimestamp : nil }
}

extension RecordBatch {
    /// Calls `body` with every record of the batch, in order.
    /// - Throws: what `recordsPayload` throws, `.malformedRecord`, `.recordCountMismatch`.
    public func forEachRecord(decompressionLimit: Int = RecordCompression.defaultDecompressionLimit,
                              _ body: (RecordView) -> Void) throws(RecordBatchError) {
        let payload = try recordsPayload(decompressionLimit: decompressionLimit)
        try Self.walk(payload, header: header) { view, _, _ in body(view) }
    }

    /// Writes to `output` this batch holding only the records `keep` selects — the log cleaner's rewrite, as
    /// Kafka's `MemoryRecords.filterTo` does it for magic 2:
    /// - all kept, nothing to stamp: the batch is copied unchanged;
    /// - otherwise a new batch with the original base offset, last offset delta (so the producer's last sequence
    ///   survives), partition leader epoch, attributes and producer id, epoch and base sequence; the kept records
    ///   unchanged but for their timestamp deltas when the base timestamp changes; compressed again with the
    ///   batch's codec; record count, max timestamp (CreateTime: the largest kept record's) and CRC-32C recomputed.
    ///   A batch keeping a tombstone and without a delete horizon gets `deleteHorizonMs` (KIP-534): attribute bit
    ///   6 set and the base timestamp set to the horizon, each record's delta rebased so its timestamp is unchanged;
    /// - none kept: with `keepEmpty`, only a header (Kafka's empty batch: no compression, record count 0, both
    ///   timestamps the batch's max timestamp), so the producer's sequence state survives; otherwise nothing.
    /// - Throws: what `recordsPayload` throws, `.malformedRecord`, `.recordCountMismatch`, `.compressionFailed`.
    @discardableResult
    public func writeFiltered(into output: inout ByteBuffer, keepEmpty: Bool, deleteHorizonMs: Int64? = nil,
                              decompressionLimit: Int = RecordCompression.defaultDecompressionLimit,
                              _ keep: (RecordView) -> Bool) throws(RecordBatchError) -> FilteredBatch {
        let payload = try recordsPayload(decompressionLimit: decompressionLimit)
        var kept: [(span: Range<Int>, timestamp: Int64)] = []
        var total = 0
        var keptTombstone = false
        var maxTimestamp = Int64.min
        try Self.walk(payload, header: header) { view, span, timestampDelta in
            total += 1
            guard keep(view) else { return }
            kept.append((span, header.baseTimestamp &+ timestampDelta))
            if !view.hasValue { keptTombstone = true }
            maxTimestamp = Swift.max(maxTimestamp, view.timestamp)
        }
        let stamp = keptTombstone && header.deleteHorizonMs == nil ? deleteHorizonMs : nil
        let horizon = keptTombstone ? stamp ?? header.deleteHorizonMs : nil
        if kept.count == total && stamp == nil {
            var copy = bytes
            output.writeBuffer(&copy)
            return FilteredBatch(outcome: .unchanged, kept: total, total: total, tombstoneHorizonMs: horizon)
        }
        if kept.isEmpty {
            guard keepEmpty else { return FilteredBatch(outcome: .dropped, kept: 0, total: total) }
            writeEmptyHeader(into: &output)
            return FilteredBatch(outcome: .emptied, kept: 0, total: total)
        }
        var rewritten = header
        rewritten.recordCount = Int32(kept.count)
        if !header.isLogAppendTime { rewritten.maxTimestamp = maxTimestamp }
        if let stamp {
            rewritten.attributes |= RecordBatchHeader.deleteHorizonFlag
            rewritten.baseTimestamp = stamp
        }
        var records = ByteBufferAllocator().buffer(capacity: kept.reduce(0) { $0 + $1.span.count } + 16)
        payload.withUnsafeReadableBytes { raw in
            for record in kept {
                let bytes = UnsafeRawBufferPointer(rebasing: raw[record.span])
                if stamp == nil {
                    records.writeBytes(bytes)
                } else {
                    Self.rewrite(bytes, timestampDelta: record.timestamp &- rewritten.baseTimestamp, into: &records)
                }
            }
        }
        let start = output.writerIndex
        Self.writeHeader(rewritten, into: &output)
        try Self.finish(records: records, codec: header.compression ?? .none, in: &output, batchStart: start)
        return FilteredBatch(outcome: .rewritten, kept: kept.count, total: total, tombstoneHorizonMs: horizon)
    }

    /// Kafka's `DefaultRecordBatch.writeEmptyHeader`: the batch's offsets and producer fields, no records.
    private func writeEmptyHeader(into output: inout ByteBuffer) {
        let start = output.writerIndex
        var empty = header
        empty.attributes = header.attributes & ~0x7 & ~RecordBatchHeader.deleteHorizonFlag  // no compression
        empty.baseTimestamp = header.maxTimestamp
        empty.recordCount = 0
        empty.batchLength = Int32(RecordBatchHeader.size - RecordBatchHeader.logOverhead)
        Self.writeHeader(empty, into: &output)
        RecordBatch.updateChecksum(in: &output, at: start)
    }

    /// Writes the 61 header bytes of `header` (CRC and batch length as given; the caller fixes them).
    private static func writeHeader(_ header: RecordBatchHeader, into output: inout ByteBuffer) {
        output.writeInteger(header.baseOffset)
        output.writeInteger(header.batchLength)
        output.writeInteger(header.partitionLeaderEpoch)
        output.writeInteger(header.magic)
        output.writeInteger(header.crc)
        output.writeInteger(header.attributes)
        output.writeInteger(header.lastOffsetDelta)
        output.writeInteger(header.baseTimestamp)
        output.writeInteger(header.maxTimestamp)
        output.writeInteger(header.producerID)
        output.writeInteger(header.producerEpoch)
        output.writeInteger(header.baseSequence)
        output.writeInteger(header.recordCount)
    }

    /// Writes the (validated) record `bytes` with another timestamp delta: length · attributes · delta · the rest
    /// unchanged.
    private static func rewrite(_ bytes: UnsafeRawBufferPointer, timestampDelta: Int64, into output: inout ByteBuffer) {
        var reader = RawReader(bytes)
        guard (try? reader.varint()) != nil, let attributes = try? reader.byte(), (try? reader.varlong()) != nil else {
            output.writeBytes(bytes)  // cannot happen for a walked record; keep it as it was
            return
        }
        let rest = UnsafeRawBufferPointer(rebasing: bytes[reader.position...])
        let bodySize = 1 + ZigZagVarint.encodedSize(of: timestampDelta) + rest.count
        ZigZagVarint.write(Int32(truncatingIfNeeded: bodySize), to: &output)
        output.writeInteger(attributes)
        ZigZagVarint.write(timestampDelta, to: &output)
        output.writeBytes(rest)
    }

    /// Walks the records of `payload` (the decompressed records part), checking that they parse and match the
    /// declared count; `body` gets each record, its byte range in `payload` and its timestamp delta.
    private static func walk(_ payload: ByteBuffer, header: RecordBatchHeader,
                             _ body: (RecordView, Range<Int>, Int64) -> Void) throws(RecordBatchError) {
        let declared = Int(Swift.max(header.recordCount, 0))
        let outcome = payload.withUnsafeReadableBytes { raw -> RecordBatchError? in
            var reader = RawReader(raw)
            var index = 0
            while reader.remaining > 0 {
                guard index < declared else { return .recordCountMismatch(declared: header.recordCount, actual: index + 1) }
                let start = reader.position
                let layout: RecordLayout
                do throws(RawReader.Failure) {
                    layout = try RecordLayout.parse(&reader)
                } catch {
                    return .malformedRecord(index: index, reason: error.reason)
                }
                let timestamp = header.isLogAppendTime ? header.maxTimestamp : header.baseTimestamp &+ layout.timestampDelta
                let key = layout.key.map { UnsafeRawBufferPointer(rebasing: raw[$0]) }
                body(RecordView(offset: header.baseOffset &+ Int64(layout.offsetDelta), timestamp: timestamp, key: key,
                                hasValue: layout.value != nil),
                     start..<reader.position, layout.timestampDelta)
                index += 1
            }
            return index == declared ? nil : .recordCountMismatch(declared: header.recordCount, actual: index)
        }
        if let outcome { throw outcome }
    }
}
