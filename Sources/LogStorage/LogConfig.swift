/// How a batch's timestamps are set (`message.timestamp.type`).
public enum TimestampType: String, Sendable, Hashable {
    /// Keep the producer's timestamps.
    case createTime = "CreateTime"
    /// Overwrite each batch's max timestamp with the broker's clock on append.
    case logAppendTime = "LogAppendTime"
}

/// The per-topic settings the log obeys, with Kafka's key names and defaults. The broker maps its
/// `log.*` defaults and each topic's overrides into one of these.
public struct LogConfig: Sendable, Hashable {
    /// `segment.bytes`: roll the active segment before it would exceed this size. Default 1 GiB.
    public var segmentBytes: Int
    /// `segment.ms`: roll the active segment once its first batch is this old (ms). Default 7 days.
    public var segmentMs: Int64
    /// `segment.index.bytes`: the largest offset index (and time index) of a segment; a full index rolls
    /// the segment. Default 10 MiB.
    public var segmentIndexBytes: Int
    /// `index.interval.bytes`: bytes appended between two offset (and time) index entries. Default 4096.
    public var indexIntervalBytes: Int
    /// `retention.ms`: delete segments whose largest timestamp is older than this (ms); -1 keeps forever.
    /// Default 7 days.
    public var retentionMs: Int64
    /// `retention.bytes`: delete old segments while the partition is larger than this; -1 means no limit
    /// (the default).
    public var retentionBytes: Int64
    /// `flush.messages`: fsync after this many appended messages (offsets). Default `Int64.max`: never,
    /// the page cache and replication provide durability.
    public var flushMessages: Int64
    /// `flush.ms`: fsync when the oldest unflushed append is this old (ms), checked by `flushIfDue(now:)`.
    /// Default `Int64.max`: never.
    public var flushMs: Int64
    /// `max.message.bytes`: the largest record batch accepted on append. Default 1048588.
    public var maxMessageBytes: Int
    /// `message.timestamp.type`. Default CreateTime.
    public var messageTimestampType: TimestampType
    /// `cleanup.policy` and the cleaner's per-topic settings. Default: delete only.
    public var compaction: CompactionConfig

    public init(
        segmentBytes: Int = 1 << 30,
        segmentMs: Int64 = 7 * 24 * 3_600_000,
        segmentIndexBytes: Int = 10 * 1024 * 1024,
        indexIntervalBytes: Int = 4096,
        retentionMs: Int64 = 7 * 24 * 3_600_000,
        retentionBytes: Int64 = -1,
        flushMessages: Int64 = .max,
        flushMs: Int64 = .max,
        maxMessageBytes: Int = 1_048_588,
        messageTimestampType: TimestampType = .createTime,
        compaction: CompactionConfig = CompactionConfig()
    ) {
        self.segmentBytes = segmentBytes
        self.segmentMs = segmentMs
        self.segmentIndexBytes = segmentIndexBytes
        self.indexIntervalBytes = indexIntervalBytes
        self.retentionMs = retentionMs
        self.retentionBytes = retentionBytes
        self.flushMessages = flushMessages
        self.flushMs = flushMs
        self.maxMessageBytes = maxMessageBytes
        self.messageTimestampType = messageTimestampType
        self.compaction = compaction
    }

    /// Kafka's defaults.
    public static let `default` = LogConfig()

    /// Entries a segment's offset index may hold before the segment rolls.
    var maxOffsetIndexEntries: Int { max(1, segmentIndexBytes / OffsetIndex.entrySize) }
    /// Entries a segment's time index may hold before the segment rolls.
    var maxTimeIndexEntries: Int { max(1, segmentIndexBytes / TimeIndex.entrySize) }
}

/// Wall-clock milliseconds since the Unix epoch; injectable so tests control time.
public typealias WallClock = @Sendable () -> Int64

/// The system's wall clock.
public let systemWallClock: WallClock = { FileIO.currentTimeMs() }
