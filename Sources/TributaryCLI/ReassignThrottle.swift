import Foundation
import KafkaClient
import KafkaModel

/// Replication throttles for a reassignment, set and cleared as Kafka's tool does: the topic configs
/// `leader.replication.throttled.replicas` (`partition:broker` for every source replica of a moving partition)
/// and `follower.replication.throttled.replicas` (every destination that is not already a source), plus the
/// broker configs `leader.replication.throttled.rate` / `follower.replication.throttled.rate` (bytes/s) on
/// every broker involved, all through IncrementalAlterConfigs.
enum ReassignThrottle {
    static let leaderReplicas = "leader.replication.throttled.replicas"
    static let followerReplicas = "follower.replication.throttled.replicas"
    static let leaderRate = "leader.replication.throttled.rate"
    static let followerRate = "follower.replication.throttled.rate"

    /// Sets the throttles for moving `current` to `target`.
    /// - Returns: the brokers that refused the rate configs, with the reason (the topic lists are set anyway).
    /// - Throws: when a topic's throttled-replica lists cannot be set.
    static func apply(rate: Int64, target: [TopicPartition: [BrokerID]], current: [TopicPartition: [BrokerID]],
                      admin: KafkaAdmin) async throws -> [BrokerID: String]
    {
        let moving = target.filter { current[$0.key] != $0.value }
        let byTopic = Dictionary(grouping: moving.keys.sorted(), by: \.topic)
        for (topic, partitions) in byTopic.sorted(by: { $0.key < $1.key }) {
            var leaders: [String] = []
            var followers: [String] = []
            for partition in partitions {
                let sources = current[partition] ?? []
                leaders += sources.map { "\(partition.partition):\($0)" }
                followers += moving[partition]!.filter { !sources.contains($0) }.map { "\(partition.partition):\($0)" }
            }
            let result = try await admin.incrementalAlterConfigs(.topic(topic), [
                ConfigAlteration(name: leaderReplicas, value: leaders.joined(separator: ",")),
                ConfigAlteration(name: followerReplicas, value: followers.joined(separator: ",")),
            ])
            try result.check(.incrementalAlterConfigs)
        }
        var refused: [BrokerID: String] = [:]
        let brokers = Set(moving.values.joined()).union(moving.keys.flatMap { current[$0] ?? [] })
        for broker in brokers.sorted() {
            let result = await withinBrokerTimeout {
                try await admin.incrementalAlterConfigs(.broker(broker), [
                    ConfigAlteration(name: leaderRate, value: String(rate)),
                    ConfigAlteration(name: followerRate, value: String(rate)),
                ])
            }
            switch result {
            case .success(let result) where result.succeeded: break
            case .success(let result): refused[broker] = result.errorMessage ?? "\(result.errorCode)"
            case .failure(let error): refused[broker] = "\(error)"
            }
        }
        return refused
    }

    /// Removes the throttles: the rates on `brokers`, the replica lists on `topics`. Brokers that cannot hold
    /// dynamic configs, and topics that no longer exist, are skipped silently (nothing is set there).
    static func clear(topics: [TopicName], brokers: [BrokerID], admin: KafkaAdmin) async throws {
        let brokerList = brokers.sorted().map(\.description).joined(separator: ",")
        print("Clearing broker-level throttles on brokers \(brokerList)")
        for broker in brokers.sorted() {
            _ = await withinBrokerTimeout {
                try await admin.incrementalAlterConfigs(.broker(broker), [
                    ConfigAlteration(name: leaderRate, operation: .delete, value: nil),
                    ConfigAlteration(name: followerRate, operation: .delete, value: nil),
                ])
            }
        }
        print("Clearing topic-level throttles on topic(s) \(topics.sorted().map(\.rawValue).joined(separator: ","))")
        for topic in topics.sorted() {
            let result = try await admin.incrementalAlterConfigs(.topic(topic), [
                ConfigAlteration(name: leaderReplicas, operation: .delete, value: nil),
                ConfigAlteration(name: followerReplicas, operation: .delete, value: nil),
            ])
            // A topic deleted meanwhile (a deletion that waited for the move) has no throttles left to clear.
            if result.errorCode == .unknownTopicOrPartition { continue }
            try result.check(.incrementalAlterConfigs)
        }
    }

    /// Broker configs go to that broker itself; one that is down or hung must not hold up the tool, so the
    /// call is abandoned (left running, the process exits soon) after 5 seconds.
    private static func withinBrokerTimeout<Value: Sendable>(
        _ operation: @escaping @Sendable () async throws -> Value
    ) async -> Result<Value, any Error> {
        await withCheckedContinuation { continuation in
            let once = ResumeOnce(continuation)
            let work = Task {
                do { once.resume(.success(try await operation())) } catch { once.resume(.failure(error)) }
            }
            Task {
                try? await Task.sleep(for: .seconds(5))
                once.resume(.failure(CommandFailure("no answer within 5 seconds")))
                work.cancel()
            }
        }
    }
}

/// Resumes a continuation with the first result only.
private final class ResumeOnce<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `continuation` is read and cleared only under `lock`.
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Result<Value, any Error>, Never>?

    init(_ continuation: CheckedContinuation<Result<Value, any Error>, Never>) { self.continuation = continuation }

    func resume(_ result: Result<Value, any Error>) {
        lock.lock()
        let pending = continuation
        continuation = nil
        lock.unlock()
        pending?.resume(returning: result)
    }
}
