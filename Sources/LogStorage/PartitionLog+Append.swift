import KafkaModel
import KafkaRecords
import NIOCore

/// What an append did.
public struct AppendResult: Hashable, Sendable {
    /// Offset of the first record appended.
    public var firstOffset: Offset
    /// Offset of the last record appended.
    public var lastOffset: Offset
    /// The broker time stamped on the batches with LogAppendTime, -1 with CreateTime.
    public var logAppendTime: Int64
    /// The log start offset after the append (Produce responses carry it).
    public var logStartOffset: Offset
    /// Bytes written.
    public var byteCount: Int
}

extension PartitionLog {
    /// Appends batches received by the leader: assigns offsets from the log end offset by overwriting each
    /// batch's `baseOffset`, stamps `partitionLeaderEpoch` (neither is covered by the CRC), and with
    /// `message.timestamp.type=LogAppendTime` sets the LogAppendTime attribute and max timestamp to now
    /// (then recomputes the CRC).
    /// - Parameters:
    ///   - batches: one or more complete magic-2 record batches, back to back.
    ///   - leaderEpoch: the epoch of this leader, stamped on every batch.
    ///   - checksumsVerified: the caller already checked every batch's CRC (the produce path validates each
    ///     batch before it gets here), so the log does not make a second pass over the bytes.
    /// - Returns: the offsets assigned.
    /// - Throws: `LogStorageError.corruptRecords`, `.unsupportedMagic`, `.recordBatchTooLarge`, `.io`, `.logClosed`.
    @discardableResult
    public func append(_ batches: consuming ByteBuffer, leaderEpoch: LeaderEpoch,
                       checksumsVerified: Bool = false) throws -> AppendResult {
        var buffer = batches
        return try mutate {
            let config = self.config
            var headers = try validate(buffer, config: config, verifyingChecksums: !checksumsVerified)
            // Kafka's LogValidator: a producer's batch must hold exactly lastOffsetDelta + 1 records.
            for entry in headers where entry.header.recordCount != entry.header.lastOffsetDelta + 1 {
                throw LogStorageError.corruptRecords(
                    reason: "\(entry.header.recordCount) records but last offset delta \(entry.header.lastOffsetDelta)")
            }
            let now = clock()
            let appendTime = config.messageTimestampType == .logAppendTime ? now : -1
            var next = stateLock.withLock { nextOffset }
            for index in headers.indices {
                let position = headers[index].position
                buffer.setInteger(next, at: position)
                buffer.setInteger(leaderEpoch.rawValue, at: position + 12)
                headers[index].header.baseOffset = next
                guard headers[index].header.hasValidOffsetRange else {
                    throw LogStorageError.corruptRecords(
                        reason: "last offset delta \(headers[index].header.lastOffsetDelta) from \(next) overflows")
                }
                headers[index].header.partitionLeaderEpoch = leaderEpoch.rawValue
                if appendTime >= 0 {
                    stampLogAppendTime(appendTime, in: &buffer, at: position, header: &headers[index].header)
                }
                next = headers[index].header.nextOffset
            }
            return try write(buffer, headers: headers, now: now, appendTime: appendTime)
        }
    }

    /// Appends batches fetched from the leader, keeping their offsets; each must start at or after the end of
    /// the one before (the first: at or after the log end offset). Gaps are normal: the leader's cleaner removes
    /// whole batches of a compacted topic, and Kafka's followers only require increasing offsets.
    /// - Throws: `LogStorageError.nonContiguousAppend` and the errors of `append`.
    @discardableResult
    public func appendAsFollower(_ batches: ByteBuffer) throws -> AppendResult {
        try mutate {
            let headers = try validate(batches, config: config)
            var expected = stateLock.withLock { nextOffset }
            for entry in headers {
                guard entry.header.hasValidOffsetRange else {
                    throw LogStorageError.corruptRecords(
                        reason: "batch offsets \(entry.header.baseOffset) + \(entry.header.lastOffsetDelta) out of range")
                }
                guard entry.header.baseOffset >= expected else {
                    throw LogStorageError.nonContiguousAppend(expected: Offset(expected), found: Offset(entry.header.baseOffset))
                }
                expected = entry.header.nextOffset
            }
            return try write(batches, headers: headers, now: clock(), appendTime: -1)
        }
    }

    /// Checks that `buffer` holds only whole, valid magic-2 batches. Returns each header and its index.
    func validate(_ buffer: ByteBuffer, config: LogConfig, verifyingChecksums: Bool = true) throws -> [(position: Int, header: RecordBatchHeader)] {
        var result: [(position: Int, header: RecordBatchHeader)] = []
        var position = buffer.readerIndex
        let limit = min(config.maxMessageBytes, config.segmentBytes)
        while position < buffer.writerIndex {
            guard let header = RecordBatchHeader(from: buffer, at: position) else {
                throw LogStorageError.corruptRecords(reason: "incomplete batch header at byte \(position - buffer.readerIndex)")
            }
            guard header.magic == 2 else { throw LogStorageError.unsupportedMagic(header.magic) }
            guard header.batchLength >= Int32(RecordBatchHeader.size - RecordBatchHeader.logOverhead),
                position + header.totalSize <= buffer.writerIndex
            else {
                throw LogStorageError.corruptRecords(reason: "batch length \(header.batchLength) does not fit")
            }
            guard header.totalSize <= limit else {
                throw LogStorageError.recordBatchTooLarge(size: header.totalSize, limit: limit)
            }
            guard header.lastOffsetDelta >= 0, header.recordCount >= 0 else {
                throw LogStorageError.corruptRecords(reason: "negative last offset delta or record count")
            }
            guard !verifyingChecksums || header.hasValidChecksum(in: buffer, at: position) else {
                throw LogStorageError.corruptRecords(reason: "CRC mismatch")
            }
            result.append((position, header))
            position += header.totalSize
        }
        guard !result.isEmpty else { throw LogStorageError.corruptRecords(reason: "no record batch") }
        return result
    }

    /// Sets the LogAppendTime attribute and max timestamp, then recomputes the CRC.
    private func stampLogAppendTime(_ time: Int64, in buffer: inout ByteBuffer, at position: Int,
                                    header: inout RecordBatchHeader) {
        header.attributes |= 0x8
        header.maxTimestamp = time
        buffer.setInteger(header.attributes, at: position + RecordBatchHeader.attributesOffset)
        buffer.setInteger(time, at: position + 35)
        let start = position + RecordBatchHeader.attributesOffset
        let crc = buffer.withUnsafeReadableBytes { raw in
            CRC32CChecksum.compute(UnsafeRawBufferPointer(rebasing:
                raw[(start - buffer.readerIndex)..<(position + header.totalSize - buffer.readerIndex)]))
        }
        header.crc = crc
        buffer.setInteger(crc, at: position + RecordBatchHeader.crcOffset)
    }

    /// Rolls if needed, writes, publishes the new end offset, records new epochs, applies `flush.messages`.
    /// Caller holds `writeLock`.
    private func write(_ buffer: ByteBuffer, headers: [(position: Int, header: RecordBatchHeader)], now: Int64,
                       appendTime: Int64) throws -> AppendResult {
        let config = self.config
        let first = headers.first!.header, last = headers.last!.header
        let active = try maybeRoll(incomingBytes: buffer.readableBytes, lastOffset: last.lastOffset, now: now,
                                   config: config)
        let batches = headers.map {
            LogSegment.AppendedBatch(baseOffset: $0.header.baseOffset, lastOffset: $0.header.lastOffset,
                                     maxTimestamp: $0.header.maxTimestamp, size: $0.header.totalSize)
        }
        try active.append(buffer, batches: batches, config: config, now: now)
        let (logStart, unflushed) = stateLock.withLock { () -> (Int64, Int64) in
            nextOffset = last.nextOffset
            return (startOffset, nextOffset - recoveryPointOffset)
        }
        for entry in headers where entry.header.partitionLeaderEpoch >= 0 {
            let epoch = LeaderEpoch(entry.header.partitionLeaderEpoch)
            if leaderEpochCache.latestEpoch.map({ $0 < epoch }) ?? true {
                try leaderEpochCache.assign(epoch: epoch, startOffset: Offset(entry.header.baseOffset))
            }
        }
        if firstUnflushedAppendTime == nil { firstUnflushedAppendTime = now }
        if unflushed >= config.flushMessages { try flushLocked() }
        return AppendResult(firstOffset: Offset(first.baseOffset), lastOffset: Offset(last.lastOffset),
                            logAppendTime: appendTime, logStartOffset: Offset(logStart),
                            byteCount: buffer.readableBytes)
    }

    /// Starts a new active segment when the current one is full, too old, has a full index, or could not
    /// express `lastOffset` as a 32-bit relative offset. Caller holds `writeLock`.
    func maybeRoll(incomingBytes: Int, lastOffset: Int64, now: Int64, config: LogConfig) throws -> LogSegment {
        let (active, end) = stateLock.withLock { (segments.last!, nextOffset) }
        let size = active.size
        guard size > 0 else { return active }
        let tooBig = size + Int64(incomingBytes) > Int64(config.segmentBytes)
        let tooOld = active.rollingTimestamp.map { now - $0 > config.segmentMs } ?? false
        let offsetOverflow = lastOffset - active.baseOffset > Int64(Int32.max)
        guard tooBig || tooOld || offsetOverflow || active.indexesFull(config: config) else { return active }
        return try roll(at: end, config: config)
    }

    /// Seals the active segment and starts a new one at `offset`; the sealed segment is fsynced in the
    /// background (`scheduleFlush`), which moves the recovery point once it is durable. Caller holds `writeLock`.
    @discardableResult
    func roll(at offset: Int64, config: LogConfig) throws -> LogSegment {
        let old = stateLock.withLock { segments.last! }
        try old.seal(sync: false)
        let fresh = try LogSegment.create(in: directory, baseOffset: offset, cache: fileCache, config: config)
        stateLock.withLock {
            segments.append(fresh)
            segmentsCreated += 1
        }
        try scheduleFlush(upTo: offset)
        return fresh
    }

    /// Rolls the active segment now if it holds anything (used by tests and by retention of an expired
    /// active segment).
    public func roll() throws {
        try mutate {
            let (active, end) = stateLock.withLock { (segments.last!, nextOffset) }
            if active.size > 0 { try roll(at: end, config: config) }
        }
    }
}
