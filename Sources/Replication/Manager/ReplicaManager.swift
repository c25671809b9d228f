import KafkaModel
import KafkaProtocol
import LogStorage
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// The partitions this broker hosts, and the rules for changing them: LeaderAndIsr and StopReplica from the
/// controller (fenced by the controller epoch), and the lookups Produce, Fetch and ListOffsets make.
public final class ReplicaManager: Sendable {
    public let localBroker: BrokerID
    public let logManager: LogManager
    /// `replication-offset-checkpoint` of each log directory.
    private let highWatermarks: HighWatermarkCheckpoints
    private let logger: Logger
    private let partitions = NIOLockedValueBox<[TopicPartition: Partition]>([:])
    /// Where acks=all produces and long-poll fetches wait for this broker's partitions.
    public let purgatory: DelayedOperationPurgatory
    /// Called when this broker starts or stops following partitions (the replica fetchers listen).
    public let followerChanges: NIOLockedValueBox<(@Sendable ([TopicPartition: BrokerID], [TopicPartition]) -> Void)?>
        = NIOLockedValueBox(nil)
    /// Called after LeaderAndIsr and StopReplica with the partitions this broker now leads and those it no longer
    /// leads (the group coordinator loads and unloads `__consumer_offsets` partitions from it).
    public let leadershipChanges: NIOLockedValueBox<(@Sendable (_ leading: [TopicPartition], _ notLeading: [TopicPartition]) -> Void)?>
        = NIOLockedValueBox(nil)

    public init(localBroker: BrokerID, logManager: LogManager, purgatoryTimer: any PurgatoryTimer, logger: Logger) {
        self.localBroker = localBroker
        self.purgatory = DelayedOperationPurgatory(timer: purgatoryTimer)
        self.logManager = logManager
        self.logger = logger
        self.highWatermarks = HighWatermarkCheckpoints(logManager: logManager, logger: logger)
    }

    public func partition(_ tp: TopicPartition) -> Partition? {
        partitions.withLockedValue { $0[tp] }
    }

    public var hostedPartitions: [TopicPartition: Partition] { partitions.withLockedValue { $0 } }

    /// Logs a controller request refused by the `ControllerRequestFence` (a stale controller, or a forgery).
    public func logRefusedControllerRequest(_ api: String, _ controllerID: BrokerID, _ controllerEpoch: Int32,
                                     _ brokerEpoch: Int64, _ error: KafkaErrorCode, peer: String) {
        logger.warning("refused controller request", metadata: [
            "api": "\(api)", "controller": "\(controllerID)", "controller epoch": "\(controllerEpoch)",
            "broker epoch": "\(brokerEpoch)", "error": "\(error)", "peer": "\(peer)"])
    }

    /// One partition of a LeaderAndIsr request.
    public struct LeadershipChange: Sendable {
        public var partition: TopicPartition
        public var leader: BrokerID
        public var leaderEpoch: LeaderEpoch
        public var isr: [BrokerID]
        public var replicas: [BrokerID]
        public var zkVersion: Int32
        /// The topic's id when the controller sent one (recorded beside the log, checked against it).
        public var topicID: String? = nil
        /// LeaderAndIsr `is_new`: a replica that is not new is never created empty while a log directory is offline.
        public var isNew: Bool = true

        public init(partition: TopicPartition, leader: BrokerID, leaderEpoch: LeaderEpoch, isr: [BrokerID],
                    replicas: [BrokerID], zkVersion: Int32, topicID: String? = nil, isNew: Bool = true)
        {
            self.partition = partition
            self.leader = leader
            self.leaderEpoch = leaderEpoch
            self.isr = isr
            self.replicas = replicas
            self.zkVersion = zkVersion
            self.topicID = topicID
            self.isNew = isNew
        }
    }

    /// Applies LeaderAndIsr partition states; returns the error per partition (NONE when applied).
    public func applyLeadership(_ changes: [LeadershipChange], nowMs: Int64) -> [TopicPartition: KafkaErrorCode] {
        var errors: [TopicPartition: KafkaErrorCode] = [:]
        var newFollowing: [TopicPartition: BrokerID] = [:]
        var stoppedFollowing: [TopicPartition] = []
        var leading: [TopicPartition] = [], notLeading: [TopicPartition] = []
        for change in changes {
            guard change.replicas.contains(localBroker) else {
                errors[change.partition] = .unknownTopicOrPartition
                continue
            }
            if isOnOfflineDirectory(change.partition) {
                errors[change.partition] = .kafkaStorageError
                continue
            }
            do {
                let partition = try hostPartition(change.partition, topicID: change.topicID, isNew: change.isNew)
                let wasFollowing = !partition.isLeader && partition.replicaState.role == .follower
                let applied = try partition.becomeLeaderOrFollower(
                    leader: change.leader, leaderEpoch: change.leaderEpoch, isr: change.isr,
                    replicas: change.replicas, zkVersion: change.zkVersion, nowMs: nowMs)
                guard applied else {
                    errors[change.partition] = .staleControllerEpoch
                    continue
                }
                errors[change.partition] = KafkaErrorCode.none
                if change.leader == localBroker { leading.append(change.partition) } else { notLeading.append(change.partition) }
                if change.leader == localBroker {
                    if wasFollowing { stoppedFollowing.append(change.partition) }
                    logger.info("became leader", metadata: ["partition": "\(change.partition)",
                                                             "epoch": "\(change.leaderEpoch)"])
                } else if change.leader != .none {
                    newFollowing[change.partition] = change.leader
                }
            } catch let error as KafkaErrorCode {
                errors[change.partition] = error
            } catch let error as LogStorageError {
                logger.error("cannot host partition", metadata: ["partition": "\(change.partition)",
                                                                 "error": "\(error)"])
                errors[change.partition] = KafkaErrorCode(error)
            } catch {
                logger.error("cannot host partition", metadata: ["partition": "\(change.partition)",
                                                                 "error": "\(error)"])
                errors[change.partition] = .kafkaStorageError
            }
        }
        if !newFollowing.isEmpty || !stoppedFollowing.isEmpty {
            followerChanges.withLockedValue { $0 }?(newFollowing, stoppedFollowing)
        }
        leadershipChanges.withLockedValue { $0 }?(leading, notLeading)
        return errors
    }

    /// Stops hosting partitions (StopReplica); with `delete` their logs are removed from disk.
    public func stopReplicas(_ stops: [(TopicPartition, delete: Bool)]) -> [TopicPartition: KafkaErrorCode] {
        var errors: [TopicPartition: KafkaErrorCode] = [:]
        followerChanges.withLockedValue { $0 }?([:], stops.map(\.0))
        leadershipChanges.withLockedValue { $0 }?([], stops.map(\.0))
        for (tp, delete) in stops {
            if let error = TopicNameRules.unusablePartition(tp) {
                errors[tp] = error
                continue
            }
            let partition = partitions.withLockedValue { partitions -> Partition? in
                delete ? partitions.removeValue(forKey: tp) : partitions[tp]
            }
            partition?.stop()
            if delete {
                do {
                    highWatermarks.forget(tp)
                    if logManager.log(for: tp) != nil { try logManager.deleteLog(for: tp) }
                    errors[tp] = KafkaErrorCode.none
                } catch {
                    logger.error("cannot delete log", metadata: ["partition": "\(tp)", "error": "\(error)"])
                    errors[tp] = .kafkaStorageError
                }
            } else {
                errors[tp] = KafkaErrorCode.none
            }
        }
        return errors
    }

    /// The partition object for `tp`, opening or creating its log (recording or checking its topic id).
    private func hostPartition(_ tp: TopicPartition, topicID: String? = nil, isNew: Bool = true) throws -> Partition {
        if let error = TopicNameRules.unusablePartition(tp) { throw error }
        if let existing = partition(tp) {
            if let topicID { try logManager.checkTopicID(topicID, for: tp) }
            return existing
        }
        let log = try logManager.getOrCreateLog(for: tp, topicID: topicID, isNew: isNew)
        let created = Partition(topicPartition: tp, log: log, localBroker: localBroker, purgatory: purgatory,
                                highWatermark: highWatermarks.startingHighWatermark(for: tp, log: log))
        created.rebuildProducerState()
        let hosted = partitions.withLockedValue { partitions in
            if let raced = partitions[tp] { return raced }
            partitions[tp] = created
            return created
        }
        highWatermarks.forget(tp)  // the hosted partition's live value is checkpointed from now on
        return hosted
    }

    /// Writes every log directory's `replication-offset-checkpoint` (periodically, and from `close`).
    public func checkpointHighWatermarks(final: Bool = false) {
        let current = hostedPartitions.mapValues(\.highWatermark)
        do {
            try highWatermarks.write(current: current, final: final)
        } catch {
            logger.error("cannot write the high watermark checkpoint", metadata: ["error": "\(error)"])
        }
    }

    /// The leader partition for a client request, or the error to answer with.
    public func leaderPartition(_ tp: TopicPartition, knownTopic: Bool) -> Result<Partition, KafkaErrorCode> {
        guard let partition = partition(tp) else {
            return .failure(knownTopic ? .notLeaderOrFollower : .unknownTopicOrPartition)
        }
        guard !partition.log.isOffline else { return .failure(.kafkaStorageError) }
        guard partition.isLeader else { return .failure(.notLeaderOrFollower) }
        return .success(partition)
    }

    public func close() {
        let all = partitions.withLockedValue { $0.values }
        for partition in all { partition.stop() }
        // A clean shutdown leaves every producer table on disk: the next start replays nothing.
        for partition in all where !partition.log.isOffline { partition.writeProducerSnapshot() }
        checkpointHighWatermarks(final: true)
        try? logManager.close()
    }
}

/// Error codes travel in `Result`s inside the broker; they are values on the wire, never thrown to clients.
extension KafkaErrorCode: Error {}
