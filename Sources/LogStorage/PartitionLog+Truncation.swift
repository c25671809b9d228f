import KafkaModel
import KafkaRecords

extension PartitionLog {
    /// Removes everything at and after `offset`, across segments (a follower diverged from its leader).
    /// Truncation happens at batch boundaries: when `offset` falls inside a batch the whole batch goes,
    /// and the new log end offset is that batch's base offset. Epochs starting at or after the new end are
    /// forgotten. Truncating at or below the first segment empties the log and restarts it at `offset`.
    /// - Throws: `LogStorageError.io`, `.logClosed`.
    public func truncate(to offset: Offset) throws {
        guard offset < logEndOffset else { return }  // nothing to cut: leave a cleaning pass alone
        cleaning.abortAndPause(truncatingTo: offset.rawValue)
        defer { cleaning.resume() }
        try mutate {
            let view = snapshot()
            guard offset.rawValue < view.logEnd else { return }
            guard offset.rawValue > view.segments[0].baseOffset, offset.rawValue > view.logStart else {
                return try truncateFullyLocked(startingAt: offset.rawValue)
            }
            let keepCount = Self.segmentIndex(holding: offset.rawValue, in: view.segments) + 1
            let doomed = view.segments[keepCount...]
            let target = view.segments[keepCount - 1]
            let cut = try batchBoundary(in: target, atOrBefore: offset.rawValue)
            stateLock.withLock { segments.removeSubrange(keepCount...) }
            for segment in doomed.reversed() { try segment.delete() }
            if !target.isActive { try target.activate() }
            try target.truncate(toPosition: cut.position, config: config)
            // The cut must survive a crash, or recovery could bring back batches the leader does not have
            // (closing the log does not fsync again).
            try target.flush()
            let newEnd = cut.baseOffset
            stateLock.withLock {
                nextOffset = newEnd
                recoveryPointOffset = min(recoveryPointOffset, newEnd)
                truncations += 1
            }
            // On disk at once: a stale higher recovery point would let a crash trust the new, unflushed tail.
            try writeCheckpoint(persistNow: true)
            try leaderEpochCache.truncateFromEnd(Offset(newEnd))
            try trimTransactionIndexes(below: newEnd)
            try removeSnapshots(after: newEnd)
            logger.info("Truncated \(topicPartition) to offset \(newEnd)", metadata: ["requested": "\(offset)"])
        }
    }

    /// Empties the log and restarts it at `offset` (a follower whose leader's log starts past ours).
    public func truncateFully(startingAt offset: Offset) throws {
        cleaning.abortAndPause(truncatingTo: offset.rawValue)
        defer { cleaning.resume() }
        try mutate {
            try truncateFullyLocked(startingAt: offset.rawValue)
        }
    }

    private func truncateFullyLocked(startingAt offset: Int64) throws {
        let old = stateLock.withLock { segments }
        for segment in old { try segment.delete() }
        let fresh = try LogSegment.create(in: directory, baseOffset: offset, cache: fileCache, config: config)
        stateLock.withLock {
            segments = [fresh]
            nextOffset = offset
            startOffset = offset
            recoveryPointOffset = offset
            truncations += 1
            segmentsCreated += 1
        }
        try writeCheckpoint(persistNow: true)
        try leaderEpochCache.clear()
        stateLock.withLock { abortedTransactionList = [] }
        try removeSnapshots(after: offset - 1)
        logger.info("Emptied \(topicPartition), restarting at offset \(offset)")
    }

    /// The byte position and base offset of the first batch in `segment` whose last offset is ≥ `offset`,
    /// or the segment's end and next offset when there is none.
    private func batchBoundary(in segment: LogSegment, atOrBefore offset: Int64) throws
        -> (position: Int64, baseOffset: Int64)
    {
        let end = segment.size
        let start = try segment.position(atOrBefore: offset)
        var reader = BatchReader(file: try segment.file(), from: start, end: end, chunkSize: 16 * 1024)
        var next = segment.baseOffset
        while case let .batch(position, header) = try reader.next(validatingChecksum: false) {
            if header.lastOffset >= offset { return (position, header.baseOffset) }
            next = header.nextOffset
        }
        return (end, next)
    }

    /// Advances the log start offset to `offset` (DeleteRecords) and deletes segments wholly below it.
    /// - Returns: the new log start offset.
    /// - Throws: `LogStorageError.invalidDeleteOffset` past the log end offset, `.io`, `.logClosed`.
    @discardableResult
    public func deleteRecords(before offset: Offset) throws -> Offset {
        try mutate {
            let view = snapshot()
            guard offset.rawValue <= view.logEnd else {
                throw LogStorageError.invalidDeleteOffset(requested: offset, logEndOffset: Offset(view.logEnd))
            }
            guard offset.rawValue > view.logStart else { return Offset(view.logStart) }
            stateLock.withLock { startOffset = offset.rawValue }
            // On disk at once: deleted records must not come back after a crash (retention, below, need not:
            // recovery derives its start offset from the first remaining segment).
            try writeCheckpoint(persistNow: true)
            try leaderEpochCache.truncateFromStart(offset)
            try deleteSegmentsLocked { segment, nextBase in nextBase <= offset.rawValue }
            return offset
        }
    }

    /// Deletes the longest prefix of inactive segments for which `shouldDelete(segment, nextBaseOffset)`
    /// holds, then moves the log start offset to the first remaining segment if it was below.
    /// Caller holds `writeLock`. Returns the deleted segments' total size.
    @discardableResult
    func deleteSegmentsLocked(_ shouldDelete: (LogSegment, Int64) throws -> Bool) throws -> (count: Int, bytes: Int64) {
        let all = stateLock.withLock { segments }
        var doomed = 0
        while doomed < all.count - 1, try shouldDelete(all[doomed], all[doomed + 1].baseOffset) { doomed += 1 }
        guard doomed > 0 else { return (0, 0) }
        let newStart = stateLock.withLock { () -> Int64 in
            segments.removeFirst(doomed)
            startOffset = max(startOffset, segments[0].baseOffset)
            // An entry lives in the segment holding its marker, and goes with it.
            let firstBase = segments[0].baseOffset
            abortedTransactionList.removeAll { $0.lastOffset.rawValue < firstBase }
            return startOffset
        }
        try writeCheckpoint()
        try leaderEpochCache.truncateFromStart(Offset(newStart))
        var bytes: Int64 = 0
        for segment in all[..<doomed] {
            bytes += segment.size
            try segment.delete()
        }
        return (doomed, bytes)
    }
}
