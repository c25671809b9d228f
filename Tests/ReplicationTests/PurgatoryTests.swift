import Dispatch
import KafkaModel
import NIOConcurrencyHelpers
import Replication
import Testing

/// `DelayedOperationPurgatory` on a `ManualTimer`, and `ReplicaManager.awaitReplication` (acks=all) over it.
@Suite struct PurgatoryTests {
    let orders0 = TopicPartition("orders", PartitionIndex(0))
    let orders1 = TopicPartition("orders", PartitionIndex(1))
    let timer = ManualTimer()
    let purgatory: DelayedOperationPurgatory
    let probe = Probe()

    init() { purgatory = DelayedOperationPurgatory(timer: timer) }

    /// An operation whose condition a test sets, recording how it completed.
    final class Probe: Sendable {
        let condition = NIOLockedValueBox(false)
        let completions = NIOLockedValueBox<[DelayedOperation.Completion]>([])
        let checks = NIOLockedValueBox(0)

        func operation(timeout: Duration = .milliseconds(100),
                       beforeAnswering: @escaping @Sendable (_ check: Int) -> Void = { _ in }) -> DelayedOperation
        {
            DelayedOperation(
                timeout: timeout,
                tryComplete: { [self] in
                    let check = checks.withLockedValue { $0 += 1; return $0 }
                    let satisfied = condition.withLockedValue { $0 }
                    beforeAnswering(check)
                    return satisfied
                },
                onComplete: { [completions] how in completions.withLockedValue { $0.append(how) } })
        }

        var outcomes: [String] { completions.withLockedValue { $0.map { "\($0)" } } }
    }

    @Test func anEventThatSatisfiesAnOperationCompletesItOnceAndCancelsItsTimer() {
        let operation = probe.operation()
        purgatory.watch(operation, for: [.highWatermark(orders0)])
        #expect(timer.pending == 1)

        #expect(purgatory.fire(.highWatermark(orders0)) == 0, "the condition does not hold yet")
        #expect(purgatory.fire(.logEnd(orders0)) == 0, "not watched under this event")
        probe.condition.withLockedValue { $0 = true }
        #expect(purgatory.fire(.highWatermark(orders0)) == 1)
        #expect(purgatory.fire(.highWatermark(orders0)) == 0)
        timer.advance(by: .seconds(1))

        #expect(probe.outcomes == ["satisfied"])
        #expect(operation.isCompleted)
        #expect(timer.pending == 0)
        #expect(purgatory.watcherCount(.highWatermark(orders0)) == 0)
    }

    @Test func anOperationExpiresAtItsTimeoutAndNotBefore() {
        purgatory.watch(probe.operation(timeout: .milliseconds(100)),
                        for: [.highWatermark(orders0), .highWatermark(orders1)])

        timer.advance(by: .milliseconds(99))
        #expect(probe.outcomes.isEmpty)
        timer.advance(by: .milliseconds(1))
        #expect(probe.outcomes == ["expired"])

        probe.condition.withLockedValue { $0 = true }
        #expect(purgatory.fire(.highWatermark(orders0)) == 0)
        #expect(probe.outcomes == ["expired"])
        #expect(purgatory.watcherCount(.highWatermark(orders0)) == 0)
        #expect(purgatory.watcherCount(.highWatermark(orders1)) == 0)
    }

    @Test func anOperationSatisfiedWhenWatchedCompletesAtOnce() {
        probe.condition.withLockedValue { $0 = true }
        purgatory.watch(probe.operation(), for: [.logEnd(orders0)])

        #expect(probe.outcomes == ["satisfied"])
        #expect(timer.pending == 0)
        #expect(purgatory.watcherCount(.logEnd(orders0)) == 0)
    }

    @Test func anEventFiredRightAfterTheFirstCheckIsNotLost() {
        let event = PartitionEvent.highWatermark(orders0)
        // The partition moves just after the first check read its state, as another thread's append would.
        let operation = probe.operation(beforeAnswering: { [probe, purgatory, orders0] check in
            guard check == 1 else { return }
            probe.condition.withLockedValue { $0 = true }
            purgatory.fire(.highWatermark(orders0))
        })
        purgatory.watch(operation, for: [event])

        #expect(probe.outcomes == ["satisfied"])
        #expect(timer.pending == 0)
        #expect(purgatory.watcherCount(event) == 0)
    }

    @Test func concurrentFiresCompleteEachOperationOnce() {
        let probes = (0..<200).map { _ in Probe() }
        let event = PartitionEvent.logEnd(orders0)
        for probe in probes { purgatory.watch(probe.operation(), for: [event]) }
        for probe in probes { probe.condition.withLockedValue { $0 = true } }

        let completed = NIOLockedValueBox(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let count = purgatory.fire(event)
            completed.withLockedValue { $0 += count }
        }

        #expect(completed.withLockedValue { $0 } == probes.count)
        #expect(probes.allSatisfy { $0.outcomes == ["satisfied"] })
        #expect(purgatory.watcherCount(event) == 0)
    }

    @Test func anOperationCompletedWhileBeingWatchedLeavesNoWatcherBehind() {
        // One thread watches operations under several events while another keeps firing the first of them: an
        // operation completed halfway through its registration must still leave every event's watchers.
        let events = (Int32(0)..<8).map { PartitionEvent.highWatermark(TopicPartition("orders", PartitionIndex($0))) }
        let firing = NIOLockedValueBox(true)
        let firer = DispatchGroup()
        DispatchQueue.global().async(group: firer) {
            while firing.withLockedValue({ $0 }) { purgatory.fire(events[0]) }
        }
        for _ in 0..<10_000 {
            purgatory.watch(DelayedOperation(timeout: .seconds(1), tryComplete: { true }, onComplete: { _ in }),
                            for: events)
        }
        firing.withLockedValue { $0 = false }
        firer.wait()
        #expect(events.map(purgatory.watcherCount) == Array(repeating: 0, count: events.count))
    }

    // MARK: - awaitReplication (acks=all)

    /// Broker 1 leading orders-0 and orders-1 with ISR 1, 2 and one record each: the appends to wait for.
    func leaderWithUnreplicatedAppends() throws -> (TestBroker, [ReplicaManager.AwaitedAppend]) {
        let broker = try TestBroker(1)
        var appends: [ReplicaManager.AwaitedAppend] = []
        for tp in [orders0, orders1] {
            broker.leaderAndIsr(tp, leader: 1, epoch: 1, isr: [1, 2], replicas: [1, 2])
            let appended = try broker.produce(tp, 1)
            appends.append(.init(partition: try broker.partition(tp), lastOffset: appended.lastOffset))
        }
        return (broker, appends)
    }

    final class Outcomes: Sendable {
        private let calls = NIOLockedValueBox<[[ReplicaManager.ReplicationOutcome]]>([])
        /// What each call of the completion reported.
        var received: [[ReplicaManager.ReplicationOutcome]] { calls.withLockedValue { $0 } }
        var completion: @Sendable ([ReplicaManager.ReplicationOutcome]) -> Void {
            { [calls] outcomes in calls.withLockedValue { $0.append(outcomes) } }
        }
    }

    @Test func awaitReplicationAnswersReplicatedOnceTheHighWatermarkPassesTheLastOffset() throws {
        let (broker, appends) = try leaderWithUnreplicatedAppends()
        defer { broker.shutDown() }
        let outcomes = Outcomes()
        broker.replicas.awaitReplication(appends, timeout: .seconds(1), completion: outcomes.completion)

        _ = appends[0].partition.recordFollowerFetch(BrokerID(2), fetchOffset: Offset(1), nowMs: 1)
        #expect(outcomes.received.isEmpty, "orders-1 is not replicated yet")
        // Reaching the last offset is not enough: the high watermark must pass it.
        _ = appends[1].partition.recordFollowerFetch(BrokerID(2), fetchOffset: Offset(0), nowMs: 1)
        #expect(outcomes.received.isEmpty)
        _ = appends[1].partition.recordFollowerFetch(BrokerID(2), fetchOffset: Offset(1), nowMs: 2)
        #expect(outcomes.received == [[.replicated, .replicated]])
        #expect(broker.timer.pending == 0)
    }

    @Test func awaitReplicationAnswersLeadershipLostWhenTheBrokerBecomesFollower() throws {
        let (broker, appends) = try leaderWithUnreplicatedAppends()
        defer { broker.shutDown() }
        let outcomes = Outcomes()
        broker.replicas.awaitReplication([appends[0]], timeout: .seconds(1), completion: outcomes.completion)

        broker.leaderAndIsr(orders0, leader: 2, epoch: 2, isr: [2], replicas: [1, 2])
        #expect(outcomes.received == [[.leadershipLost]])
        #expect(broker.timer.pending == 0)
    }

    @Test func awaitReplicationTimesOutAtItsTimeout() throws {
        let (broker, appends) = try leaderWithUnreplicatedAppends()
        defer { broker.shutDown() }
        let outcomes = Outcomes()
        broker.replicas.awaitReplication(appends, timeout: .milliseconds(500), completion: outcomes.completion)
        _ = appends[0].partition.recordFollowerFetch(BrokerID(2), fetchOffset: Offset(1), nowMs: 1)

        broker.timer.advance(by: .milliseconds(499))
        #expect(outcomes.received.isEmpty)
        broker.timer.advance(by: .milliseconds(1))
        #expect(outcomes.received == [[.replicated, .timedOut]])
    }

    @Test func awaitReplicationOfAnAppendAlreadyReplicatedAnswersAtOnce() async throws {
        let broker = try TestBroker(1)
        defer { broker.shutDown() }
        broker.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1], replicas: [1, 2])
        let appended = try broker.produce(orders0, 3)
        let append = ReplicaManager.AwaitedAppend(partition: try broker.partition(orders0),
                                                  lastOffset: appended.lastOffset)
        #expect(await broker.replicas.awaitReplication(of: append, timeout: .seconds(1)) == .replicated)
        #expect(broker.timer.pending == 0)
    }
}
