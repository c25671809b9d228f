import Dispatch
import KafkaModel
import NIOConcurrencyHelpers
import Replication
import Testing

/// `DelayedOperationPurgatory` on a `ManualTimer`.
@Suite struct PurgatoryTests {
    let purgatory = DelayedOperationPurgatory(timer: ManualTimer())

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
}
