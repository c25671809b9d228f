import KafkaModel
import Replication
import KafkaProtocol
import KafkaRecords
import LogStorage
import NIOConcurrencyHelpers
import NIOCore

/// One partition replica hosted by this broker: its log, its replication state and its producers' state.
/// Appends are serialized by the lock (which also makes the idempotence check and the append one step);
/// reads go to the log, which allows concurrent readers.
final class Partition: Sendable {
    let topicPartition: TopicPartition
    let log: PartitionLog
    /// Fires when the high watermark moves (consumer fetches, acks=all produce).
    let highWatermarkChanged = ChangeNotifier()
    /// Fires when the log end offset moves (follower fetches).
    let logEndChanged = ChangeNotifier()

    struct State: Sendable {
        var replica: ReplicaState
        var producers = ProducerStateTable()
    }

    /// Internal so the follower and ISR extensions (`Partition+Follower.swift`) act under the same lock.
    let state: NIOLockedValueBox<State>

    /// - Parameter highWatermark: where the high watermark starts: the checkpointed one after a restart (so a
    ///   restarted leader serves what was committed before), 0 for a new log.
    init(topicPartition: TopicPartition, log: PartitionLog, localBroker: BrokerID, highWatermark: Offset = Offset(0)) {
        self.topicPartition = topicPartition
        self.log = log
        var replica = ReplicaState(localBroker: localBroker)
        replica.resetHighWatermark(to: highWatermark)
        self.state = NIOLockedValueBox(State(replica: replica))
    }

    var replicaState: ReplicaState { state.withLockedValue { $0.replica } }
    var highWatermark: Offset { state.withLockedValue { $0.replica.highWatermark } }
    var isLeader: Bool { state.withLockedValue { $0.replica.isLeader } }
    var leaderEpoch: LeaderEpoch { state.withLockedValue { $0.replica.leaderEpoch } }

    /// Applies a LeaderAndIsr decision; false when its leader epoch is stale.
    func becomeLeaderOrFollower(leader: BrokerID, leaderEpoch: LeaderEpoch, isr: [BrokerID],
                                replicas: [BrokerID], zkVersion: Int32, nowMs: Int64) throws -> Bool {
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
        highWatermarkChanged.notifyAll()
        return true
    }

    func stop() {
        state.withLockedValue { $0.replica.stop() }
        highWatermarkChanged.notifyAll()
        logEndChanged.notifyAll()
    }

    /// The outcome of a leader append.
    enum AppendOutcome: Sendable {
        case appended(AppendResult)
        /// A retried batch that is already in the log: its original offsets.
        case duplicate(firstOffset: Offset, logStartOffset: Offset)
        case rejected(KafkaErrorCode)
    }

    /// Appends a validated producer batch as the leader. Callers checked its CRC (the produce handler with
    /// `RecordBatchValidator`, the offsets log by building it), so the log does not check it again.
    /// - Parameters:
    ///   - minInsyncReplicas: with acks=all, refuse when the ISR is smaller (NOT_ENOUGH_REPLICAS).
    func appendAsLeader(_ batch: ByteBuffer, header: RecordBatchHeader, requiredAcks: Int16,
                        minInsyncReplicas: Int) -> AppendOutcome {
        state.withLockedValue { state -> AppendOutcome in
            guard state.replica.isLeader else { return .rejected(.notLeaderOrFollower) }
            if requiredAcks == -1, state.replica.isr.count < minInsyncReplicas {
                return .rejected(.notEnoughReplicas)
            }
            let lastSequence = header.baseSequence &+ header.lastOffsetDelta
            switch state.producers.check(producerID: header.producerID, epoch: header.producerEpoch,
                                         firstSequence: header.baseSequence, lastSequence: lastSequence) {
            case .reject(let code): return .rejected(code)
            case .duplicate(let entry): return .duplicate(firstOffset: entry.firstOffset,
                                                          logStartOffset: log.logStartOffset)
            case .append: break
            }
            let result: AppendResult
            do {
                result = try log.append(batch, leaderEpoch: state.replica.leaderEpoch, checksumsVerified: true)
            } catch let error as LogStorageError {
                return .rejected(KafkaErrorCode(error))
            } catch {
                return .rejected(.unknownServerError)
            }
            state.producers.record(
                producerID: header.producerID, epoch: header.producerEpoch,
                batch: .init(firstSequence: header.baseSequence, lastSequence: lastSequence,
                             firstOffset: result.firstOffset, lastOffset: result.lastOffset,
                             timestamp: header.maxTimestamp))
            state.replica.advanceHighWatermark(localLogEndOffset: log.logEndOffset)
            return .appended(result)
        }.notifying(self)
    }

    /// Records a follower's fetch position (leader side) and returns followers that may join the ISR.
    func recordFollowerFetch(_ follower: BrokerID, fetchOffset: Offset, nowMs: Int64) -> [BrokerID] {
        let logEnd = log.logEndOffset
        let (joining, moved) = state.withLockedValue { state -> ([BrokerID], Bool) in
            let joining = state.replica.recordFollowerFetch(follower, fetchOffset: fetchOffset,
                                                            localLogEndOffset: logEnd, nowMs: nowMs)
            return (joining, state.replica.advanceHighWatermark(localLogEndOffset: logEnd))
        }
        if moved { highWatermarkChanged.notifyAll() }
        return joining
    }

    /// Rebuilds idempotence state from the tail of the log after a restart, so a producer that retries a batch
    /// written before the crash gets its original offsets back. Scans at most `maxBytes` from the end.
    func rebuildProducerState(maxBytes: Int = 64 << 20) {
        let end = log.logEndOffset
        let start = log.logStartOffset
        guard end > start else { return }
        var table = ProducerStateTable()
        var position = start
        // Skip ahead to roughly the last maxBytes of the log, segment by segment.
        let bases = log.segmentBaseOffsets
        if log.sizeInBytes > Int64(maxBytes), bases.count > 1 { position = max(start, bases[bases.count - 1]) }
        while position < end {
            guard let read = try? log.read(from: position, maxBytes: 4 << 20, upperBound: end),
                let next = read.nextOffset, next > position,
                let bytes = try? read.readBytes()
            else { break }
            var index = bytes.readerIndex
            while let header = RecordBatchHeader(from: bytes, at: index) {
                if header.producerID >= 0, !header.isControl {
                    table.record(producerID: header.producerID, epoch: header.producerEpoch,
                                 batch: .init(firstSequence: header.baseSequence,
                                              lastSequence: header.baseSequence &+ header.lastOffsetDelta,
                                              firstOffset: Offset(header.baseOffset),
                                              lastOffset: Offset(header.lastOffset),
                                              timestamp: header.maxTimestamp))
                }
                index += header.totalSize
            }
            position = next
        }
        state.withLockedValue { $0.producers = table }
    }
}

extension Partition.AppendOutcome {
    /// Wakes waiters after an append (outside the partition lock).
    fileprivate func notifying(_ partition: Partition) -> Self {
        if case .appended = self {
            partition.logEndChanged.notifyAll()
            partition.highWatermarkChanged.notifyAll()
        }
        return self
    }
}

extension KafkaErrorCode {
    /// The one place a storage failure becomes a wire error.
    init(_ error: LogStorageError) {
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
