/// A consumer group's place in the rebalance protocol (Kafka's `GroupState`); `rawValue` is the name
/// DescribeGroups and ListGroups report.
public enum GroupState: String, Sendable, Hashable, CaseIterable {
    /// No members, possibly committed offsets (also a group used only for offset storage).
    /// JoinGroup creates the first member and starts the delayed initial rebalance (→ PreparingRebalance);
    /// Heartbeat and SyncGroup answer UNKNOWN_MEMBER_ID; simple commits (generation -1) are accepted;
    /// DeleteGroups and offset expiry may end it (→ Dead).
    case empty = "Empty"
    /// Waiting for every known member to (re)send JoinGroup. JoinGroup calls are held; Heartbeat answers
    /// REBALANCE_IN_PROGRESS so members rejoin; SyncGroup answers REBALANCE_IN_PROGRESS; commits of the
    /// current generation are still accepted. When all members have joined, or the rebalance timeout
    /// fires (members that did not rejoin are removed), the next generation starts (→ CompletingRebalance,
    /// or → Empty when no member is left).
    case preparingRebalance = "PreparingRebalance"
    /// The generation is chosen and JoinGroup has been answered; waiting for the leader's SyncGroup with
    /// the assignment. Follower SyncGroup calls are held; commits answer REBALANCE_IN_PROGRESS. The leader's
    /// assignment, once written to the log, completes it (→ Stable); a member change restarts the
    /// rebalance (→ PreparingRebalance).
    case completingRebalance = "CompletingRebalance"
    /// Every member has its assignment. SyncGroup returns it, Heartbeat answers NONE, commits are
    /// accepted. A join by the leader, a new member, changed metadata, a leave or a session expiry starts a
    /// rebalance (→ PreparingRebalance).
    case stable = "Stable"
    /// Removed (deleted, expired, or its offsets partition moved away); requests answer
    /// COORDINATOR_NOT_AVAILABLE so clients look the coordinator up again.
    case dead = "Dead"

    /// The states this one may be entered from (Kafka's `validPreviousStates`).
    public var legalPredecessors: Set<GroupState> {
        switch self {
        case .empty: [.preparingRebalance]
        case .preparingRebalance: [.stable, .completingRebalance, .empty]
        case .completingRebalance: [.preparingRebalance]
        case .stable: [.completingRebalance]
        case .dead: [.stable, .preparingRebalance, .completingRebalance, .empty, .dead]
        }
    }
}
