/// Making appended records durable, and the recovery point that says how far they are.
///
/// A flush is planned, performed and committed. The plan (under `stateLock`) names the segments holding offsets
/// between the recovery point and the target; performing it fsyncs the epoch file, those segments and, when new
/// segment files appeared, the directory; the commit (under `writeLock`) moves the recovery point to the target —
/// unless an fsync failed (never: see `fsyncFailed`) or a truncation happened meanwhile (the target may no longer
/// hold what was fsynced).
///
/// Explicit flushes (`flush.messages`, `flush.ms`, `flush()`, `close()`) do all three under `writeLock`. A roll
/// only hands the sealed segment's flush to the directory's `SegmentFlusher`, which performs it holding no lock of
/// the log, so appends carry on meanwhile; a lone log, without a flusher, flushes inline as before.
extension PartitionLog {
    struct FlushPlan {
        /// The recovery point once committed.
        var target: Int64
        /// Segments holding offsets in [recovery point, target), oldest first.
        var segments: [LogSegment]
        /// New segment files (up to `segmentsCreated`) need their directory entries fsynced.
        var syncsSegmentDirectory: Bool
        var segmentsCreated: Int
        /// A new log: the log directory's entry for it needs fsyncing too.
        var syncsParentDirectory: Bool
        var truncations: Int
    }

    /// What flushing up to `target` takes; nil when there is nothing to do.
    func planFlush(upTo target: Int64) -> FlushPlan? {
        stateLock.withLock {
            guard !isClosed, !fsyncFailed, target > recoveryPointOffset else { return nil }
            var unflushed: [LogSegment] = []
            for (index, segment) in segments.enumerated() where segment.baseOffset < target {
                let end = index + 1 < segments.count ? segments[index + 1].baseOffset : nextOffset
                if end > recoveryPointOffset { unflushed.append(segment) }
            }
            return FlushPlan(target: target, segments: unflushed,
                             syncsSegmentDirectory: segmentsCreated > segmentsCreatedWhenDirectorySynced
                                 || directoryNeedsSync,
                             segmentsCreated: segmentsCreated, syncsParentDirectory: directoryNeedsSync,
                             truncations: truncations)
        }
    }

    /// The fsyncs of a plan; takes no lock of the log. Epochs first: batches below the recovery point are not
    /// rescanned after a crash, so their epochs must be on disk before it moves.
    func performFlush(_ plan: FlushPlan) throws {
        let started = ContinuousClock.now
        defer { LogFlushTiming.record(since: started) }
        do {
            try leaderEpochCache.flush()
            for segment in plan.segments {
                if segment.isActive { try segment.flush() } else { try segment.syncSealedFile() }
            }
        } catch {
            stateLock.withLock { fsyncFailed = true }
            throw error
        }
        if plan.syncsSegmentDirectory { FileIO.syncDirectory(directory) }
        if plan.syncsParentDirectory { FileIO.syncDirectory(FileIO.parentDirectory(of: directory)) }
    }

    /// Moves the recovery point to the plan's target. Caller holds `writeLock`.
    func commitFlush(_ plan: FlushPlan) throws {
        let moved = stateLock.withLock { () -> Bool in
            if plan.syncsSegmentDirectory {
                segmentsCreatedWhenDirectorySynced = max(segmentsCreatedWhenDirectorySynced, plan.segmentsCreated)
            }
            if plan.syncsParentDirectory { directoryNeedsSync = false }
            guard !isClosed, !fsyncFailed, truncations == plan.truncations, plan.target > recoveryPointOffset else {
                return false
            }
            recoveryPointOffset = plan.target
            return true
        }
        if moved { try writeCheckpoint() }
    }

    /// Fsyncs everything appended so far and moves the recovery point to the log end. Caller holds `writeLock`.
    func flushLocked() throws {
        firstUnflushedAppendTime = nil
        guard let plan = planFlush(upTo: stateLock.withLock({ nextOffset })) else { return }
        try performFlush(plan)
        try commitFlush(plan)
    }

    /// After a roll at `offset`: flushes what lies below it, on the directory's flusher (inline for a lone log).
    /// Caller holds `writeLock`.
    func scheduleFlush(upTo offset: Int64) throws {
        guard let flusher else {
            guard let plan = planFlush(upTo: offset) else { return }
            try performFlush(plan)
            return try commitFlush(plan)
        }
        flusher.submit { [self] in flushInBackground(upTo: offset) }
    }

    /// A flush run by the flusher: the fsyncs outside every lock of the log, then a short commit. A failure takes
    /// the log directory offline (through `perform`); the recovery point stays where it was.
    func flushInBackground(upTo target: Int64) {
        do {
            try logDirectory.perform(.write) {
                guard let plan = planFlush(upTo: target) else { return }
                try performFlush(plan)
                try writeLock.withLock { try commitFlush(plan) }
            }
        } catch LogStorageError.logDirectoryOffline {
            return
        } catch {
            logger.error("Background flush of \(topicPartition) failed",
                         metadata: ["upTo": "\(target)", "error": "\(error)"])
        }
    }
}
