import KafkaModel
import NIOConcurrencyHelpers
import Replication

/// A purgatory clock that moves only when a test says so.
final class ManualTimer: PurgatoryTimer, Sendable {
    private struct Entry {
        var due: Duration
        var body: @Sendable () -> Void
        var cancelled: NIOLockedValueBox<Bool>
    }

    private let state = NIOLockedValueBox<(now: Duration, entries: [Entry])>((.zero, []))

    struct Handle: PurgatoryTimerHandle {
        let cancelled: NIOLockedValueBox<Bool>
        func cancel() { cancelled.withLockedValue { $0 = true } }
    }

    func schedule(after delay: Duration, _ body: @escaping @Sendable () -> Void) -> any PurgatoryTimerHandle {
        let cancelled = NIOLockedValueBox(false)
        state.withLockedValue { $0.entries.append(Entry(due: $0.now + delay, body: body, cancelled: cancelled)) }
        return Handle(cancelled: cancelled)
    }

    /// Moves the clock and runs what fell due (outside the lock, as a real timer would).
    func advance(by delay: Duration) {
        let due = state.withLockedValue { state -> [Entry] in
            state.now += delay
            let due = state.entries.filter { $0.due <= state.now }
            state.entries.removeAll { $0.due <= state.now }
            return due
        }
        for entry in due where !entry.cancelled.withLockedValue({ $0 }) { entry.body() }
    }

    /// Timers scheduled and neither run nor cancelled.
    var pending: Int { state.withLockedValue { $0.entries.filter { !$0.cancelled.withLockedValue { $0 } }.count } }
}

/// Holds whoever passes while held, until released: lets a test act while a write or an answer is in flight.
final class Gate: Sendable {
    private let state = NIOLockedValueBox<(holding: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))

    func hold() { state.withLockedValue { $0.holding = true } }

    func release() {
        let waiting = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
            state.holding = false
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }

    /// How many are waiting to pass.
    var held: Int { state.withLockedValue { $0.waiting.count } }

    /// Returns at once unless the gate is held; then when it is released. Ignores cancellation, as bytes already
    /// on the wire do.
    func pass() async {
        await withCheckedContinuation { continuation in
            let passes = state.withLockedValue { state -> Bool in
                guard state.holding else { return true }
                state.waiting.append(continuation)
                return false
            }
            if passes { continuation.resume() }
        }
    }
}

/// A wall clock in milliseconds that moves only when a test says so (ISR lag is measured on it).
final class TestClock: Sendable {
    private let now = NIOLockedValueBox<Int64>(0)

    var nowMs: Int64 { now.withLockedValue { $0 } }

    func set(_ ms: Int64) { now.withLockedValue { $0 = ms } }

    var reading: @Sendable () -> Int64 { { [now] in now.withLockedValue { $0 } } }
}

/// The ISR writer (the state znode), in memory: records each conditional write and answers it as scripted —
/// `.written` with the next znode version unless told otherwise — and can hold writes in flight.
final class RecordingStateWriter: PartitionStateWriter {
    struct Write: Equatable, Sendable {
        var partition: TopicPartition
        var leader: BrokerID
        var leaderEpoch: LeaderEpoch
        var isr: [BrokerID]
        var controllerEpoch: ControllerEpoch
        var expectedZkVersion: Int32
    }

    enum Answer: Sendable {
        case written
        case versionConflict
        /// A lost ZooKeeper connection: the write throws.
        case failure
    }

    struct ConnectionLoss: Error {}

    private struct State {
        var writes: [Write] = []
        var notifications: [[TopicPartition]] = []
        var scripted: [Answer] = []
    }

    private let state = NIOLockedValueBox(State())
    /// Holds writes after they are recorded and before they are answered.
    let inFlight = Gate()

    var writes: [Write] { state.withLockedValue { $0.writes } }
    var notifications: [[TopicPartition]] { state.withLockedValue { $0.notifications } }

    /// Answers the next writes with `answers`, in order; later writes succeed.
    func answerNext(_ answers: Answer...) { state.withLockedValue { $0.scripted += answers } }

    func writeISR(_ partition: TopicPartition, leader: BrokerID, leaderEpoch: LeaderEpoch, isr: [BrokerID],
                  controllerEpoch: ControllerEpoch, expectedZkVersion: Int32) async throws -> ISRWriteOutcome
    {
        let answer = state.withLockedValue { state -> Answer in
            state.writes.append(Write(partition: partition, leader: leader, leaderEpoch: leaderEpoch, isr: isr,
                                      controllerEpoch: controllerEpoch, expectedZkVersion: expectedZkVersion))
            return state.scripted.isEmpty ? .written : state.scripted.removeFirst()
        }
        await inFlight.pass()
        switch answer {
        case .written: return .written(newZkVersion: expectedZkVersion + 1)
        case .versionConflict: return .versionConflict
        case .failure: throw ConnectionLoss()
        }
    }

    func notifyISRChanged(_ partitions: [TopicPartition]) async {
        state.withLockedValue { $0.notifications.append(partitions) }
    }
}
