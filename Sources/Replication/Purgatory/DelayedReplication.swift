import KafkaModel

extension ReplicaManager {
    /// One leader append an acks=all request waits on.
    public struct AwaitedAppend: Sendable {
        public let partition: Partition
        /// The append's last offset: replicated once the high watermark is past it.
        public let lastOffset: Offset

        public init(partition: Partition, lastOffset: Offset) {
            self.partition = partition
            self.lastOffset = lastOffset
        }

        /// True once every in-sync replica has the append; nil while it may still get there (this broker leads).
        var settled: Bool? {
            if partition.highWatermark > lastOffset { return true }
            return partition.isLeader ? nil : false
        }
    }

    /// What became of one awaited append.
    public enum ReplicationOutcome: Sendable, Equatable {
        case replicated
        /// This broker stopped leading the partition first.
        case leadershipLost
        case timedOut
    }

    /// Waits (Kafka's `DelayedProduce`) until every append is replicated or its partition's leadership moved, or
    /// `timeout` passes; then calls `completion` once with each append's outcome, in order. Never blocks: the
    /// operation waits in the purgatory under the partitions' high-watermark events.
    public func awaitReplication(_ appends: [AwaitedAppend], timeout: Duration,
                                 completion: @escaping @Sendable ([ReplicationOutcome]) -> Void)
    {
        let outcomes: @Sendable () -> [ReplicationOutcome] = {
            appends.map { append in
                switch append.settled {
                case true?: .replicated
                case false?: .leadershipLost
                case nil: .timedOut
                }
            }
        }
        let operation = DelayedOperation(
            timeout: timeout,
            tryComplete: { appends.allSatisfy { $0.settled != nil } },
            onComplete: { _ in completion(outcomes()) })
        purgatory.watch(operation, for: appends.map { .highWatermark($0.partition.topicPartition) })
    }

    /// `awaitReplication` for one append, for callers that wait in a task.
    public func awaitReplication(of append: AwaitedAppend, timeout: Duration) async -> ReplicationOutcome {
        await withCheckedContinuation { continuation in
            awaitReplication([append], timeout: timeout) { continuation.resume(returning: $0.first ?? .timedOut) }
        }
    }
}
