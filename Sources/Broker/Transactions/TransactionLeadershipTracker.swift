import KafkaModel
import Logging
import Replication
import TransactionCoordinator

/// Turns leadership changes of `__transaction_state` partitions into `TransactionCoordinator.becameLeader` /
/// `resigned` calls, one at a time and in order. The partition's leader epoch at the change is the coordinator
/// epoch; a LeaderAndIsr that keeps this broker leader under the same epoch changes nothing, a new epoch reloads.
final class TransactionLeadershipTracker: Sendable {
    private enum Event: Sendable {
        case leading(Int32, epoch: Int32)
        case notLeading(Int32)
    }

    private let events: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation
    private let replicas: ReplicaManager
    private let logger: Logger

    init(replicas: ReplicaManager, logger: Logger) {
        (events, continuation) = AsyncStream.makeStream(of: Event.self)
        self.replicas = replicas
        self.logger = logger
    }

    /// Part of the `ReplicaManager.leadershipChanges` hook: called synchronously after LeaderAndIsr and StopReplica.
    func observe(leading: [TopicPartition], notLeading: [TopicPartition]) {
        for partition in leading where partition.topic == TransactionServices.topicName {
            guard let epoch = replicas.partition(partition)?.leaderEpoch else { continue }
            continuation.yield(.leading(partition.partition.rawValue, epoch: epoch.rawValue))
        }
        for partition in notLeading where partition.topic == TransactionServices.topicName {
            continuation.yield(.notLeading(partition.partition.rawValue))
        }
    }

    /// Applies events to `coordinator` until the calling task is cancelled.
    func run(coordinator: TransactionCoordinator) async {
        var led: [Int32: Int32] = [:]
        await withTaskCancellationHandler {
            for await event in events {
                switch event {
                case .leading(let partition, let epoch):
                    guard led[partition] != epoch else { continue }
                    led[partition] = epoch
                    logger.info("loading transactions of \(TransactionServices.topicName)-\(partition)",
                                metadata: ["coordinator epoch": "\(epoch)"])
                    do {
                        try await coordinator.becameLeader(ofPartition: partition, coordinatorEpoch: epoch)
                    } catch {
                        led[partition] = nil
                    }
                case .notLeading(let partition):
                    guard led.removeValue(forKey: partition) != nil else { continue }
                    logger.info("unloading transactions of \(TransactionServices.topicName)-\(partition)")
                    await coordinator.resigned(fromPartition: partition)
                }
            }
        } onCancel: { [continuation] in
            continuation.finish()
        }
    }
}
