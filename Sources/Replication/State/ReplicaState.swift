import KafkaModel

/// The replication rules of one partition on this broker, as a value: who leads, who is in sync, where the
/// high watermark is. Pure — no disk, no locks, no clock of its own — so every rule is testable directly;
/// `Partition` holds one behind its lock and carries out what it decides.
///
/// Roles: `leader` (serves produce and fetch, tracks followers), `follower` (fetches from the leader, serves
/// nothing to clients), `none` (hosted but told to stop, e.g. before deletion).
public struct ReplicaState: Sendable {
    public enum Role: Sendable, Equatable { case leader, follower, none }

    /// What the leader knows of one follower (Kafka's `Replica` state).
    public struct FollowerProgress: Sendable, Equatable {
        public var logEndOffset: Offset
        /// When a fetch last reached the leader's log end offset; drives ISR shrinking.
        public var lastCaughtUpTimeMs: Int64
        /// The leader's log end offset when this follower fetched last, and when that was: a fetch that
        /// reaches it proves the follower was caught up at that earlier time (Kafka's `Replica` rule).
        public var lastFetchLeaderLogEndOffset: Offset = Offset(Int64.max)
        public var lastFetchTimeMs: Int64 = 0
    }

    public let localBroker: BrokerID
    public private(set) var role: Role = .none
    public private(set) var leader: BrokerID = .none
    public private(set) var leaderEpoch: LeaderEpoch = .unknown
    public private(set) var replicas: [BrokerID] = []
    public private(set) var isr: [BrokerID] = []
    /// The state znode's version, the guard for ISR writes.
    public private(set) var zkVersion: Int32 = -1
    public private(set) var highWatermark: Offset = Offset(0)
    public private(set) var followers: [BrokerID: FollowerProgress] = [:]

    public init(localBroker: BrokerID) {
        self.localBroker = localBroker
    }

    public var isLeader: Bool { role == .leader }

    /// Applies a LeaderAndIsr decision. Returns false (and changes nothing) for an epoch not newer than the
    /// current one, which Kafka answers with STALE_CONTROLLER_EPOCH for that partition.
    public mutating func apply(leader: BrokerID, leaderEpoch: LeaderEpoch, isr: [BrokerID], replicas: [BrokerID],
                        zkVersion: Int32, localLogEndOffset: Offset, nowMs: Int64) -> Bool {
        guard leaderEpoch > self.leaderEpoch || self.leaderEpoch == .unknown else { return false }
        self.leader = leader
        self.leaderEpoch = leaderEpoch
        self.isr = isr
        self.replicas = replicas
        self.zkVersion = zkVersion
        if leader == localBroker {
            let wasLeader = role == .leader
            role = .leader
            if !wasLeader {
                // A new leader knows nothing of its followers' positions until they fetch.
                followers = [:]
                for replica in replicas where replica != localBroker {
                    followers[replica] = FollowerProgress(logEndOffset: Offset(-1), lastCaughtUpTimeMs: nowMs)
                }
            }
            advanceHighWatermark(localLogEndOffset: localLogEndOffset)
        } else {
            role = .follower
            followers = [:]
        }
        return true
    }

    /// Stops serving the partition (StopReplica).
    public mutating func stop() {
        role = .none
        followers = [:]
    }

    /// The leader recomputes the high watermark after its own append or a follower's fetch: the smallest log
    /// end offset among the in-sync replicas. It never moves backwards.
    @discardableResult
    public mutating func advanceHighWatermark(localLogEndOffset: Offset) -> Bool {
        guard role == .leader else { return false }
        var candidate = localLogEndOffset
        for replica in isr where replica != localBroker {
            guard let progress = followers[replica] else { continue }
            candidate = min(candidate, progress.logEndOffset)
        }
        guard candidate > highWatermark else { return false }
        highWatermark = candidate
        return true
    }

    /// A follower's high watermark comes from the leader, capped by its own log end offset.
    public mutating func followerHighWatermark(leaderHighWatermark: Offset, localLogEndOffset: Offset) {
        let candidate = min(leaderHighWatermark, localLogEndOffset)
        if candidate > highWatermark { highWatermark = candidate }
    }

    /// After log truncation (follower catching up to a new leader), or at start-up from the checkpointed value.
    public mutating func resetHighWatermark(to offset: Offset) {
        highWatermark = offset
    }

    /// The leader records a follower's fetch at `fetchOffset` (its log end offset).
    /// Returns the followers that should join the ISR (caught up to the high watermark). A fetch from a broker
    /// that is not an assigned follower, or from before the log start or past the log end (no follower can have
    /// what the leader does not), records nothing: it would move the high watermark over data no one else holds.
    public mutating func recordFollowerFetch(_ follower: BrokerID, fetchOffset: Offset, localLogEndOffset: Offset,
                                      nowMs: Int64) -> [BrokerID] {
        guard role == .leader, follower != localBroker, replicas.contains(follower),
            fetchOffset.rawValue >= 0, fetchOffset <= localLogEndOffset
        else { return [] }
        var progress = followers[follower] ?? FollowerProgress(logEndOffset: Offset(-1), lastCaughtUpTimeMs: nowMs)
        progress.logEndOffset = fetchOffset
        // Under steady produce a follower's fetch rarely equals the leader's end at that instant; reaching the
        // end the leader had at the previous fetch counts as caught up as of that fetch.
        if fetchOffset >= localLogEndOffset {
            progress.lastCaughtUpTimeMs = nowMs
        } else if fetchOffset >= progress.lastFetchLeaderLogEndOffset {
            progress.lastCaughtUpTimeMs = max(progress.lastCaughtUpTimeMs, progress.lastFetchTimeMs)
        }
        progress.lastFetchLeaderLogEndOffset = localLogEndOffset
        progress.lastFetchTimeMs = nowMs
        followers[follower] = progress
        if !isr.contains(follower), fetchOffset >= highWatermark { return [follower] }
        return []
    }

    /// Followers that have lagged longer than `lagTimeMaxMs`: candidates for leaving the ISR.
    public func laggingFollowers(localLogEndOffset: Offset, nowMs: Int64, lagTimeMaxMs: Int64) -> [BrokerID] {
        guard role == .leader else { return [] }
        return isr.filter { replica in
            guard replica != localBroker, let progress = followers[replica] else { return false }
            return progress.logEndOffset < localLogEndOffset && nowMs - progress.lastCaughtUpTimeMs > lagTimeMaxMs
        }
    }

    /// Records an ISR change this leader wrote to ZooKeeper (same leader epoch, new znode version).
    public mutating func updateISR(_ newISR: [BrokerID], zkVersion: Int32, localLogEndOffset: Offset) {
        isr = newISR
        self.zkVersion = zkVersion
        advanceHighWatermark(localLogEndOffset: localLogEndOffset)
    }
}
