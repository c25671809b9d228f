import KafkaModel

/// What a retention pass removed.
public struct RetentionResult: Hashable, Sendable {
    public var deletedSegments: Int
    public var deletedBytes: Int64
    public var logStartOffset: Offset
}

extension PartitionLog {
    /// Deletes old inactive segments, oldest first, while any of these holds for the oldest:
    /// its largest timestamp (or file modification time when its batches carry none) is more than
    /// `retention.ms` old; the partition would still be at least `retention.bytes` without it; or it lies
    /// wholly below the log start offset. The first two apply only when `cleanup.policy` includes `delete`:
    /// a compact-only log loses nothing to time or size. Advances the log start offset past what was deleted.
    /// The broker's background task calls this periodically.
    /// - Parameters:
    ///   - now: wall-clock milliseconds.
    ///   - upperBound: never delete a segment holding offsets at or above this (the high watermark);
    ///     nil means no bound.
    /// - Throws: `LogStorageError.io`, `.logClosed`.
    @discardableResult
    public func enforceRetention(now: Int64, upperBound: Offset? = nil) throws -> RetentionResult {
        try mutate {
            let config = self.config
            let (all, logStart) = stateLock.withLock { (segments, startOffset) }
            let deletes = config.compaction.policy.contains(.delete)
            var excessBytes = deletes && config.retentionBytes >= 0
                ? all.reduce(0) { $0 + $1.size } - config.retentionBytes : -1
            let deleted = try deleteSegmentsLocked { segment, nextBase in
                if let upperBound, nextBase > upperBound.rawValue { return false }
                var expired = false
                if deletes && config.retentionMs >= 0 {
                    var largest = try segment.maxTimestamp()
                    if largest < 0 { largest = FileIO.modificationTimeMs(of: segment.logPath) ?? now }
                    expired = now - largest > config.retentionMs
                }
                let size = segment.size
                let oversized = excessBytes >= 0 && excessBytes - size >= 0
                guard expired || oversized || nextBase <= logStart else { return false }
                if excessBytes >= 0 { excessBytes -= size }
                return true
            }
            if deleted.count > 0 {
                logger.info("Retention deleted \(deleted.count) segment(s) of \(topicPartition)",
                            metadata: ["bytes": "\(deleted.bytes)", "logStartOffset": "\(logStartOffset)"])
            }
            return RetentionResult(deletedSegments: deleted.count, deletedBytes: deleted.bytes,
                                   logStartOffset: Offset(stateLock.withLock { startOffset }))
        }
    }
}
