/// `cleanup.policy`: what happens to a log's old segments. Kafka's list values: `delete` (retention by time and
/// size), `compact` (the cleaner keeps the last record of every key), or both (`compact,delete`).
public struct CleanupPolicy: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let delete = CleanupPolicy(rawValue: 1)
    public static let compact = CleanupPolicy(rawValue: 2)

    /// Parses Kafka's comma-separated list (`delete`, `compact`, `compact,delete`, spaces allowed); nil for an
    /// empty list or an unknown word.
    public init?(_ text: String) {
        var policy: CleanupPolicy = []
        for word in text.split(separator: ",", omittingEmptySubsequences: false) {
            switch word.filter({ $0 != " " }) {
            case "delete": policy.insert(.delete)
            case "compact": policy.insert(.compact)
            default: return nil
            }
        }
        guard !policy.isEmpty else { return nil }
        self = policy
    }

    /// Kafka's spelling: `delete`, `compact` or `compact,delete`.
    public var description: String {
        [contains(.compact) ? "compact" : nil, contains(.delete) ? "delete" : nil].compactMap { $0 }
            .joined(separator: ",")
    }
}

/// The per-topic settings of log compaction, with Kafka's key names and defaults (broker keys in parentheses).
public struct CompactionConfig: Sendable, Hashable {
    /// `cleanup.policy` (`log.cleanup.policy`). Default `delete`.
    public var policy: CleanupPolicy
    /// `delete.retention.ms` (`log.cleaner.delete.retention.ms`): how long a tombstone stays once the segment
    /// holding it is older than the clean part of the log (ms). Default 1 day.
    public var deleteRetentionMs: Int64
    /// `min.compaction.lag.ms` (`log.cleaner.min.compaction.lag.ms`): a segment whose newest record is younger
    /// than this is not cleaned (ms). Default 0.
    public var minCompactionLagMs: Int64
    /// `max.compaction.lag.ms` (`log.cleaner.max.compaction.lag.ms`): a log whose oldest dirty segment is older
    /// than this is cleaned whatever its dirty ratio (ms, KIP-354). Default Long.MAX.
    public var maxCompactionLagMs: Int64
    /// `min.cleanable.dirty.ratio` (`log.cleaner.min.cleanable.ratio`): the dirty share of the log (bytes not
    /// yet cleaned over all cleanable bytes) above which it is cleaned. Default 0.5.
    public var minCleanableDirtyRatio: Double

    public init(policy: CleanupPolicy = .delete, deleteRetentionMs: Int64 = 86_400_000, minCompactionLagMs: Int64 = 0,
                maxCompactionLagMs: Int64 = .max, minCleanableDirtyRatio: Double = 0.5) {
        self.policy = policy
        self.deleteRetentionMs = deleteRetentionMs
        self.minCompactionLagMs = minCompactionLagMs
        self.maxCompactionLagMs = maxCompactionLagMs
        self.minCleanableDirtyRatio = minCleanableDirtyRatio
    }
}
