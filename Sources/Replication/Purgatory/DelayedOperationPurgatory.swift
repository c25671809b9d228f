import KafkaModel
import NIOConcurrencyHelpers
import NIOCore

/// What a delayed operation waits for: a partition's high watermark (acks=all produce, consumer fetch) or its
/// log end offset (follower fetch).
public enum PartitionEvent: Hashable, Sendable {
    case highWatermark(TopicPartition)
    case logEnd(TopicPartition)
}

/// A request that waits for partitions to change (Kafka's `DelayedOperation`): an acks=all produce waiting for
/// the high watermark, a long-poll fetch waiting for data. It completes exactly once: when `tryComplete` finds
/// its condition met after one of its events fired, or at its deadline.
public final class DelayedOperation: Sendable {
    /// Checks the condition; returns true when the operation can complete now (it then gets `.satisfied`).
    /// Runs on the thread that fired the event, outside any partition lock: it must be quick and never block.
    let check: @Sendable () -> Bool
    /// Called once, with why the operation ended.
    let finish: @Sendable (Completion) -> Void
    let timeout: Duration
    private let state = NIOLockedValueBox<(done: Bool, timer: (any PurgatoryTimerHandle)?)>((false, nil))
    /// The events it is watched under (set once, by `watch`, before anything can complete it).
    fileprivate let events = NIOLockedValueBox<[PartitionEvent]>([])

    public enum Completion: Sendable {
        case satisfied
        case expired
    }

    public init(timeout: Duration, tryComplete: @escaping @Sendable () -> Bool,
                onComplete: @escaping @Sendable (Completion) -> Void)
    {
        self.timeout = timeout
        self.check = tryComplete
        self.finish = onComplete
    }

    public var isCompleted: Bool { state.withLockedValue { $0.done } }

    /// Claims the single completion; false when the operation already completed.
    fileprivate func claim() -> Bool {
        let (first, timer) = state.withLockedValue { state -> (Bool, (any PurgatoryTimerHandle)?) in
            guard !state.done else { return (false, nil) }
            state.done = true
            defer { state.timer = nil }
            return (true, state.timer)
        }
        timer?.cancel()
        return first
    }

    fileprivate func arm(_ timer: any PurgatoryTimerHandle) -> Bool {
        state.withLockedValue { state in
            guard !state.done else { return false }
            state.timer = timer
            return true
        }
    }
}

/// Schedules the purgatory's expirations (an event loop in the broker, a manual clock in tests).
public protocol PurgatoryTimer: Sendable {
    func schedule(after delay: Duration, _ body: @escaping @Sendable () -> Void) -> any PurgatoryTimerHandle
}

public protocol PurgatoryTimerHandle: Sendable {
    func cancel()
}

/// The broker's one place where requests wait on partitions (Kafka's `DelayedOperationPurgatory`). An operation
/// is watched under the events it cares about; whoever moves a partition fires the event (`fire`), which retries
/// the operations watching it. The first of satisfied or expired wins; the other is a no-op.
///
/// Watchers are kept in shards by event, each under its own lock, so appends to different partitions do not
/// contend. No lock is held while an operation is checked or completed.
public final class DelayedOperationPurgatory: Sendable {
    private struct Watchers {
        var byEvent: [PartitionEvent: [ObjectIdentifier: DelayedOperation]] = [:]
    }

    private let shards: [NIOLockedValueBox<Watchers>]
    private let timer: any PurgatoryTimer

    public init(timer: any PurgatoryTimer, shardCount: Int = 32) {
        self.timer = timer
        self.shards = (0..<max(1, shardCount)).map { _ in NIOLockedValueBox(Watchers()) }
    }

    private func shard(_ event: PartitionEvent) -> NIOLockedValueBox<Watchers> {
        shards[Int(UInt(bitPattern: event.hashValue) % UInt(shards.count))]
    }

    /// Completes `operation` now if it can; otherwise watches it under `events` until one of them satisfies it
    /// or its timeout passes. Registering before the first check means an event fired in between is not missed.
    public func watch(_ operation: DelayedOperation, for events: [PartitionEvent]) {
        operation.events.withLockedValue { $0 = events }
        for event in events {
            shard(event).withLockedValue { $0.byEvent[event, default: [:]][ObjectIdentifier(operation)] = operation }
        }
        // An event fired during the registration may have completed the operation before it was registered under
        // every event, and `complete` only unwatched what was there: unwatch the rest, or it stays forever.
        if operation.isCompleted {
            unwatch(operation, events)
            return
        }
        if operation.check() {
            complete(operation, .satisfied)
            return
        }
        let handle = timer.schedule(after: operation.timeout) { [weak self] in
            self?.complete(operation, .expired)
        }
        if !operation.arm(handle) { handle.cancel() }
    }

    /// Retries the operations watching `event`; returns how many completed.
    @discardableResult
    public func fire(_ event: PartitionEvent) -> Int {
        let watching = shard(event).withLockedValue { $0.byEvent[event].map { Array($0.values) } ?? [] }
        var completed = 0
        for operation in watching where !operation.isCompleted && operation.check() {
            if complete(operation, .satisfied) { completed += 1 }
        }
        return completed
    }

    /// Operations currently waiting on `event` (for tests and metrics).
    public func watcherCount(_ event: PartitionEvent) -> Int {
        shard(event).withLockedValue { $0.byEvent[event]?.count ?? 0 }
    }

    @discardableResult
    private func complete(_ operation: DelayedOperation, _ how: DelayedOperation.Completion) -> Bool {
        guard operation.claim() else { return false }
        unwatch(operation, operation.events.withLockedValue { $0 })
        operation.finish(how)
        return true
    }

    private func unwatch(_ operation: DelayedOperation, _ events: [PartitionEvent]) {
        for event in events {
            shard(event).withLockedValue { watchers in
                watchers.byEvent[event]?[ObjectIdentifier(operation)] = nil
                if watchers.byEvent[event]?.isEmpty == true { watchers.byEvent[event] = nil }
            }
        }
    }
}

/// Expirations on an event loop (the broker gives the purgatory one of its own, not a connection's).
public struct EventLoopPurgatoryTimer: PurgatoryTimer {
    let eventLoop: any EventLoop

    public init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    public func schedule(after delay: Duration, _ body: @escaping @Sendable () -> Void) -> any PurgatoryTimerHandle {
        let (seconds, attoseconds) = delay.components
        let nanoseconds = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let total = nanoseconds.overflow ? Int64.max : nanoseconds.partialValue.addingReportingOverflow(
            attoseconds / 1_000_000_000).partialValue
        return ScheduledHandle(scheduled: eventLoop.scheduleTask(in: .nanoseconds(max(0, total))) { body() })
    }

    struct ScheduledHandle: PurgatoryTimerHandle {
        let scheduled: Scheduled<Void>
        func cancel() { scheduled.cancel() }
    }
}
