import KafkaModel

/// Chooses a record's partition the way Kafka's Java producer does.
///
/// - Keyed records: `toPositive(murmur2(key)) % partitionCount`, over all partitions (available or not), so
///   a key always maps to the same partition.
/// - Records without a key: sticky partitioning (KIP-480). The producer stays on one partition, chosen at
///   random among the partitions that have a leader, until the batch it is filling is closed (full or sent);
///   then it moves to another. This fills batches faster than round-robin at low rates.
public struct Partitioner: Sendable {
    /// The current sticky partition per topic.
    private var sticky: [TopicName: PartitionIndex] = [:]
    private var generator: SplitMix64

    /// - Parameter seed: makes the random choices repeatable (tests); nil seeds from the system.
    public init(seed: UInt64? = nil) {
        generator = SplitMix64(seed: seed ?? UInt64.random(in: 0...UInt64.max))
    }

    /// The partition for a record.
    /// - Parameters:
    ///   - key: the record's key bytes, nil for none.
    ///   - partitionCount: the topic's number of partitions.
    ///   - available: partitions with a leader now; empty means "use all".
    public mutating func partition(topic: TopicName, key: [UInt8]?, partitionCount: Int,
                                   available: [PartitionIndex]) -> PartitionIndex
    {
        if let key { return PartitionIndex(Murmur2.partition(forKey: key, partitionCount: partitionCount)) }
        if let current = sticky[topic], Int(current.rawValue) < partitionCount,
            available.isEmpty || available.contains(current)
        {
            return current
        }
        return nextStickyPartition(topic: topic, partitionCount: partitionCount, available: available)
    }

    /// Called when the batch being filled for `topic` on `partition` was closed: the next keyless record goes
    /// to another partition (when there is another).
    public mutating func batchClosed(topic: TopicName, partition: PartitionIndex, partitionCount: Int,
                                     available: [PartitionIndex])
    {
        guard sticky[topic] == partition else { return }
        _ = nextStickyPartition(topic: topic, partitionCount: partitionCount, available: available)
    }

    /// Picks a new sticky partition for `topic`, different from the current one when possible.
    @discardableResult
    public mutating func nextStickyPartition(topic: TopicName, partitionCount: Int,
                                             available: [PartitionIndex]) -> PartitionIndex
    {
        let candidates = available.isEmpty ? (0..<partitionCount).map { PartitionIndex(Int32($0)) } : available
        let current = sticky[topic]
        let others = candidates.count > 1 ? candidates.filter { $0 != current } : candidates
        let chosen = others[Int(generator.next() % UInt64(others.count))]
        sticky[topic] = chosen
        return chosen
    }
}

/// A small, fast, seedable random generator (Steele, Lea and Flood's SplitMix64).
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
