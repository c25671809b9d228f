import Replication
import Controller
import KafkaModel
import KafkaProtocol
import Logging

/// Creating, growing and deleting topics for request handlers: validation with Kafka's error codes, replica
/// placement over the live brokers, the write to the topic store, and the wait until the controller has acted
/// (the metadata cache shows leaders, or no longer shows the topic).
struct TopicAdmin: TopicCreating {
    let store: any TopicStore
    let metadata: MetadataCache
    let config: BrokerConfig
    let logger: Logger

    /// The most partitions one topic may have. A topic's whole assignment lives in one znode,
    /// `/brokers/topics/<t>`, and ZooKeeper refuses a znode (indeed a packet) above `jute.maxbuffer`, 1 MiB by
    /// default. Each partition costs about `"<index>":[<id>,<id>],`: some 20 bytes with RF 2 and short broker
    /// ids, 30–35 with RF 3 or long ids. 50,000 partitions at ~20 bytes is ~1 MB, the most that can ever fit,
    /// and leaves a 10,000-partition topic with RF 2 (~200 KB) far inside the limit. The count is checked
    /// before any placement is computed, so an absurd request allocates nothing; `maxAssignmentBytes` then
    /// checks the encoded size of the actual placement.
    static let maxPartitionsPerTopic = 50_000
    /// The budget for a topic's assignment JSON: `jute.maxbuffer` (1 MiB) less room for the rest of the znode
    /// (version, topic id, adding/removing replicas) and of the ZooKeeper packet.
    static let maxAssignmentBytes = 900_000

    /// About the bytes `{"<p>":[<ids>],…}` takes for `assignment` in the topic znode.
    static func estimatedAssignmentBytes(_ assignment: [[BrokerID]]) -> Int {
        func digits(_ value: Int) -> Int { String(value).utf8.count }
        var total = 2
        for (index, replicas) in assignment.enumerated() {
            total += digits(index) + 6 + replicas.reduce(0) { $0 + digits(Int($1.rawValue)) + 1 }
        }
        return total
    }

    /// Refuses a placement that could not be written to the topic znode.
    static func checkFitsZNode(_ assignment: [[BrokerID]]) throws(Refusal) {
        guard assignment.count <= maxPartitionsPerTopic else {
            throw Refusal(code: .invalidPartitions,
                          message: "Number of partitions \(assignment.count) exceeds the maximum of \(maxPartitionsPerTopic).")
        }
        let bytes = estimatedAssignmentBytes(assignment)
        guard bytes <= maxAssignmentBytes else {
            throw Refusal(code: .invalidReplicaAssignment,
                          message: "The replica assignment (~\(bytes) bytes) does not fit in a ZooKeeper znode.")
        }
    }

    /// A refusal: the error code and Kafka-style message for one topic.
    struct Refusal: Error, Equatable {
        let code: KafkaErrorCode
        let message: String
    }

    struct NewTopic: Sendable {
        var name: TopicName
        /// -1: the broker's `num.partitions`.
        var partitions: Int32
        /// -1: the broker's `default.replication.factor`.
        var replicationFactor: Int16
        /// Explicit placement by partition; replaces partitions/replicationFactor when given.
        var assignment: [[BrokerID]]?
        var configs: [String: String]
    }

    /// Validates a topic to create and returns its placement.
    func plan(_ topic: NewTopic) throws(Refusal) -> [[BrokerID]] {
        if let problem = TopicNameRules.validate(topic.name) { throw Refusal(code: .invalidTopicException, message: problem) }
        if metadata.snapshot.topics[topic.name] != nil {
            throw Refusal(code: .topicAlreadyExists, message: "Topic '\(topic.name)' already exists.")
        }
        for (name, value) in topic.configs {
            if let problem = TopicConfigDefinitions.problem(name: name, value: value) {
                throw Refusal(code: .invalidConfig, message: problem)
            }
        }
        let live = metadata.snapshot.brokers.keys.sorted()
        if let assignment = topic.assignment {
            guard !assignment.isEmpty else { throw Refusal(code: .invalidReplicaAssignment, message: "empty assignment") }
            guard assignment.count <= Self.maxPartitionsPerTopic else {
                throw Refusal(code: .invalidPartitions,
                              message: "Number of partitions \(assignment.count) exceeds the maximum of \(Self.maxPartitionsPerTopic).")
            }
            let factor = assignment[0].count
            guard factor <= live.count else {
                throw Refusal(code: .invalidReplicationFactor,
                              message: "Replication factor: \(factor) larger than available brokers: \(live.count).")
            }
            for replicas in assignment {
                guard !replicas.isEmpty, replicas.count == factor, Set(replicas).count == replicas.count else {
                    throw Refusal(code: .invalidReplicaAssignment,
                                  message: "every partition needs \(factor) distinct replicas")
                }
                if let unknown = replicas.first(where: { !live.contains($0) }) {
                    throw Refusal(code: .invalidReplicaAssignment, message: "Unknown broker id \(unknown)")
                }
            }
            try Self.checkFitsZNode(assignment)
            return assignment
        }
        let partitions = topic.partitions == -1 ? config.numPartitions : topic.partitions
        let factor = topic.replicationFactor == -1 ? config.defaultReplicationFactor : topic.replicationFactor
        guard partitions > 0 else {
            throw Refusal(code: .invalidPartitions, message: "Number of partitions must be larger than 0.")
        }
        guard factor > 0 else {
            throw Refusal(code: .invalidReplicationFactor, message: "Replication factor must be larger than 0.")
        }
        // Both checks come before the placement is computed: it allocates per partition and replica.
        guard Int(partitions) <= Self.maxPartitionsPerTopic else {
            throw Refusal(code: .invalidPartitions,
                          message: "Number of partitions \(partitions) exceeds the maximum of \(Self.maxPartitionsPerTopic).")
        }
        guard Int(factor) <= live.count else {
            throw Refusal(code: .invalidReplicationFactor,
                          message: "Replication factor: \(factor) larger than available brokers: \(live.count).")
        }
        let assignment: [[BrokerID]]
        do {
            assignment = try ReplicaAssignment.assign(brokers: live, partitionCount: Int(partitions),
                                                      replicationFactor: Int(factor))
        } catch {
            throw Refusal(code: .invalidReplicationFactor,
                          message: "Replication factor: \(factor) larger than available brokers: \(live.count).")
        }
        try Self.checkFitsZNode(assignment)
        return assignment
    }

    /// Creates a planned topic and waits (up to `timeout`) until every partition has a leader.
    func create(_ name: TopicName, assignment: [[BrokerID]], configs: [String: String], timeout: Duration)
        async throws(Refusal)
    {
        do {
            try await store.createTopic(name, assignment: assignment, configs: configs)
        } catch TopicStoreError.topicExists {
            throw Refusal(code: .topicAlreadyExists, message: "Topic '\(name)' already exists.")
        } catch {
            throw Refusal(code: .unknownServerError, message: "\(error)")
        }
        logger.info("created topic", metadata: ["topic": "\(name)", "partitions": "\(assignment.count)"])
        let ready = await waitUntil(timeout) {
            guard let partitions = metadata.snapshot.topics[name] else { return false }
            return partitions.count == assignment.count && partitions.values.allSatisfy { $0.leader != .none }
        }
        if !ready {
            throw Refusal(code: .requestTimedOut, message: "topic created, leaders not elected within the timeout")
        }
    }

    /// Metadata's auto-creation: the broker defaults, no waiting for leaders (clients retry).
    func autoCreate(_ topics: [TopicName]) async -> Set<TopicName> {
        var created: Set<TopicName> = []
        for name in topics {
            let topic = NewTopic(name: name, partitions: -1, replicationFactor: -1, assignment: nil, configs: [:])
            do {
                let assignment = try plan(topic)
                try await store.createTopic(name, assignment: assignment, configs: [:])
                logger.info("auto-created topic", metadata: ["topic": "\(name)"])
                created.insert(name)
            } catch TopicStoreError.topicExists {
                created.insert(name)
            } catch {
                logger.warning("cannot auto-create topic", metadata: ["topic": "\(name)", "error": "\(error)"])
            }
        }
        return created
    }

    /// Grows a topic to `count` partitions, placed like Kafka (or as given).
    func addPartitions(_ name: TopicName, count: Int32, assignment explicit: [[BrokerID]]?, validateOnly: Bool,
                       timeout: Duration) async throws(Refusal)
    {
        let existing: [[BrokerID]]
        do {
            guard let current = try await store.assignment(of: name) else {
                throw Refusal(code: .unknownTopicOrPartition, message: "Topic '\(name)' does not exist.")
            }
            // Kafka's rule: mid-move a partition lists its whole moving set, so neither the replication factor
            // nor the placement of new partitions can be read from it.
            guard !current.isBeingReassigned else { throw Self.reassignmentInProgress(name) }
            existing = current.replicas
        } catch let refusal as Refusal {
            throw refusal
        } catch {
            throw Refusal(code: .unknownServerError, message: "\(error)")
        }
        guard Int(count) > existing.count else {
            throw Refusal(code: .invalidPartitions,
                          message: "Topic currently has \(existing.count) partitions, which is higher than or equal to the requested \(count).")
        }
        guard Int(count) <= Self.maxPartitionsPerTopic else {
            throw Refusal(code: .invalidPartitions,
                          message: "Number of partitions \(count) exceeds the maximum of \(Self.maxPartitionsPerTopic).")
        }
        guard !existing.isEmpty else {
            throw Refusal(code: .unknownServerError, message: "Topic '\(name)' has no partitions to grow from.")
        }
        let live = metadata.snapshot.brokers.keys.sorted()
        let added: [[BrokerID]]
        if let explicit {
            guard explicit.count == Int(count) - existing.count else {
                throw Refusal(code: .invalidReplicaAssignment,
                              message: "Increasing the number of partitions by \(Int(count) - existing.count) but \(explicit.count) assignments provided.")
            }
            for replicas in explicit where replicas.count != existing[0].count || Set(replicas).count != replicas.count
                || replicas.contains(where: { !live.contains($0) })
            {
                throw Refusal(code: .invalidReplicaAssignment, message: "invalid replica assignment \(replicas)")
            }
            added = explicit
        } else {
            do {
                added = try ReplicaAssignment.assignAdditional(brokers: live, existing: existing,
                                                               newPartitionCount: Int(count))
            } catch {
                throw Refusal(code: .invalidReplicationFactor, message: "\(error)")
            }
        }
        try Self.checkFitsZNode(existing + added)
        if validateOnly { return }
        do {
            try await store.addPartitions(name, assignment: existing + added)
        } catch TopicStoreError.reassignmentInProgress {
            throw Self.reassignmentInProgress(name)
        } catch {
            throw Refusal(code: .unknownServerError, message: "\(error)")
        }
        _ = await waitUntil(timeout) {
            (metadata.snapshot.topics[name]?.count ?? 0) >= Int(count)
        }
    }

    private static func reassignmentInProgress(_ name: TopicName) -> Refusal {
        Refusal(code: .reassignmentInProgress, message: "A partition reassignment is in progress for the topic '\(name)'.")
    }

    /// Queues a topic for deletion and waits (up to `timeout`) until brokers no longer know it.
    func delete(_ name: TopicName, timeout: Duration) async throws(Refusal) {
        guard config.deleteTopicEnable else {
            throw Refusal(code: .topicDeletionDisabled, message: "Topic deletion is disabled.")
        }
        // A name that could never be a topic is never turned into a ZooKeeper path.
        guard TopicNameRules.validate(name) == nil else {
            throw Refusal(code: .unknownTopicOrPartition, message: "This server does not host this topic.")
        }
        do {
            guard try await store.assignment(of: name) != nil else {
                throw Refusal(code: .unknownTopicOrPartition, message: "This server does not host this topic.")
            }
            try await store.markForDeletion(name)
        } catch let refusal as Refusal {
            throw refusal
        } catch {
            throw Refusal(code: .unknownServerError, message: "\(error)")
        }
        let gone = await waitUntil(timeout) { metadata.snapshot.topics[name] == nil }
        if !gone { throw Refusal(code: .requestTimedOut, message: "deletion not complete within the timeout") }
    }

    /// Polls `condition` every 20 ms until it holds or `timeout` passes.
    private func waitUntil(_ timeout: Duration, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }
}
