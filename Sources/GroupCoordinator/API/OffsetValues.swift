import KafkaModel

/// One partition of an OffsetCommit request.
public struct OffsetCommitEntry: Sendable, Hashable {
    public var partition: TopicPartition
    public var offset: Offset
    /// OffsetCommit v6+; `.unknown` otherwise.
    public var leaderEpoch: LeaderEpoch
    /// Nil is stored as the empty string, as Kafka does.
    public var metadata: String?

    public init(partition: TopicPartition, offset: Offset, leaderEpoch: LeaderEpoch = .unknown, metadata: String?) {
        self.partition = partition
        self.offset = offset
        self.leaderEpoch = leaderEpoch
        self.metadata = metadata
    }
}

/// A committed offset as OffsetFetch returns it; offset -1 when nothing is committed.
public struct FetchedOffset: Sendable, Hashable {
    public var partition: TopicPartition
    public var offset: Offset
    /// `.unknown` when the commit carried none.
    public var leaderEpoch: LeaderEpoch
    public var metadata: String
    public var error: GroupErrorCode

    public init(
        partition: TopicPartition, offset: Offset, leaderEpoch: LeaderEpoch, metadata: String, error: GroupErrorCode
    ) {
        self.partition = partition
        self.offset = offset
        self.leaderEpoch = leaderEpoch
        self.metadata = metadata
        self.error = error
    }
}

/// The answer to OffsetFetch: a group-level error (v2+ carries it at the top) and the partitions.
public struct GroupOffsets: Sendable, Hashable {
    public var error: GroupErrorCode
    /// Sorted by topic and partition.
    public var partitions: [FetchedOffset]

    public init(error: GroupErrorCode, partitions: [FetchedOffset]) {
        self.error = error
        self.partitions = partitions
    }
}

/// The answer to OffsetDelete.
public struct OffsetDeleteResult: Sendable, Hashable {
    public var error: GroupErrorCode
    public var partitions: [TopicPartition: GroupErrorCode]

    public init(error: GroupErrorCode, partitions: [TopicPartition: GroupErrorCode]) {
        self.error = error
        self.partitions = partitions
    }
}
