import GroupCoordinator
import KafkaModel
import Logging

/// Turns leadership changes of `__consumer_offsets` partitions (from `ReplicaManager.leadershipChanges`)
/// into `GroupCoordinator.becameLeader` / `resigned` calls, one at a time and in the order they happened.
///
/// Only transitions count: a LeaderAndIsr that keeps this broker leader (a new ISR, a new epoch) does not
/// reload the partition, which would disturb the groups being served.
final class OffsetsLeadershipTracker: Sendable {
    private enum Event: Sendable {
        case leading(Int32)
        case notLeading(Int32)
    }

    private let events: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation
    private let logger: Logger

    init(logger: Logger) {
        (events, continuation) = AsyncStream.makeStream(of: Event.self)
        self.logger = logger
    }

    /// The `ReplicaManager.leadershipChanges` hook: called synchronously after LeaderAndIsr and StopReplica.
    func observe(leading: [TopicPartition], notLeading: [TopicPartition]) {
        for partition in leading where partition.topic == OffsetsTopic.name {
            continuation.yield(.leading(partition.partition.rawValue))
        }
        for partition in notLeading where partition.topic == OffsetsTopic.name {
            continuation.yield(.notLeading(partition.partition.rawValue))
        }
    }

    /// Applies events to `coordinator` until the calling task is cancelled.
    func run(coordinator: GroupCoordinator) async {
        var led: Set<Int32> = []
        await withTaskCancellationHandler {
            for await event in events {
                switch event {
                case .leading(let partition):
                    guard led.insert(partition).inserted else { continue }
                    logger.info("loading groups of \(OffsetsTopic.name)-\(partition)")
                    do {
                        try await coordinator.becameLeader(ofPartition: partition)
                    } catch {
                        led.remove(partition)
                    }
                case .notLeading(let partition):
                    guard led.remove(partition) != nil else { continue }
                    logger.info("unloading groups of \(OffsetsTopic.name)-\(partition)")
                    await coordinator.resigned(fromPartition: partition)
                }
            }
        } onCancel: { [continuation] in
            continuation.finish()
        }
    }
}
