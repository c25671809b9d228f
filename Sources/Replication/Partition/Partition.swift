import KafkaModel
import KafkaProtocol
import KafkaRecords
import LogStorage
import NIOConcurrencyHelpers
import NIOCore

/// One partition replica hosted by this broker: its log, its replication state and its producers' state.
///
/// Two locks, with one job each (the layer's rule, see `Replication.swift`):
/// - `writeLock` serializes everything that writes the log or changes the replica's role: leader and follower
///   appends, truncation, LeaderAndIsr, stop. It is held across the log write (to the page cache; fsyncs happen
///   in the background), so only the I/O threads, the replica fetchers and the controller's requests wait for
///   it; a network event loop only tries it (`appendAsLeaderIfUncontended`) and never waits.
/// - `state` guards the replica state and the producer table and is never held across I/O, so a fetch on an
///   event loop reads the high watermark or records a follower's position without waiting for a disk.
/// A writer checks role and epoch under `state` while holding `writeLock`, so nothing can change them between
/// its check and its write. Events go to the purgatory after both locks are released.
public final class Partition: Sendable {
    public let topicPartition: TopicPartition
    public let log: PartitionLog
    /// Where requests wait for this partition's high watermark and log end to move.
    let purgatory: DelayedOperationPurgatory

    struct State: Sendable {
        var replica: ReplicaState
        var producers = ProducerStateTable()
    }

    let writeLock = BlockingLock()
    /// Internal so the follower and ISR extensions (`Partition+Follower.swift`) act under the same lock.
    let state: NIOLockedValueBox<State>

    /// - Parameter highWatermark: where the high watermark starts: the checkpointed one after a restart (so a
    ///   restarted leader serves what was committed before), 0 for a new log.
    public init(topicPartition: TopicPartition, log: PartitionLog, localBroker: BrokerID,
                purgatory: DelayedOperationPurgatory, highWatermark: Offset = Offset(0))
    {
        self.topicPartition = topicPartition
        self.log = log
        self.purgatory = purgatory
        var replica = ReplicaState(localBroker: localBroker)
        replica.resetHighWatermark(to: highWatermark)
        self.state = NIOLockedValueBox(State(replica: replica))
        log.updateLastStableOffset(highWatermark)
    }

    public var replicaState: ReplicaState { state.withLockedValue { $0.replica } }
    public var highWatermark: Offset { state.withLockedValue { $0.replica.highWatermark } }
    public var isLeader: Bool { state.withLockedValue { $0.replica.isLeader } }
    public var leaderEpoch: LeaderEpoch { state.withLockedValue { $0.replica.leaderEpoch } }
    /// What read_committed consumers may read up to: the high watermark, held back by the first offset of the
    /// oldest transaction that is open or whose marker is not yet replicated.
    public var lastStableOffset: Offset {
        state.withLockedValue { $0.producers.lastStableOffset(highWatermark: $0.replica.highWatermark) }
    }
    /// The producers' state (DescribeProducers).
    public var producerState: ProducerStateTable { state.withLockedValue { $0.producers } }

    /// Wakes the requests waiting on this partition (after its locks are released).
    func fire(highWatermarkMoved: Bool, logEndMoved: Bool) {
        // The cleaner must not pass the last stable offset, which moves with the high watermark and the log end.
        log.updateLastStableOffset(lastStableOffset)
        if logEndMoved { purgatory.fire(.logEnd(topicPartition)) }
        if highWatermarkMoved { purgatory.fire(.highWatermark(topicPartition)) }
    }

    /// Applies a LeaderAndIsr decision; false when its leader epoch is stale.
    public func becomeLeaderOrFollower(leader: BrokerID, leaderEpoch: LeaderEpoch, isr: [BrokerID],
                                       replicas: [BrokerID], zkVersion: Int32, nowMs: Int64) throws -> Bool
    {
        let applied = try writeLock.withLock { () throws -> Bool in
            let logEnd = log.logEndOffset
            let applied = state.withLockedValue {
                $0.replica.apply(leader: leader, leaderEpoch: leaderEpoch, isr: isr, replicas: replicas,
                                 zkVersion: zkVersion, localLogEndOffset: logEnd, nowMs: nowMs)
            }
            guard applied else { return false }
            if leader == state.withLockedValue({ $0.replica.localBroker }) {
                // The leader stamps its epoch on every batch it appends from here on (KIP-101).
                try log.leaderEpochCache.assign(epoch: leaderEpoch, startOffset: logEnd)
            }
            return true
        }
        // Waiters re-check: an acks=all produce or a fetch on a replica that lost leadership ends now.
        if applied { fire(highWatermarkMoved: true, logEndMoved: true) }
        return applied
    }

    /// Stops the replica (StopReplica, shutdown, an offline log directory); waits for a write in progress.
    public func stop() {
        writeLock.withLock { state.withLockedValue { $0.replica.stop() } }
        fire(highWatermarkMoved: true, logEndMoved: true)
    }

    /// The outcome of a leader append.
    public enum AppendOutcome: Sendable {
        case appended(AppendResult)
        /// A retried batch that is already in the log: its original offsets. It is not necessarily replicated
        /// yet: an acks=all request waits for `lastOffset` as for a fresh append.
        case duplicate(firstOffset: Offset, lastOffset: Offset, logStartOffset: Offset)
        case rejected(KafkaErrorCode)
    }

    /// Appends a validated producer batch as the leader. Callers checked its CRC (the produce handler with
    /// `RecordBatchValidator`, the offsets log by building it), so the log does not check it again. Waits for
    /// the write lock: never call it from an event loop.
    /// - Parameters:
    ///   - minInsyncReplicas: with acks=all, refuse when the ISR is smaller (NOT_ENOUGH_REPLICAS).
    public func appendAsLeader(_ batch: ByteBuffer, header: RecordBatchHeader, requiredAcks: Int16,
                               minInsyncReplicas: Int) -> AppendOutcome
    {
        let (outcome, highWatermarkMoved) = writeLock.withLock {
            appendLocked(batch, header: header, requiredAcks: requiredAcks, minInsyncReplicas: minInsyncReplicas)
        }
        if case .appended = outcome { fire(highWatermarkMoved: highWatermarkMoved, logEndMoved: true) }
        return outcome
    }

    /// `appendAsLeader` if no other writer holds the partition now; nil, without waiting, if one does — or if the
    /// append could fsync (`flush.messages` set: the log flushes on the appending thread).
    public func appendAsLeaderIfUncontended(_ batch: ByteBuffer, header: RecordBatchHeader, requiredAcks: Int16,
                                            minInsyncReplicas: Int) -> AppendOutcome?
    {
        guard log.config.flushMessages == .max else { return nil }
        guard let (outcome, highWatermarkMoved) = writeLock.withLockIfAvailable({
            appendLocked(batch, header: header, requiredAcks: requiredAcks, minInsyncReplicas: minInsyncReplicas)
        }) else { return nil }
        if case .appended = outcome { fire(highWatermarkMoved: highWatermarkMoved, logEndMoved: true) }
        return outcome
    }

    /// The append itself; caller holds `writeLock`. Returns whether the high watermark moved.
    private func appendLocked(_ batch: ByteBuffer, header: RecordBatchHeader, requiredAcks: Int16,
                              minInsyncReplicas: Int) -> (AppendOutcome, Bool)
    {
        let lastSequence = header.baseSequence &+ header.lastOffsetDelta
        // The epoch to append at, or why not to append.
        let decision = state.withLockedValue { state -> (LeaderEpoch?, AppendOutcome?) in
            guard state.replica.isLeader else { return (nil, .rejected(.notLeaderOrFollower)) }
            if requiredAcks == -1, state.replica.isr.count < minInsyncReplicas {
                return (nil, .rejected(.notEnoughReplicas))
            }
            switch state.producers.check(producerID: header.producerID, epoch: header.producerEpoch,
                                         firstSequence: header.baseSequence, lastSequence: lastSequence,
                                         isTransactional: header.isTransactional) {
            case .reject(let code): return (nil, .rejected(code))
            case .duplicate(let entry):
                return (nil, .duplicate(firstOffset: entry.firstOffset, lastOffset: entry.lastOffset,
                                        logStartOffset: log.logStartOffset))
            case .append: return (state.replica.leaderEpoch, nil)
            }
        }
        guard let leaderEpoch = decision.0 else { return (decision.1 ?? .rejected(.unknownServerError), false) }
        let result: AppendResult
        let activeBase = log.activeSegmentBaseOffset
        defer { snapshotIfRolled(since: activeBase) }
        switch appendToLog(batch, leaderEpoch: leaderEpoch) {
        case .success(let appended): result = appended
        case .failure(let code): return (.rejected(code), false)
        }
        let logEnd = log.logEndOffset
        let highWatermarkMoved = state.withLockedValue { state in
            state.producers.record(
                producerID: header.producerID, epoch: header.producerEpoch,
                batch: .init(firstSequence: header.baseSequence, lastSequence: lastSequence,
                             firstOffset: result.firstOffset, lastOffset: result.lastOffset,
                             timestamp: header.maxTimestamp),
                isTransactional: header.isTransactional)
            let moved = state.replica.advanceHighWatermark(localLogEndOffset: logEnd)
            state.producers.highWatermarkMoved(to: state.replica.highWatermark)
            return moved
        }
        return (.appended(result), highWatermarkMoved)
    }

    /// Appends a leader's batch (its CRC already checked) to the log; a failure as the wire error. Caller holds
    /// `writeLock`.
    func appendToLog(_ batch: ByteBuffer, leaderEpoch: LeaderEpoch) -> Result<AppendResult, KafkaErrorCode> {
        do {
            return .success(try log.append(batch, leaderEpoch: leaderEpoch, checksumsVerified: true))
        } catch let error as LogStorageError {
            return .failure(KafkaErrorCode(error))
        } catch {
            return .failure(.unknownServerError)
        }
    }

    /// Writes a producer-state snapshot at the log end if the log rolled a segment since `activeBase` (Kafka
    /// snapshots at every roll, so start-up replays at most about a segment). Caller holds `writeLock`. A failed
    /// write only costs a longer replay at the next start.
    func snapshotIfRolled(since activeBase: Offset) {
        guard log.activeSegmentBaseOffset != activeBase else { return }
        writeProducerSnapshotLocked()
    }

    /// Writes the producer table as of the log end. Caller holds `writeLock`.
    func writeProducerSnapshotLocked() {
        let end = log.logEndOffset
        let table = state.withLockedValue { $0.producers }
        try? log.writeProducerSnapshot(ProducerStateSnapshot.encode(table), at: end)
    }

    /// Writes a producer-state snapshot at the log end (clean shutdown), so the next start replays nothing.
    public func writeProducerSnapshot() {
        writeLock.withLock { writeProducerSnapshotLocked() }
    }

    /// DeleteRecords on the leader: moves the log start to `offset` (at most the high watermark); returns the new
    /// log start.
    /// - Throws: `KafkaErrorCode.notLeaderOrFollower`, `.offsetOutOfRange`, or the log's storage error.
    public func deleteRecordsAsLeader(before offset: Offset) throws -> Offset {
        try writeLock.withLock {
            let (isLeader, highWatermark) = state.withLockedValue { ($0.replica.isLeader, $0.replica.highWatermark) }
            guard isLeader else { throw KafkaErrorCode.notLeaderOrFollower }
            guard offset.rawValue >= 0, offset <= highWatermark else { throw KafkaErrorCode.offsetOutOfRange }
            return try log.deleteRecords(before: offset)
        }
    }

    /// Records a follower's fetch position (leader side) and returns followers that may join the ISR.
    public func recordFollowerFetch(_ follower: BrokerID, fetchOffset: Offset, nowMs: Int64) -> [BrokerID] {
        let logEnd = log.logEndOffset
        let (joining, moved) = state.withLockedValue { state -> ([BrokerID], Bool) in
            let joining = state.replica.recordFollowerFetch(follower, fetchOffset: fetchOffset,
                                                            localLogEndOffset: logEnd, nowMs: nowMs)
            return (joining, state.replica.advanceHighWatermark(localLogEndOffset: logEnd))
        }
        if moved { fire(highWatermarkMoved: true, logEndMoved: false) }
        return joining
    }

    /// Rebuilds producer state (idempotence and transactions) from the tail of the log after a restart, so a
    /// producer that retries a batch written before the crash gets its original offsets back and transactions
    /// still open keep the last stable offset where it was. Scans the newest segments, at most about `maxBytes`;
    /// an aborted transaction found there that the `.txnindex` files lost is indexed again.
    public func rebuildProducerState(maxBytes: Int = 64 << 20) {
        let end = log.logEndOffset
        let start = log.logStartOffset
        guard end > start else { return }
        var table = ProducerStateTable()
        var position = start
        if let snapshot = log.loadLatestProducerSnapshot({ try ProducerStateSnapshot.decode($0) }) {
            // Only what was appended after the snapshot is replayed.
            table = snapshot.value
            position = snapshot.offset
        } else {
            // No snapshot: skip ahead to roughly the last maxBytes of the log, segment by segment.
            let bases = log.segmentBaseOffsets
            if log.sizeInBytes > Int64(maxBytes), bases.count > 1 { position = max(start, bases[bases.count - 1]) }
        }
        var aborted: [AbortedTransaction] = []
        while position < end {
            guard let read = try? log.read(from: position, maxBytes: 4 << 20, upperBound: end),
                let next = read.nextOffset, next > position,
                let bytes = try? read.readBytes()
            else { break }
            var index = bytes.readerIndex
            while let header = RecordBatchHeader(from: bytes, at: index), header.totalSize > 0,
                index + header.totalSize <= bytes.writerIndex
            {
                if let completed = Self.applyBatch(header, in: bytes, at: index, to: &table), completed.isAborted {
                    aborted.append(AbortedTransaction(
                        producerID: completed.producerID, firstOffset: completed.firstOffset,
                        lastOffset: completed.lastOffset, lastStableOffset: table.lastStableOffset(after: completed)))
                }
                index += header.totalSize
            }
            position = next
        }
        let known = Set(log.allAbortedTransactions.map { [$0.producerID, $0.lastOffset.rawValue] })
        for transaction in aborted where !known.contains([transaction.producerID, transaction.lastOffset.rawValue]) {
            try? log.appendAbortedTransaction(transaction)
        }
        state.withLockedValue {
            table.highWatermarkMoved(to: $0.replica.highWatermark)
            $0.producers = table
        }
    }

    /// Applies one batch of the log (as written by a leader, so unchecked) to a producer table; returns the
    /// transaction a marker ended.
    static func applyBatch(_ header: RecordBatchHeader, in bytes: ByteBuffer, at index: Int,
                           to table: inout ProducerStateTable) -> ProducerStateTable.CompletedTransaction? {
        guard header.producerID >= 0 else { return nil }
        if header.isControl {
            guard let slice = bytes.getSlice(at: index, length: header.totalSize),
                let batch = try? RecordBatch(slice, verifyingChecksum: false),
                let record = try? batch.records().first, let marker = ControlRecord(record)
            else { return nil }
            return table.recordMarker(producerID: header.producerID, epoch: header.producerEpoch,
                                      coordinatorEpoch: marker.coordinatorEpoch, isAbort: marker.kind == .abort,
                                      offset: Offset(header.baseOffset), timestamp: header.maxTimestamp)
        }
        table.record(producerID: header.producerID, epoch: header.producerEpoch,
                     batch: .init(firstSequence: header.baseSequence,
                                  lastSequence: header.baseSequence &+ header.lastOffsetDelta,
                                  firstOffset: Offset(header.baseOffset), lastOffset: Offset(header.lastOffset),
                                  timestamp: header.maxTimestamp),
                     isTransactional: header.isTransactional)
        return nil
    }
}

extension KafkaErrorCode {
    /// The one place a storage failure becomes a wire error.
    public init(_ error: LogStorageError) {
        switch error {
        case .offsetOutOfRange: self = .offsetOutOfRange
        case .corruptRecords: self = .corruptMessage
        case .unsupportedMagic: self = .unsupportedForMessageFormat
        case .recordBatchTooLarge: self = .messageTooLarge
        case .nonContiguousAppend: self = .offsetOutOfRange
        case .invalidDeleteOffset: self = .offsetOutOfRange
        case .logClosed: self = .notLeaderOrFollower
        case .inconsistentTopicID: self = .inconsistentTopicId
        case .illegalDirectoryName: self = .invalidTopicException
        case .io, .inconsistentClusterID, .inconsistentBrokerID, .malformedFile, .noLogDirectories, .duplicateLog,
             .logDirectoryOffline, .allLogDirectoriesOffline:
            self = .kafkaStorageError
        }
    }
}
