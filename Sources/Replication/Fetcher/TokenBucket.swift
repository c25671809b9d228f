/// A byte-rate limiter: tokens accrue at `bytesPerSecond` up to one second's worth, traffic spends them and
/// may overdraw; while the balance is negative the quota is exceeded and throttled traffic waits. Overdrawing
/// (rather than refusing a chunk bigger than the balance) keeps large record batches moving, and the debt
/// they leave behind makes the long-run average match the rate.
public struct TokenBucket: Sendable {
    public let bytesPerSecond: Int64
    private var balance: Double
    private var updated: ContinuousClock.Instant

    /// Starts empty, so a throttled transfer is held to the rate from its first byte.
    public init(bytesPerSecond: Int64, now: ContinuousClock.Instant = .now) {
        self.bytesPerSecond = max(1, bytesPerSecond)
        self.balance = 0
        self.updated = now
    }

    private mutating func refill(now: ContinuousClock.Instant) {
        guard now > updated else { return }
        let elapsed = now - updated
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        balance = min(Double(bytesPerSecond), balance + seconds * Double(bytesPerSecond))
        updated = now
    }

    /// Spends `bytes` (the balance may go negative).
    public mutating func spend(_ bytes: Int, now: ContinuousClock.Instant = .now) {
        refill(now: now)
        balance -= Double(bytes)
    }

    /// How long until the balance is back to zero: `.zero` when traffic may flow now.
    public mutating func wait(now: ContinuousClock.Instant = .now) -> Duration {
        refill(now: now)
        guard balance < 0 else { return .zero }
        return .nanoseconds(Int64((-balance / Double(bytesPerSecond)) * 1e9) + 1)
    }
}
