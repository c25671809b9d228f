/// Reports how long each log flush took (the fsyncs of one plan), for a process that keeps metrics (Kafka's
/// LogFlushRateAndTimeMs); nothing is reported until `observe` installs a receiver.
public enum LogFlushTiming {
    private final class Slot: @unchecked Sendable {
        // Safe: `body` is read and written only under `lock`.
        let lock = BlockingLock()
        var body: (@Sendable (Duration) -> Void)?
    }

    private static let slot = Slot()

    /// Installs the receiver of every later flush's duration (replacing any earlier one).
    public static func observe(_ body: @escaping @Sendable (Duration) -> Void) {
        slot.lock.withLock { slot.body = body }
    }

    static func record(since start: ContinuousClock.Instant) {
        guard let body = slot.lock.withLock({ slot.body }) else { return }
        body(ContinuousClock.now - start)
    }
}
