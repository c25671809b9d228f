import KafkaModel
import KafkaProtocol
import KafkaRecords
import LogStorage
import NIOCore

/// The follower side of a partition (appending what the leader sent, truncating a divergent tail) and the
/// leader's ISR bookkeeping. Every change checks, under the partition lock, that the replica still has the role
/// and leader epoch the caller acted on: a LeaderAndIsr that arrived meanwhile makes the caller's data stale.
extension Partition {
    /// What became of records fetched from the leader.
    public enum FollowerAppendOutcome: Sendable {
        /// Appended (possibly nothing); `bytes` were written.
        case appended(bytes: Int)
        /// This replica no longer follows at that leader epoch (new leadership, or stopped).
        case fenced
        /// The log end moved since the fetch was sent (a truncation): the records are dropped, fetch again.
        case stale
        case failed(LogStorageError)
    }

    /// The newest leader epoch recorded in the log, if any (the epoch a follower asks the leader about).
    public var latestLocalEpoch: LeaderEpoch? { log.leaderEpochCache.latestEpoch }

    /// Where the current leader epoch starts in this log (leader side: the floor a follower must pass to join
    /// the ISR).
    public var currentEpochStartOffset: Offset? {
        let epoch = leaderEpoch
        return log.leaderEpochCache.all.last { $0.epoch == epoch }?.startOffset
    }

    /// Whether this replica follows at `leaderEpoch`.
    public func isFollowing(at leaderEpoch: LeaderEpoch) -> Bool {
        state.withLockedValue { $0.replica.role == .follower && $0.replica.leaderEpoch == leaderEpoch }
    }

    /// Appends records fetched from the leader, keeping their offsets, then takes the leader's high watermark
    /// (capped by our log end) and log start offset.
    /// - Parameters:
    ///   - records: the fetched record batches; a trailing partial batch is ignored.
    ///   - fetchOffset: the log end offset the fetch asked from; the records must continue the log there.
    ///   - leaderEpoch: the epoch this replica followed when fetching.
    public func appendAsFollower(_ records: ByteBuffer?, fetchOffset: Offset, leaderEpoch: LeaderEpoch,
                          leaderHighWatermark: Offset, leaderLogStartOffset: Offset) -> FollowerAppendOutcome
    {
        let whole = records.flatMap(Self.wholeBatches)
        let outcome = writeLock.withLock { () -> FollowerAppendOutcome in
            guard isFollowing(at: leaderEpoch) else { return .fenced }
            guard log.logEndOffset == fetchOffset else { return .stale }
            var written = 0
            let activeBase = log.activeSegmentBaseOffset
            defer { snapshotIfRolled(since: activeBase) }
            do {
                if let whole {
                    try log.appendAsFollower(whole.bytes)
                    written = whole.bytes.readableBytes
                }
                let logEnd = log.logEndOffset
                // The leader's log start moves with retention and DeleteRecords; ours follows within our log.
                if leaderLogStartOffset > log.logStartOffset, leaderLogStartOffset <= logEnd {
                    try log.deleteRecords(before: leaderLogStartOffset)
                }
                let aborted = state.withLockedValue { state -> [AbortedTransaction] in
                    // Followers keep producer state too, so a new leader still recognises retried batches and
                    // knows which transactions are open.
                    var aborted: [AbortedTransaction] = []
                    if let whole {
                        var index = whole.bytes.readerIndex
                        for header in whole.headers {
                            if let completed = Self.applyBatch(header, in: whole.bytes, at: index,
                                                               to: &state.producers), completed.isAborted {
                                aborted.append(AbortedTransaction(
                                    producerID: completed.producerID, firstOffset: completed.firstOffset,
                                    lastOffset: completed.lastOffset,
                                    lastStableOffset: state.producers.lastStableOffset(after: completed)))
                            }
                            index += header.totalSize
                        }
                    }
                    state.replica.followerHighWatermark(leaderHighWatermark: leaderHighWatermark,
                                                        localLogEndOffset: logEnd)
                    state.producers.highWatermarkMoved(to: state.replica.highWatermark)
                    return aborted
                }
                // The follower's `.txnindex` matches the leader's, so it can serve read_committed once it leads.
                for transaction in aborted { try log.appendAbortedTransaction(transaction) }
            } catch let error as LogStorageError {
                return .failed(error)
            } catch {
                return .failed(.io(operation: "follower append", path: log.directory, errno: 0))
            }
            return .appended(bytes: written)
        }
        if case .appended(let bytes) = outcome, bytes > 0 { fire(highWatermarkMoved: true, logEndMoved: true) }
        return outcome
    }

    /// Truncates the log to `offset` (a divergent tail, or past the leader's end) while following at
    /// `leaderEpoch`; the producer table and the high watermark follow the cut. False when fenced.
    public func truncateAsFollower(to offset: Offset, leaderEpoch: LeaderEpoch) throws -> Bool {
        try writeLock.withLock {
            guard isFollowing(at: leaderEpoch) else { return false }
            guard offset < log.logEndOffset else { return true }
            try log.truncate(to: offset)
            let logEnd = log.logEndOffset
            state.withLockedValue { state in
                state.producers.truncate(from: logEnd)
                state.replica.resetHighWatermark(to: min(state.replica.highWatermark, logEnd))
            }
            // A cut marker reopens its transaction: as Kafka does, the table is rebuilt from the newest snapshot
            // (those past the cut went with it) and the log after it.
            rebuildProducerState()
            return true
        }
    }

    /// Empties the log and restarts it at `offset` (the leader's log starts past our end). False when fenced.
    public func truncateFullyAsFollower(startingAt offset: Offset, leaderEpoch: LeaderEpoch) throws -> Bool {
        try writeLock.withLock {
            guard isFollowing(at: leaderEpoch) else { return false }
            try log.truncateFully(startingAt: offset)
            state.withLockedValue { state in
                state.producers = ProducerStateTable()
                state.replica.resetHighWatermark(to: offset)
            }
            return true
        }
    }

    /// Records an ISR this leader wrote to the state znode, if the partition is still as it was when the write
    /// was decided (same leader epoch and znode version); false otherwise (a LeaderAndIsr overtook it).
    public func applyISRChange(_ isr: [BrokerID], newZkVersion: Int32, leaderEpoch: LeaderEpoch,
                        expectedZkVersion: Int32) -> Bool
    {
        let logEnd = log.logEndOffset
        let applied = state.withLockedValue { state -> Bool in
            guard state.replica.isLeader, state.replica.leaderEpoch == leaderEpoch,
                state.replica.zkVersion == expectedZkVersion
            else { return false }
            state.replica.updateISR(isr, zkVersion: newZkVersion, localLogEndOffset: logEnd)
            return true
        }
        // A smaller ISR may move the high watermark: wake acks=all producers and consumers.
        if applied { fire(highWatermarkMoved: true, logEndMoved: false) }
        return applied
    }

    /// The complete batches at the front of `records` and their headers; nil when there is none.
    private static func wholeBatches(_ records: ByteBuffer) -> (bytes: ByteBuffer, headers: [RecordBatchHeader])? {
        var headers: [RecordBatchHeader] = []
        var index = records.readerIndex
        while let header = RecordBatchHeader(from: records, at: index), header.totalSize > 0,
            index + header.totalSize <= records.writerIndex
        {
            headers.append(header)
            index += header.totalSize
        }
        guard !headers.isEmpty else { return nil }
        return (records.getSlice(at: records.readerIndex, length: index - records.readerIndex)!, headers)
    }
}
