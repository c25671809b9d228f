import KafkaModel
import LogStorage

/// The replicas of a failed log directory (KIP-112, Kafka's `ReplicaManager.handleLogDirFailure`): they stop leading
/// and following at once, and from then on answer KAFKA_STORAGE_ERROR — to clients, to followers, and to the
/// controller's LeaderAndIsr, which is how the controller learns to move them.
extension ReplicaManager {
    /// Whether the partition's replica here lives on a log directory that failed.
    public func isOnOfflineDirectory(_ tp: TopicPartition) -> Bool {
        partition(tp)?.log.isOffline ?? false
    }

    /// Stops every replica whose log is in `directory` (which failed): their fetchers stop, they lead and follow
    /// nothing (waiting produce and fetch requests wake up), the group coordinator unloads them, and their logs let
    /// go of their files. Returns the partitions stopped.
    public func stopReplicas(inFailedDirectory directory: String) -> [TopicPartition] {
        let affected = hostedPartitions.filter { $0.value.log.logDirectoryPath == directory }
        let stopped = affected.keys.sorted()
        if !stopped.isEmpty {
            followerChanges.withLockedValue { $0 }?([:], stopped)
            leadershipChanges.withLockedValue { $0 }?([], stopped)
        }
        for partition in affected.values { partition.stop() }
        let closed = logManager.closeLogs(inOfflineDirectory: directory)
        return Set(stopped).union(closed).sorted()
    }
}
