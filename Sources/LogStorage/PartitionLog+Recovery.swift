import KafkaModel
import Logging

extension PartitionLog {
    /// Loads the segments found in the directory and repairs what a crash may have left.
    ///
    /// Segments that lie wholly below the recovery point were fsynced and are trusted (their indexes load
    /// lazily, and are rebuilt if missing or inconsistent). From the segment holding the recovery point on,
    /// every batch is read back: header checked, CRC-32C checked for batches at or past the recovery point,
    /// indexes rebuilt. The first torn or invalid batch ends the log: its segment is cut there and any later
    /// segments are deleted, each with a warning saying what went. A cleaner swap cut short by a crash is
    /// completed or discarded first (`SegmentSwapRecovery`). Caller: `init` only.
    func recover() throws {
        try SegmentSwapRecovery.run(in: directory, logger: logger)
        let config = currentConfig
        var baseOffsets: [Int64] = []
        for name in try FileIO.list(directory) {
            let path = directory + "/" + name
            if name.hasSuffix(".tmp") || name.hasSuffix(".deleted") {
                try FileIO.remove(path)
            } else if name.hasSuffix(".log"), let base = Self.baseOffset(fromFileName: name, suffix: ".log") {
                baseOffsets.append(base)
            }
        }
        baseOffsets.sort()
        let known = Set(baseOffsets)
        for name in try FileIO.list(directory) {
            let base = Self.baseOffset(fromFileName: name, suffix: ".index")
                ?? Self.baseOffset(fromFileName: name, suffix: ".timeindex")
                ?? Self.baseOffset(fromFileName: name, suffix: ".txnindex")
            if let base, !known.contains(base) { try FileIO.remove(directory + "/" + name) }
        }

        // The directory's checkpoint files; for a log they do not mention, the per-partition file that earlier
        // versions wrote (deleted by the log manager once the directory's files hold this log).
        var (restoredPoint, restoredStart) = directoryCheckpoint.restored(for: topicPartition)
        if restoredPoint == nil, restoredStart == nil {
            do {
                if let legacy = try PartitionCheckpoint.read(from: directory) {
                    (restoredPoint, restoredStart) = (legacy.recoveryPoint, legacy.logStartOffset)
                }
            } catch {
                logger.warning("Ignoring unreadable checkpoint of \(topicPartition): \(error); recovering all segments")
            }
        }
        let hadCheckpoint = restoredPoint != nil || restoredStart != nil
        let recoveryPoint = restoredPoint ?? 0
        var logStart = restoredStart ?? baseOffsets.first ?? 0

        var loaded = try baseOffsets.map {
            try LogSegment.existing(in: directory, baseOffset: $0, cache: fileCache, config: config)
        }
        var logEnd = loaded.first?.baseOffset ?? logStart
        // A torn epoch checkpoint is rebuilt from every batch, so every segment is read.
        if let reason = leaderEpochCache.unreadableReason {
            logger.warning("Rebuilding the leader epochs of \(topicPartition) from its log",
                           metadata: ["reason": "\(reason)"])
        }
        let rebuildAllEpochs = leaderEpochCache.unreadableReason != nil
        let firstUnsafe = loaded.indices.first { index in
            rebuildAllEpochs || index == loaded.count - 1 || loaded[index + 1].baseOffset > recoveryPoint
        }
        if let firstUnsafe {
            var index = firstUnsafe
            while index < loaded.count {
                let segment = loaded[index]
                if index == loaded.count - 1 { try segment.activate() }
                let result = try segment.scan(checksumsFromOffset: recoveryPoint, config: config,
                                              truncateInvalidTail: true)
                logEnd = result.nextOffset ?? segment.baseOffset
                // Epochs the checkpoint lost (replaced but not yet fsynced before the crash) come back from
                // the batches: only newer epochs are added, so entries without data stay as they were.
                for start in result.epochStarts where leaderEpochCache.latestEpoch.map({ $0 < start.epoch }) ?? true {
                    try leaderEpochCache.assign(epoch: start.epoch, startOffset: start.startOffset)
                }
                if let reason = result.reason {
                    logger.warning(
                        "Truncated corrupt or torn tail of \(topicPartition)",
                        metadata: [
                            "segment": "\(segment.logPath)", "reason": "\(reason)",
                            "truncatedAtByte": "\(result.validBytes)", "truncatedBytes": "\(result.truncatedBytes)",
                            "newLogEndOffset": "\(logEnd)",
                        ])
                    for later in loaded[(index + 1)...] {
                        logger.warning(
                            "Deleted segment after a corrupt batch of \(topicPartition)",
                            metadata: ["segment": "\(later.logPath)", "bytes": "\(later.size)",
                                       "baseOffset": "\(later.baseOffset)"])
                        try later.delete()
                    }
                    loaded.removeSubrange((index + 1)...)
                    if !segment.isActive { try segment.activate() }
                }
                // Make what was rescanned durable, so the recovery point can move to the end. After a clean
                // shutdown nothing lies past the recovery point and start-up costs no fsync.
                if result.reason != nil || (result.nextOffset ?? segment.baseOffset) > recoveryPoint {
                    try segment.flush()
                }
                index += 1
            }
            // Records past the recovery point were checked batch by batch: the log was not shut down cleanly.
            if logEnd > recoveryPoint || rebuildAllEpochs {
                logger.info("Recovered \(topicPartition) past its recovery point", metadata: [
                    "recoveryPoint": "\(recoveryPoint)", "logEndOffset": "\(logEnd)",
                    "segmentsScanned": "\(index - firstUnsafe)"])
            }
        }
        if loaded.isEmpty {
            loaded = [try LogSegment.create(in: directory, baseOffset: logStart, cache: fileCache, config: config)]
            logEnd = logStart
        }
        logStart = max(logStart, loaded[0].baseOffset)
        if logStart > logEnd {
            // deleteRecords went past what survived: nothing below the start offset may be served anyway.
            logger.warning("Log start offset \(logStart) of \(topicPartition) is past its end \(logEnd); emptying it")
            for segment in loaded { try segment.delete() }
            loaded = [try LogSegment.create(in: directory, baseOffset: logStart, cache: fileCache, config: config)]
            logEnd = logStart
        }
        stateLock.withLock {
            segments = loaded
            nextOffset = logEnd
            startOffset = logStart
            recoveryPointOffset = logEnd
        }
        try leaderEpochCache.truncateFromEnd(Offset(logEnd))
        try leaderEpochCache.truncateFromStart(Offset(logStart))
        try leaderEpochCache.flush()  // the recovery point is now the log end
        loadTransactionIndexes()
        try removeSnapshots(after: logEnd)
        if !hadCheckpoint, logEnd == 0, logStart == 0 {
            // A new (or never flushed, empty) log: nothing to make durable until its first flush.
            stateLock.withLock { directoryNeedsSync = true }
        }
        // Written with the directory's files (by the log manager once every log is loaded), or now for a lone log.
        try writeCheckpoint()
    }

    /// Parses `<20 digits><suffix>`.
    static func baseOffset(fromFileName name: String, suffix: String) -> Int64? {
        guard name.hasSuffix(suffix) else { return nil }
        let digits = name.dropLast(suffix.count)
        guard digits.count == 20, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return Int64(digits)
    }
}
