/// The broker-wide settings of the log cleaner, with Kafka's key names and defaults.
public struct CleanerConfig: Sendable, Hashable {
    /// `log.cleaner.enable`: run the cleaner at all. Default true.
    public var enabled: Bool
    /// `log.cleaner.threads`: cleaner threads, each cleaning one log at a time. Default 1.
    public var threads: Int
    /// `log.cleaner.dedupe.buffer.size`: memory for the key → offset maps of all threads together (bytes).
    /// Default 128 MiB.
    public var dedupeBufferSize: Int64
    /// `log.cleaner.io.buffer.load.factor`: how full a map may get before a pass stops adding segments.
    /// Default 0.9.
    public var dedupeBufferLoadFactor: Double
    /// `log.cleaner.io.buffer.size`: the read and write buffers of each thread (bytes); a batch larger than both
    /// this and the topic's `max.message.bytes` stops the cleaning of its log. Default 512 KiB.
    public var ioBufferSize: Int
    /// `log.cleaner.io.max.bytes.per.second`: the read plus write rate of all threads together. Default
    /// unthrottled (Double.MaxValue).
    public var maxIoBytesPerSecond: Double
    /// `log.cleaner.backoff.ms`: how long a thread sleeps when no log needs cleaning (ms). Default 15000.
    public var backoffMs: Int64

    public init(enabled: Bool = true, threads: Int = 1, dedupeBufferSize: Int64 = 128 << 20,
                dedupeBufferLoadFactor: Double = 0.9, ioBufferSize: Int = 512 << 10,
                maxIoBytesPerSecond: Double = .greatestFiniteMagnitude, backoffMs: Int64 = 15_000) {
        self.enabled = enabled
        self.threads = threads
        self.dedupeBufferSize = dedupeBufferSize
        self.dedupeBufferLoadFactor = dedupeBufferLoadFactor
        self.ioBufferSize = ioBufferSize
        self.maxIoBytesPerSecond = maxIoBytesPerSecond
        self.backoffMs = backoffMs
    }

    /// The memory of one thread's offset map: Kafka's `min(dedupeBufferSize / threads, Int.MaxValue)`.
    var memoryPerThread: Int {
        Int(min(dedupeBufferSize / Int64(max(threads, 1)), Int64(Int32.max)))
    }
}
