import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Wall-clock time in milliseconds since the Unix epoch, injectable so tests drive time by hand.
/// Wall time, not a monotonic clock, because commit and state timestamps are persisted and compared
/// across brokers, as Kafka does.
public protocol GroupClock: Sendable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    var nowMs: Int64 { get }
}

/// The system's real-time clock.
public struct SystemGroupClock: GroupClock {
    public init() {}
    public var nowMs: Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000 + Int64(spec.tv_nsec) / 1_000_000
    }
}

/// A clock that moves only when told to; pair it with `GroupCoordinator.runDueTimers()`.
public final class ManualGroupClock: GroupClock {
    // Safe to share: the only state sits behind a lock.
    private let now: NIOLockedValueBox<Int64>

    public init(startMs: Int64 = 1_700_000_000_000) { now = NIOLockedValueBox(startMs) }

    public var nowMs: Int64 { now.withLockedValue { $0 } }

    /// Moves time forward.
    public func advance(byMs milliseconds: Int64) { now.withLockedValue { $0 += milliseconds } }
}
