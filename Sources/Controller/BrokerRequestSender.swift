import KafkaModel
import KafkaProtocol
import Logging
import NIOConcurrencyHelpers

/// Sends the controller's requests to brokers without holding up the controller: one FIFO queue per
/// destination, so each broker receives requests in the order they were decided (a late UpdateMetadata must
/// never overwrite a newer one), while a slow or dead broker delays only its own queue.
final class BrokerRequestSender: Sendable {
    private let channel: any ControllerChannel
    private let stamp: ControllerStamp
    private let logger: Logger
    private let brokers = NIOLockedValueBox<[BrokerID: LiveBroker]>([:])
    private let tails = NIOLockedValueBox<[BrokerID: Task<Void, Never>]>([:])
    /// Hears every LeaderAndIsr answer, so the controller learns of replicas on failed log directories.
    private let onLeaderAndIsrAnswer: @Sendable (LeaderAndIsrAnswer) -> Void

    init(channel: any ControllerChannel, stamp: ControllerStamp, logger: Logger,
         onLeaderAndIsrAnswer: @escaping @Sendable (LeaderAndIsrAnswer) -> Void = { _ in }) {
        self.channel = channel
        self.stamp = stamp
        self.logger = logger
        self.onLeaderAndIsrAnswer = onLeaderAndIsrAnswer
    }

    /// Drops everything still queued: a controller that resigned must not keep talking to brokers (and a broker
    /// shutting down must not send once its event loops are gone). A send already on the wire ends on its own.
    func shutdown() {
        brokers.withLockedValue { $0 = [:] }
        let pending = tails.withLockedValue { tails in
            defer { tails = [:] }
            return Array(tails.values)
        }
        for task in pending { task.cancel() }
    }

    /// The live brokers requests may go to; queued requests for a broker that left are dropped.
    func updateBrokers(_ live: [BrokerID: LiveBroker]) {
        brokers.withLockedValue { $0 = live }
    }

    func leaderAndIsr(to broker: BrokerID, partitions: [PartitionLeadership], leaders: [LiveBroker]) {
        let onAnswer = onLeaderAndIsrAnswer
        enqueue(broker, "LeaderAndIsr") { channel, stamp, destination in
            let errors = try await channel.leaderAndIsr(to: destination, from: stamp, partitions: partitions,
                                                        leaders: leaders)
            onAnswer(LeaderAndIsrAnswer(broker: destination.id, brokerEpoch: destination.epoch,
                                        partitions: partitions.map(\.partition), errors: errors))
            return Self.unexpectedErrors(errors)
        }
    }

    /// A summary of a LeaderAndIsr answer's errors worth a warning, or nil. STALE_CONTROLLER_EPOCH for a
    /// partition means the broker already holds that leader epoch (a failover resends every partition, as
    /// Kafka's controller does), so it is expected and left out; thousands of partitions are summarized by
    /// error code rather than listed.
    static func unexpectedErrors(_ errors: [TopicPartition: KafkaErrorCode]) -> String? {
        let unexpected = errors.filter { $0.value != .staleControllerEpoch }.mapValues(\.name)
        guard !unexpected.isEmpty else { return nil }
        let counts = Dictionary(grouping: unexpected.values, by: { $0 }).mapValues(\.count)
        let examples = unexpected.sorted { $0.key < $1.key }.prefix(5).map { "\($0.key): \($0.value)" }
        return counts.sorted { $0.key < $1.key }.map { "\($0.value) × \($0.key)" }.joined(separator: ", ")
            + " (e.g. \(examples.joined(separator: ", ")))"
    }

    func updateMetadata(to broker: BrokerID, liveBrokers: [LiveBroker], partitions: [PartitionLeadership]) {
        enqueue(broker, "UpdateMetadata") { channel, stamp, destination in
            try await channel.updateMetadata(to: destination, from: stamp, liveBrokers: liveBrokers,
                                             partitions: partitions)
            return nil
        }
    }

    /// Queues StopReplica requests and waits (at most `waitUpTo`) until they have been answered.
    func stopReplicas(_ stops: [BrokerID: [StopReplicaPartition]], waitUpTo limit: Duration) async {
        var sent: [Task<Void, Never>] = []
        for (broker, partitions) in stops {
            sent.append(enqueue(broker, "StopReplica") { channel, stamp, destination in
                let errors = try await channel.stopReplica(to: destination, from: stamp, partitions: partitions)
                return errors.isEmpty ? nil : "\(errors)"
            })
        }
        await Self.wait(for: sent, upTo: limit)
    }

    /// Waits (at most `limit`) until everything queued so far, to every broker, has been sent and answered.
    func waitForQueued(upTo limit: Duration) async {
        await Self.wait(for: tails.withLockedValue { Array($0.values) }, upTo: limit)
    }

    private static func wait(for tasks: [Task<Void, Never>], upTo limit: Duration) async {
        guard limit > .zero, !tasks.isEmpty else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for task in tasks { await task.value }
            }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Appends a send to the broker's queue. Failures are logged: the broker either comes back (and the
    /// controller resends the full state on its return) or is declared dead.
    @discardableResult
    private func enqueue(_ broker: BrokerID, _ name: String,
                         _ send: @escaping @Sendable (any ControllerChannel, ControllerStamp, LiveBroker) async throws
                             -> String?) -> Task<Void, Never>
    {
        let channel = self.channel, stamp = self.stamp, logger = self.logger, brokers = self.brokers
        return tails.withLockedValue { tails in
            let previous = tails[broker]
            let task = Task {
                await previous?.value
                guard let destination = brokers.withLockedValue({ $0[broker] }) else { return }
                do {
                    if let problem = try await send(channel, stamp, destination) {
                        logger.warning("\(name) answered with errors", metadata: ["broker": "\(broker)",
                                                                                  "errors": "\(problem)"])
                    }
                } catch {
                    logger.warning("\(name) not delivered", metadata: ["broker": "\(broker)", "error": "\(error)"])
                }
            }
            tails[broker] = task
            return task
        }
    }
}
