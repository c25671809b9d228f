import KafkaModel
import KafkaProtocol
import KafkaRecords
import LogStorage
import NIOCore

/// The leader side of transactions: appending the markers a transaction coordinator sends (WriteTxnMarkers).
extension Partition {
    /// What became of a transaction marker.
    public enum MarkerOutcome: Sendable, Equatable {
        /// Appended at `offset`; replicated once the high watermark passes it.
        case appended(offset: Offset)
        case rejected(KafkaErrorCode)
    }

    /// Appends a COMMIT or ABORT marker for `producerID`'s transaction as the leader, as Kafka's coordinator
    /// append does: refused with INVALID_PRODUCER_EPOCH for an epoch older than the producer's, with
    /// TRANSACTION_COORDINATOR_FENCED for a coordinator epoch older than its last marker's, with
    /// NOT_ENOUGH_REPLICAS when the ISR is below `minInsyncReplicas` (markers are written with acks=all). A
    /// newer epoch fences the producer's older one. An abort is recorded in the segment's `.txnindex`. Waits for
    /// the write lock: never call it from an event loop.
    public func appendMarkerAsLeader(producerID: Int64, producerEpoch: Int16, coordinatorEpoch: Int32,
                                     commit: Bool, minInsyncReplicas: Int, timestamp: Int64) -> MarkerOutcome
    {
        guard producerID >= 0, producerEpoch >= 0 else { return .rejected(.invalidRequest) }
        let (outcome, highWatermarkMoved) = writeLock.withLock { () -> (MarkerOutcome, Bool) in
            let decision = state.withLockedValue { state -> Result<LeaderEpoch, KafkaErrorCode> in
                guard state.replica.isLeader else { return .failure(.notLeaderOrFollower) }
                if state.replica.isr.count < minInsyncReplicas { return .failure(.notEnoughReplicas) }
                if let code = state.producers.checkMarker(producerID: producerID, epoch: producerEpoch,
                                                          coordinatorEpoch: coordinatorEpoch) {
                    return .failure(code)
                }
                return .success(state.replica.leaderEpoch)
            }
            let leaderEpoch: LeaderEpoch
            switch decision {
            case .failure(let code): return (.rejected(code), false)
            case .success(let epoch): leaderEpoch = epoch
            }
            let marker = ControlRecord(kind: commit ? .commit : .abort, coordinatorEpoch: coordinatorEpoch)
            guard let batch = try? marker.makeBatch(baseOffset: 0, partitionLeaderEpoch: leaderEpoch.rawValue,
                                                    producerID: producerID, producerEpoch: producerEpoch,
                                                    timestamp: timestamp)
            else { return (.rejected(.unknownServerError), false) }
            let activeBase = log.activeSegmentBaseOffset
            defer { snapshotIfRolled(since: activeBase) }
            let result: AppendResult
            switch appendToLog(batch, leaderEpoch: leaderEpoch) {
            case .success(let appended): result = appended
            case .failure(let code): return (.rejected(code), false)
            }
            let logEnd = log.logEndOffset
            let (aborted, moved) = state.withLockedValue { state -> (AbortedTransaction?, Bool) in
                let completed = state.producers.recordMarker(
                    producerID: producerID, epoch: producerEpoch, coordinatorEpoch: coordinatorEpoch,
                    isAbort: !commit, offset: result.firstOffset, timestamp: timestamp)
                let moved = state.replica.advanceHighWatermark(localLogEndOffset: logEnd)
                state.producers.highWatermarkMoved(to: state.replica.highWatermark)
                guard let completed, completed.isAborted else { return (nil, moved) }
                return (AbortedTransaction(producerID: producerID, firstOffset: completed.firstOffset,
                                           lastOffset: completed.lastOffset,
                                           lastStableOffset: state.producers.lastStableOffset(after: completed)),
                        moved)
            }
            if let aborted {
                do {
                    try log.appendAbortedTransaction(aborted)
                } catch let error as LogStorageError {
                    // The marker is in the log; without its index entry read_committed must not be served.
                    return (.rejected(KafkaErrorCode(error)), moved)
                } catch {
                    return (.rejected(.kafkaStorageError), moved)
                }
            }
            return (.appended(offset: result.firstOffset), moved)
        }
        fire(highWatermarkMoved: highWatermarkMoved, logEndMoved: true)
        return outcome
    }
}
