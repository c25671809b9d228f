import KafkaModel

/// A partition's replicas during a reassignment, as KIP-455 records them in the topic znode.
///
/// Notation (Kafka's): RS `replicas` is the full set the partition is replicated to while moving; AR `adding`
/// and RR `removing` are the replicas being added and removed. The original replicas ORS = RS − AR and the
/// target TRS = RS − RR can always be recovered from these three lists, which is what lets a new controller
/// resume a reassignment another controller started.
public struct ReplicaSet: Hashable, Sendable, CustomStringConvertible {
    public var replicas: [BrokerID]
    public var adding: [BrokerID]
    public var removing: [BrokerID]

    public init(replicas: [BrokerID], adding: [BrokerID] = [], removing: [BrokerID] = []) {
        self.replicas = replicas
        self.adding = adding
        self.removing = removing
    }

    /// ORS: the replicas before the reassignment started.
    public var original: [BrokerID] { replicas.filter { !adding.contains($0) } }
    /// TRS: the replicas once the reassignment is done.
    public var target: [BrokerID] { replicas.filter { !removing.contains($0) } }
    public var isReassigning: Bool { !adding.isEmpty || !removing.isEmpty }

    /// The set while moving from the original replicas to `target` (Kafka's `ReplicaAssignment.reassignTo`):
    /// RS = distinct(TRS ++ ORS), so the target's order comes first and the preferred leader is the target's.
    public func reassigned(to target: [BrokerID]) -> ReplicaSet {
        let original = self.original
        var full = target
        for replica in original where !full.contains(replica) { full.append(replica) }
        return ReplicaSet(replicas: full, adding: full.filter { !original.contains($0) },
                          removing: full.filter { !target.contains($0) })
    }

    /// A cancelled reassignment: back to the original replicas, nothing moving.
    public var reverted: ReplicaSet { ReplicaSet(replicas: original) }

    public var description: String {
        let list: ([BrokerID]) -> String = { $0.map(\.description).joined(separator: ",") }
        return "replicas: \(list(replicas)). adding: \(list(adding)). removing: \(list(removing))."
    }
}

/// Why a requested reassignment of one partition was refused (AlterPartitionReassignments' per-partition
/// error codes).
public enum ReassignmentError: Error, Hashable, Sendable, CustomStringConvertible {
    /// UNKNOWN_TOPIC_OR_PARTITION (3): no such topic or partition, or the topic is being deleted.
    case unknownTopicOrPartition(String)
    /// INVALID_REPLICA_ASSIGNMENT (39): empty, duplicate or negative ids, or a new replica on a dead broker.
    case invalidReplicaAssignment(String)
    /// NO_REASSIGNMENT_IN_PROGRESS (85): a cancel for a partition that is not moving.
    case noReassignmentInProgress(String)

    public var description: String {
        switch self {
        case .unknownTopicOrPartition(let message), .invalidReplicaAssignment(let message),
             .noReassignmentInProgress(let message):
            message
        }
    }
}
