import Glibc

/// Kafka's `Throttler` for `log.cleaner.io.max.bytes.per.second`, shared by every cleaner thread: bytes read
/// and written are counted, and once per check interval a thread that finds the rate above the limit sleeps
/// long enough to bring it back down. The sleep is cut in slices so an abort (truncation, deletion, shutdown)
/// is not kept waiting.
final class Throttler: @unchecked Sendable {
    // Safe: the counters are guarded by `lock`; the sleep happens outside it.
    private let bytesPerSecond: Double
    private let checkIntervalNs: Int64
    private let lock = Lock()
    private var periodStart: Int64
    private var observed: Double = 0

    init(bytesPerSecond: Double, checkIntervalMs: Int64 = 300) {
        self.bytesPerSecond = bytesPerSecond
        self.checkIntervalNs = checkIntervalMs * 1_000_000
        periodStart = Self.nowNs()
    }

    /// Whether any limit applies.
    var isActive: Bool { bytesPerSecond < .greatestFiniteMagnitude && bytesPerSecond > 0 }

    /// Counts `bytes` and sleeps when the rate is above the limit; `stop` is asked between sleep slices.
    func maybeThrottle(_ bytes: Int, stop: () -> Bool = { false }) {
        guard isActive else { return }
        let sleepMs = lock.withLock { () -> Int64 in
            observed += Double(bytes)
            let now = Self.nowNs()
            let elapsed = now - periodStart
            guard elapsed > checkIntervalNs, observed > 0 else { return 0 }
            defer {
                periodStart = now
                observed = 0
            }
            let rate = observed * 1e9 / Double(elapsed)
            guard rate > bytesPerSecond else { return 0 }
            return Int64((observed / (bytesPerSecond / 1000) - Double(elapsed / 1_000_000)).rounded())
        }
        guard sleepMs > 0 else { return }
        var left = sleepMs
        while left > 0, !stop() {
            let slice = min(left, 100)
            usleep(UInt32(slice * 1000))
            left -= slice
        }
        lock.withLock { periodStart = Self.nowNs() }  // the next period starts after the nap, as in Kafka
    }

    private static func nowNs() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
