/// A rate measured as Kafka measures quotas (its `Rate` over a `SampledStat`): `quota.window.num` samples of
/// `quota.window.size.seconds` each. A sample collects what is recorded until its window has passed, then the
/// next one (the oldest, reset) takes over; a sample older than all the windows together counts nothing. The rate
/// is the samples' sum over the time since the oldest sample began.
///
/// One difference from Kafka, on purpose: Kafka spreads a young rate over at least `windowCount - 1` whole windows,
/// so a new client may send ten windows' worth of quota at once; that burst ages out eleven seconds later all at
/// once, lets the next burst through, and a client sending as fast as it may settles into that cycle about 10 %
/// over its quota. Here the rate is measured over the time its samples actually cover (at least one window), which
/// keeps such a client at its quota from the first seconds on.
///
/// A plain value with no clock of its own: every call takes the time, so tests drive it with a manual clock.
struct QuotaRate: Sendable {
    private struct Sample: Sendable {
        var value: Double = 0
        var windowStartMs: Int64
    }

    let windowCount: Int
    let windowMs: Int64
    private var samples: [Sample] = []
    private var current = 0

    /// - Parameters:
    ///   - windowCount: `quota.window.num` (Kafka's default 11); at least 2.
    ///   - windowMs: `quota.window.size.seconds` in milliseconds (Kafka's default 1000); at least 1.
    init(windowCount: Int = 11, windowMs: Int64 = 1000) {
        self.windowCount = max(2, windowCount)
        self.windowMs = max(1, windowMs)
    }

    /// Adds `value` (bytes, or request-time percentage) at `nowMs`.
    mutating func record(_ value: Double, nowMs: Int64) {
        if samples.isEmpty {
            samples.append(Sample(windowStartMs: nowMs))
        } else if nowMs - samples[current].windowStartMs >= windowMs {
            current = (current + 1) % windowCount
            if current == samples.count {
                samples.append(Sample(windowStartMs: nowMs))
            } else {
                samples[current] = Sample(windowStartMs: nowMs)
            }
        }
        samples[current].value += value
    }

    /// Takes back a value recorded a moment ago (Kafka's `unrecord`, for an answer that did not send it).
    mutating func unrecord(_ value: Double, nowMs: Int64) {
        record(-value, nowMs: nowMs)
    }

    /// Units per second at `nowMs`.
    mutating func measure(nowMs: Int64) -> Double {
        purgeObsolete(nowMs: nowMs)
        let total = samples.reduce(0) { $0 + $1.value }
        let seconds = Double(windowSize(nowMs: nowMs)) / 1000
        return seconds > 0 ? total / seconds : 0
    }

    /// The span the rate is measured over, in milliseconds: from the oldest sample's start to now, and never
    /// less than one window.
    mutating func windowSize(nowMs: Int64) -> Int64 {
        purgeObsolete(nowMs: nowMs)
        let oldest = samples.map(\.windowStartMs).min() ?? nowMs
        return max(windowMs, nowMs - oldest)
    }

    /// Samples older than every window together are reset (they restart now, empty).
    private mutating func purgeObsolete(nowMs: Int64) {
        let expiry = Int64(windowCount) * windowMs
        for index in samples.indices where nowMs - samples[index].windowStartMs >= expiry {
            samples[index] = Sample(windowStartMs: nowMs)
        }
    }

    /// How long a client over `quota` must wait for its rate to fall back to it: Kafka's
    /// `(rate - quota) / quota × window` (0 while within the quota), in milliseconds.
    mutating func throttleTimeMs(quota: Double, nowMs: Int64) -> Int64 {
        guard quota > 0 else { return 0 }
        let rate = measure(nowMs: nowMs)
        guard rate > quota else { return 0 }
        let throttle = (rate - quota) / quota * Double(windowSize(nowMs: nowMs))
        return Int64(min(throttle.rounded(), Double(Int32.max)))
    }
}
