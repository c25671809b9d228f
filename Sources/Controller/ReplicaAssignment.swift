import KafkaModel

/// Kafka's rack-unaware replica placement (`AdminUtils.assignReplicasToBrokersRackUnaware`), so topics land
/// where an operator who knows Kafka expects them.
///
/// Leaders (first replicas) go round-robin over the brokers from `startIndex`; followers follow the leader at a
/// shift that grows by one after every full round, so the same replica tuples do not repeat.
public enum ReplicaAssignment {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case noBrokers
        case invalidPartitionCount(Int)
        case invalidReplicationFactor(requested: Int, availableBrokers: Int)

        public var description: String {
            switch self {
            case .noBrokers: "no brokers are available"
            case .invalidPartitionCount(let count): "number of partitions must be larger than 0, was \(count)"
            case let .invalidReplicationFactor(requested, available):
                "replication factor: \(requested) larger than available brokers: \(available)"
            }
        }
    }

    /// Assigns `partitionCount` partitions numbered from `firstPartition`.
    /// - Parameters:
    ///   - brokers: the brokers to place on, in the order placement walks them (Kafka sorts by id).
    ///   - startIndex: the index of the first partition's leader in `brokers`, and the initial follower shift;
    ///     nil picks both at random, as Kafka does for new topics.
    /// - Throws: `Failure` for an empty broker list, no partitions, or more replicas than brokers.
    public static func assign(brokers: [BrokerID], partitionCount: Int, replicationFactor: Int,
                              startIndex: Int? = nil, replicaShift: Int? = nil, firstPartition: Int = 0)
        throws(Failure) -> [[BrokerID]]
    {
        guard !brokers.isEmpty else { throw .noBrokers }
        guard partitionCount > 0 else { throw .invalidPartitionCount(partitionCount) }
        guard replicationFactor > 0, replicationFactor <= brokers.count else {
            throw .invalidReplicationFactor(requested: replicationFactor, availableBrokers: brokers.count)
        }
        let n = brokers.count
        let start = startIndex ?? Int.random(in: 0..<n)
        var shift = replicaShift ?? startIndex ?? Int.random(in: 0..<n)
        var assignment: [[BrokerID]] = []
        for partition in firstPartition..<(firstPartition + partitionCount) {
            if partition > 0 && partition % n == 0 { shift += 1 }
            let first = (partition + start) % n
            var replicas = [brokers[first]]
            for j in 0..<(replicationFactor - 1) {
                replicas.append(brokers[(first + 1 + (shift + j) % (n - 1)) % n])
            }
            assignment.append(replicas)
        }
        return assignment
    }

    /// Placement for partitions added to an existing topic (CreatePartitions): continues from where the
    /// existing partition 0's leader sits among `brokers`, numbering from the current partition count.
    public static func assignAdditional(brokers: [BrokerID], existing: [[BrokerID]], newPartitionCount: Int)
        throws(Failure) -> [[BrokerID]]
    {
        guard let firstLeader = existing.first?.first else { throw .invalidPartitionCount(existing.count) }
        let startIndex = max(0, brokers.firstIndex(where: { $0 >= firstLeader }) ?? 0)
        return try assign(brokers: brokers, partitionCount: newPartitionCount - existing.count,
                          replicationFactor: existing[0].count, startIndex: startIndex,
                          firstPartition: existing.count)
    }
}
