import NIOConcurrencyHelpers
import NIOCore

/// Wakes requests that wait for a partition to change (Kafka's purgatory, reduced to what it needs): a long-poll
/// fetch waiting for data, a produce with acks=all waiting for the high watermark. A waiter registers with one
/// or more notifiers and is woken once, by the first change or by its deadline.
final class ChangeNotifier: Sendable {
    private let waiters = NIOLockedValueBox<[ObjectIdentifier: Waiter]>([:])

    /// Wakes every registered waiter (each only once) and forgets them.
    func notifyAll() {
        let woken = waiters.withLockedValue { waiters in
            defer { waiters.removeAll(keepingCapacity: true) }
            return Array(waiters.values)
        }
        for waiter in woken { waiter.wake() }
    }

    func register(_ waiter: Waiter) {
        waiters.withLockedValue { $0[ObjectIdentifier(waiter)] = waiter }
    }

    func unregister(_ waiter: Waiter) {
        _ = waiters.withLockedValue { $0.removeValue(forKey: ObjectIdentifier(waiter)) }
    }

    /// One waiting request. `wait(until:on:)` completes when any notifier it is registered with fires, or at
    /// the deadline, whichever is first.
    final class Waiter: Sendable {
        private let promise: EventLoopPromise<Void>
        private let done = NIOLockedValueBox(false)

        init(eventLoop: any EventLoop) {
            promise = eventLoop.makePromise()
        }

        deinit {
            // A waiter that found its condition already true is dropped without waiting; complete it so NIO
            // does not report a leaked promise.
            wake()
        }

        func wake() {
            let first = done.withLockedValue { done -> Bool in
                defer { done = true }
                return !done
            }
            if first { promise.succeed(()) }
        }

        /// Waits until woken or `deadline`; call after registering (and re-checking the condition).
        func wait(until deadline: NIODeadline) async {
            let timeout = promise.futureResult.eventLoop.scheduleTask(deadline: deadline) { self.wake() }
            try? await promise.futureResult.get()
            timeout.cancel()
        }
    }
}
