import KafkaModel

/// How a follower brings its log in line with a new leader's before fetching (KIP-101, KIP-279; Kafka's
/// `AbstractFetcherThread.getOffsetTruncationState`). The follower asks the leader, with OffsetForLeaderEpoch,
/// where the follower's latest epoch ended in the leader's log; everything the follower holds past that point
/// was written by a leader whose data did not survive and must go.
public enum FollowerTruncation {
    /// Where to cut the local log, and whether the follower may start fetching afterwards.
    public struct Decision: Equatable, Sendable {
        /// Truncate the local log to this offset (nothing happens when it is at or past the log end).
        public var truncateTo: Offset
        /// False when the leader answered with an epoch the follower does not know: the follower cut to the end
        /// of its own older epoch and must ask again with its (now older) latest epoch.
        public var completed: Bool

        public init(truncateTo: Offset, completed: Bool) {
            self.truncateTo = truncateTo
            self.completed = completed
        }
    }

    /// Decides from the leader's OffsetForLeaderEpoch answer (error NONE) for our latest epoch.
    /// - Parameters:
    ///   - leaderEpoch: the epoch in the answer: the largest epoch ≤ ours the leader knows, or -1.
    ///   - leaderEndOffset: where that epoch ends in the leader's log, or -1 when the leader cannot tell.
    ///   - localLogEndOffset: our log end offset.
    ///   - localHighWatermark: our high watermark (the fallback cut when the leader knows no epochs).
    ///   - localEndOffset: our own epoch lookup, `LeaderEpochCache.endOffset(for:logEndOffset:)`, nil when it
    ///     answers "undefined".
    public static func decide(leaderEpoch: LeaderEpoch, leaderEndOffset: Offset, localLogEndOffset: Offset,
                              localHighWatermark: Offset,
                              localEndOffset: (LeaderEpoch) -> (epoch: LeaderEpoch, endOffset: Offset)?) -> Decision
    {
        if leaderEndOffset.rawValue < 0 {
            // The leader knows no epochs: fall back to the pre-KIP-101 rule, keep only what was committed.
            return Decision(truncateTo: min(localHighWatermark, localLogEndOffset), completed: true)
        }
        if leaderEpoch == .unknown {
            return Decision(truncateTo: min(leaderEndOffset, localLogEndOffset), completed: true)
        }
        guard let local = localEndOffset(leaderEpoch) else {
            // We tracked no epochs back then; the leader's answer is for an epoch ≤ ours, so its end is safe.
            return Decision(truncateTo: min(leaderEndOffset, localLogEndOffset), completed: true)
        }
        if local.epoch != leaderEpoch {
            // We never saw the leader's epoch: cut to the end of our largest epoch below it, then ask again.
            return Decision(truncateTo: min(local.endOffset, localLogEndOffset), completed: false)
        }
        return Decision(truncateTo: min(local.endOffset, leaderEndOffset, localLogEndOffset), completed: true)
    }

    /// Decides without asking the leader, for a log that records no epoch at all (empty, or written before
    /// epochs existed): keep what was committed.
    public static func withoutLocalEpoch(localLogEndOffset: Offset, localHighWatermark: Offset) -> Decision {
        Decision(truncateTo: min(localHighWatermark, localLogEndOffset), completed: true)
    }
}

/// What a follower does after the leader answered its fetch with OFFSET_OUT_OF_RANGE (Kafka's
/// `AbstractFetcherThread.fetchOffsetAndTruncate`), given the leader's log end and log start offsets.
public enum OutOfRangeRecovery: Equatable, Sendable {
    /// Our log runs past the leader's end (an unclean election): cut it back to the leader's end.
    case truncate(to: Offset)
    /// The leader's log starts past our end (retention or DeleteRecords removed what we miss): empty our log
    /// and restart it at the leader's start.
    case truncateFully(startingAt: Offset)
    /// Our end lies inside the leader's log after all (it moved meanwhile): fetch from here.
    case fetch(from: Offset)

    public static func decide(localLogEndOffset: Offset, leaderLogEndOffset: Offset,
                              leaderLogStartOffset: Offset) -> OutOfRangeRecovery
    {
        if leaderLogEndOffset < localLogEndOffset { return .truncate(to: leaderLogEndOffset) }
        if leaderLogStartOffset > localLogEndOffset { return .truncateFully(startingAt: leaderLogStartOffset) }
        return .fetch(from: localLogEndOffset)
    }
}
