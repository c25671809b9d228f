/// Reports how long each ZooKeeper request took (submission to completion), for a process that keeps metrics;
/// nothing is measured until `observe` installs a receiver.
public enum ZooKeeperRequestTiming {
    private static let receiver = Locked<(@Sendable (Duration) -> Void)?>(nil)

    /// Installs the receiver of every later request's latency (replacing any earlier one).
    public static func observe(_ body: @escaping @Sendable (Duration) -> Void) {
        receiver.withLock { $0 = body }
    }

    static func record(since start: ContinuousClock.Instant) {
        guard let body = receiver.withLock({ $0 }) else { return }
        body(ContinuousClock.now - start)
    }
}
