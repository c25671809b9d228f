/// How many groups this coordinator holds, by state, and how many rebalances it has started: for the metrics.
public struct GroupCounts: Sendable, Equatable {
    /// Keyed by Kafka's state name: Empty, PreparingRebalance, CompletingRebalance, Stable, Dead.
    public var byState: [String: Int] = [:]
    public var rebalances: UInt64 = 0
    public var total: Int { byState.values.reduce(0, +) }
}

extension GroupCoordinator {
    public func counts() -> GroupCounts {
        var counts = GroupCounts(rebalances: rebalancesStarted)
        for group in groups.values { counts.byState[group.state.rawValue, default: 0] += 1 }
        return counts
    }
}
