import LogStorage

extension BrokerConfig {
    /// The log settings every partition starts from (Kafka's `log.*` broker defaults).
    var logConfig: LogConfig {
        LogConfig(
            segmentBytes: logSegmentBytes, segmentMs: logRollMs, segmentIndexBytes: logIndexSizeMaxBytes,
            indexIntervalBytes: logIndexIntervalBytes, retentionMs: logRetentionMs, retentionBytes: logRetentionBytes,
            flushMessages: logFlushIntervalMessages, flushMs: logFlushIntervalMs ?? .max,
            maxMessageBytes: messageMaxBytes,
            messageTimestampType: logMessageTimestampType == .logAppendTime ? .logAppendTime : .createTime,
            compaction: CompactionConfig(
                policy: logCleanupPolicy, deleteRetentionMs: logCleanerDeleteRetentionMs,
                minCompactionLagMs: logCleanerMinCompactionLagMs, maxCompactionLagMs: logCleanerMaxCompactionLagMs,
                minCleanableDirtyRatio: logCleanerMinCleanableRatio))
    }

    /// The cleaner's broker-wide settings (`log.cleaner.*`).
    var cleanerConfig: CleanerConfig {
        CleanerConfig(
            enabled: logCleanerEnable, threads: logCleanerThreads, dedupeBufferSize: logCleanerDedupeBufferSize,
            dedupeBufferLoadFactor: logCleanerIoBufferLoadFactor, ioBufferSize: logCleanerIoBufferSize,
            maxIoBytesPerSecond: logCleanerIoMaxBytesPerSecond, backoffMs: logCleanerBackoffMs)
    }

    /// A topic's log settings: these defaults with its overrides; nil when it has none.
    func logConfig(overrides: [String: String]) -> LogConfig? {
        overrides.isEmpty ? nil : logConfig.overlaid(with: overrides)
    }
}

extension LogConfig {
    /// These settings with a topic's overrides (`/config/topics/<t>`) applied; unparsable values are skipped
    /// (they were refused when written through the API).
    func overlaid(with overrides: [String: String]) -> LogConfig {
        var config = self
        func int(_ key: String) -> Int? { overrides[key].flatMap { Int($0) } }
        func int64(_ key: String) -> Int64? { overrides[key].flatMap { Int64($0) } }
        if let value = int("segment.bytes") { config.segmentBytes = value }
        if let value = int64("segment.ms") { config.segmentMs = value }
        if let value = int("segment.index.bytes") { config.segmentIndexBytes = value }
        if let value = int("index.interval.bytes") { config.indexIntervalBytes = value }
        if let value = int64("retention.ms") { config.retentionMs = value }
        if let value = int64("retention.bytes") { config.retentionBytes = value }
        if let value = int64("flush.messages") { config.flushMessages = value }
        if let value = int64("flush.ms") { config.flushMs = value }
        if let value = int("max.message.bytes") { config.maxMessageBytes = value }
        if let value = overrides["message.timestamp.type"] {
            config.messageTimestampType = value == "LogAppendTime" ? .logAppendTime : .createTime
        }
        if let value = overrides["cleanup.policy"].flatMap(CleanupPolicy.init) { config.compaction.policy = value }
        if let value = int64("delete.retention.ms") { config.compaction.deleteRetentionMs = value }
        if let value = int64("min.compaction.lag.ms") { config.compaction.minCompactionLagMs = value }
        if let value = int64("max.compaction.lag.ms") { config.compaction.maxCompactionLagMs = value }
        if let value = overrides["min.cleanable.dirty.ratio"].flatMap(Double.init) {
            config.compaction.minCleanableDirtyRatio = value
        }
        return config
    }
}
