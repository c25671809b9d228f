import Glibc

/// `log.cleaner.io.max.bytes.per.second`, shared by every cleaner thread: a token bucket of bytes filling at the
/// configured rate, holding at most a burst of `burstMs` worth. Bytes read and written take from it; a thread that
/// finds it short sleeps until the debt is paid. (Kafka's `Throttler` averages over 300 ms check intervals,
/// which lets a pass shorter than one interval run unthrottled; the bucket holds every pass to the rate.) The
/// sleep is cut in slices so an abort (truncation, deletion, shutdown) is not kept waiting.
final class Throttler: @unchecked Sendable {
    // Safe: `tokens` and `last` are guarded by `lock`; the sleep happens outside it.
    private let bytesPerSecond: Double
    private let burst: Double
    private let lock = BlockingLock()
    private var tokens: Double
    private var last: Int64

    init(bytesPerSecond: Double, burstMs: Double = 300) {
        self.bytesPerSecond = bytesPerSecond
        self.burst = max(bytesPerSecond * burstMs / 1000, 1)
        self.tokens = burst
        self.last = Self.nowNs()
    }

    /// Whether any limit applies.
    var isActive: Bool { bytesPerSecond < .greatestFiniteMagnitude && bytesPerSecond > 0 }

    /// Takes `bytes` from the bucket, sleeping while it is in debt; `stop` is asked between sleep slices.
    func maybeThrottle(_ bytes: Int, stop: () -> Bool = { false }) {
        guard isActive else { return }
        let debtMs = lock.withLock { () -> Int64 in
            let now = Self.nowNs()
            tokens = min(burst, tokens + Double(now - last) / 1e9 * bytesPerSecond) - Double(bytes)
            last = now
            return tokens < 0 ? Int64((-tokens / bytesPerSecond * 1000).rounded(.up)) : 0
        }
        var left = debtMs
        while left > 0, !stop() {
            let slice = min(left, 100)
            usleep(UInt32(slice * 1000))
            left -= slice
        }
    }

    private static func nowNs() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
