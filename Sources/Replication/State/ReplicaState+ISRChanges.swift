import KafkaModel

/// The leader's ISR decisions (Kafka's `Partition.maybeShrinkIsr` / `maybeExpandIsr`), as proposals: the
/// caller writes the proposed ISR to the partition's state znode and, once that succeeded, records it with
/// `updateISR`. Nothing here changes the state.
extension ReplicaState {
    /// The ISR without the followers that lagged longer than `lagTimeMaxMs` (see `laggingFollowers`); nil when
    /// nobody lags or this replica does not lead. The leader itself is never removed.
    public func isrAfterShrink(localLogEndOffset: Offset, nowMs: Int64, lagTimeMaxMs: Int64) -> [BrokerID]? {
        let lagging = laggingFollowers(localLogEndOffset: localLogEndOffset, nowMs: nowMs, lagTimeMaxMs: lagTimeMaxMs)
        guard !lagging.isEmpty else { return nil }
        return isr.filter { !lagging.contains($0) }
    }

    /// The ISR with `follower` added, or nil when it may not join yet. A follower joins when it is an assigned
    /// replica outside the ISR whose log end offset reached both the high watermark and the first offset of the
    /// leader's current epoch — so it holds everything this leader wrote, not a divergent tail of an older
    /// leader that merely reached the same offset.
    /// - Parameters:
    ///   - currentEpochStartOffset: where the leader's current epoch starts in its log; nil when unknown, which
    ///     refuses the follower (the leader always records its epoch on becoming leader).
    public func isrAfterExpansion(adding follower: BrokerID, currentEpochStartOffset: Offset?) -> [BrokerID]? {
        guard role == .leader, follower != localBroker, replicas.contains(follower), !isr.contains(follower),
            let progress = followers[follower], let epochStart = currentEpochStartOffset,
            progress.logEndOffset >= highWatermark, progress.logEndOffset >= epochStart
        else { return nil }
        return isr + [follower]
    }
}
