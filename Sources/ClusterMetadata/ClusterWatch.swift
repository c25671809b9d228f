import KafkaModel
import Logging
import ZooKeeperClient

/// What a cluster watch reports.
public enum ClusterEvent: Sendable, Hashable {
    /// A broker registered (also reported for every broker present when the watch starts).
    case brokerJoined(RegisteredBroker)
    /// A broker's registration went away.
    case brokerLeft(BrokerID)
    /// A broker re-registered under the same id (a new session: larger epoch).
    case brokerRestarted(RegisteredBroker)
    /// The active controller changed (`nil`: none right now), with the epoch when known.
    case controllerChanged(BrokerID?, epoch: ControllerEpoch?)
    /// The partitions without a live leader, or those whose ISR is smaller than their replica set, changed
    /// (both lists sorted, each whole).
    case partitionsChanged(offline: [TopicPartition], underReplicated: [TopicPartition])
    /// The reassignments in progress changed: each moving partition with its target replicas.
    case reassignmentsChanged([TopicPartition: [BrokerID]])
}

/// A feed of the cluster's changes as ZooKeeper holds them: broker joins and departures, controller changes,
/// offline and under-replicated partitions, reassignments in progress (for `tributary cluster watch` and tests).
///
/// Built on one-shot watches, each re-armed only when it fired, so every znode carries at most one watch of the
/// feed however long it runs: `/brokers/ids`, `/controller`, `/brokers/topics`, each topic's znode and each
/// partition's state znode, and `/admin/reassign_partitions`. Works within one session; it ends when the
/// session does. A znode that does not decode is left out (and read again when it changes), never fatal.
public enum ClusterWatch {
    /// Starts watching. The stream first reports the current brokers and controller (and unhealthy partitions
    /// and reassignments, if any), then changes. Cancel the consuming task (or drop the stream) to stop.
    public static func events(_ zooKeeper: ZooKeeperClient) -> AsyncStream<ClusterEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: ClusterEvent.self)
        let (triggers, trigger) = AsyncStream.makeStream(of: Trigger.self)
        let task = Task {
            var state = WatchState()
            let store = ClusterMetadataStore(zooKeeper)
            for initial in [Trigger.brokers, .controller, .topics, .reassignments] { trigger.yield(initial) }
            for await kind in triggers {
                if case .stop = kind { break }
                do {
                    for event in try await state.refresh(kind, store: store, trigger: trigger) {
                        continuation.yield(event)
                    }
                } catch {
                    // The session ended (or a read failed for good): the feed ends with it.
                    break
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in
            trigger.yield(.stop)
            task.cancel()
        }
        return stream
    }

    enum Trigger: Sendable {
        case brokers, controller, topics, reassignments, stop
        case topic(TopicName)
        case partition(TopicPartition)
    }

    /// What the watch has read and reported so far, to turn re-reads into differences.
    struct WatchState {
        var brokers: [BrokerID: Int64] = [:]
        var controller: BrokerID??
        var assignments: [TopicName: TopicZNode] = [:]
        var states: [TopicPartition: PartitionStateZNode] = [:]
        var requested: [TopicPartition: [BrokerID]] = [:]
        var reportedHealth = Health()
        var reportedReassignments: [TopicPartition: [BrokerID]] = [:]

        struct Health: Equatable {
            var offline: [TopicPartition] = []
            var underReplicated: [TopicPartition] = []
        }

        mutating func refresh(
            _ kind: Trigger, store: ClusterMetadataStore, trigger: AsyncStream<Trigger>.Continuation
        ) async throws -> [ClusterEvent] {
            // A watch re-arms the trigger of the znode it was set on.
            func rearm(_ kind: Trigger) -> ZooKeeperWatcher {
                { event in
                    if case .sessionEnded = event.kind {
                        trigger.yield(.stop)
                    } else {
                        trigger.yield(kind)
                    }
                }
            }
            var events: [ClusterEvent] = []
            switch kind {
            case .brokers:
                let ids = Set(try await store.brokerIDs(watcher: rearm(.brokers)))
                for gone in brokers.keys.filter({ !ids.contains($0) }).sorted() {
                    brokers[gone] = nil
                    events.append(.brokerLeft(gone))
                }
                for id in ids.sorted() {
                    let read: RegisteredBroker?
                    do { read = try await store.broker(id) } catch is ZNodeDecodingError { continue }
                    guard let broker = read else { continue }
                    switch brokers[id] {
                    case nil: events.append(.brokerJoined(broker))
                    case let known? where known != broker.epoch: events.append(.brokerRestarted(broker))
                    default: break
                    }
                    brokers[id] = broker.epoch
                }
            case .controller:
                let holder: BrokerID?
                do {
                    holder = try await store.controller(watcher: rearm(.controller))?.brokerID
                } catch is ZNodeDecodingError {
                    holder = nil  // a claim nobody can read elects nobody
                }
                if controller != .some(holder) {
                    controller = .some(holder)
                    let epoch = holder == nil ? nil : (try? await store.controllerEpoch())?.epoch
                    events.append(.controllerChanged(holder, epoch: epoch))
                }
            case .topics:
                let names = Set(try await store.topicNames(watcher: rearm(.topics)))
                for gone in assignments.keys where !names.contains(gone) { forget(gone) }
                for name in names.sorted() where assignments[name] == nil {
                    try await readTopic(name, store: store, watcher: rearm(.topic(name)), rearm: rearm)
                }
            case .topic(let name):
                try await readTopic(name, store: store, watcher: rearm(.topic(name)), rearm: rearm)
            case .partition(let partition):
                try await readState(partition, store: store, watcher: rearm(.partition(partition)))
            case .reassignments:
                let node = try await store.dataIfExists(ReassignPartitionsZNode.path, watcher: rearm(.reassignments))
                requested = node.flatMap { try? ReassignPartitionsZNode.decode($0.data).reassignments } ?? [:]
            case .stop:
                return []
            }
            return events + healthEvents()
        }

        /// Reads a topic's assignment (watching it) and the state of each partition not read yet (watching each).
        private mutating func readTopic(_ name: TopicName, store: ClusterMetadataStore, watcher: @escaping ZooKeeperWatcher,
                                        rearm: (Trigger) -> ZooKeeperWatcher) async throws
        {
            guard let node = try await store.dataIfExists(TopicZNode.path(name), watcher: watcher),
                let topic = try? TopicZNode.decode(node.data, topic: name)
            else {
                forget(name)
                return
            }
            let known = assignments[name] != nil
            assignments[name] = topic
            for partition in topic.partitions.keys.sorted() {
                let key = TopicPartition(name, partition)
                if known, states[key] != nil { continue }
                try await readState(key, store: store, watcher: rearm(.partition(key)))
            }
        }

        private mutating func readState(_ partition: TopicPartition, store: ClusterMetadataStore,
                                        watcher: @escaping ZooKeeperWatcher) async throws
        {
            let node = try await store.dataIfExists(PartitionStateZNode.path(partition), watcher: watcher)
            states[partition] = node.flatMap { try? PartitionStateZNode.decode($0.data, partition: partition) }
        }

        private mutating func forget(_ topic: TopicName) {
            assignments[topic] = nil
            for key in states.keys where key.topic == topic { states[key] = nil }
        }

        /// The partitions' health and the reassignments, reported when they differ from what was last reported.
        private mutating func healthEvents() -> [ClusterEvent] {
            var events: [ClusterEvent] = []
            let health = ClusterHealth.compute(assignments: assignments, states: states, liveBrokers: Set(brokers.keys))
            let current = Health(offline: health.offline, underReplicated: health.underReplicated)
            if current != reportedHealth {
                reportedHealth = current
                events.append(.partitionsChanged(offline: current.offline, underReplicated: current.underReplicated))
            }
            let moving = ClusterHealth.reassignments(assignments: assignments, requested: requested)
            if moving != reportedReassignments {
                reportedReassignments = moving
                events.append(.reassignmentsChanged(moving))
            }
            return events
        }
    }
}

/// The health rules of the live view, pure so they are tested without ZooKeeper.
public enum ClusterHealth {
    /// Offline: the partition has no state yet, no leader (-1), or a leader that is not a live broker.
    /// Under-replicated: online with an ISR smaller than its replica set (Kafka's UnderReplicatedPartitions).
    public static func compute(assignments: [TopicName: TopicZNode], states: [TopicPartition: PartitionStateZNode],
                               liveBrokers: Set<BrokerID>)
        -> (offline: [TopicPartition], underReplicated: [TopicPartition])
    {
        var offline: [TopicPartition] = []
        var underReplicated: [TopicPartition] = []
        for (topic, assignment) in assignments {
            for (partition, replicas) in assignment.partitions {
                let key = TopicPartition(topic, partition)
                guard let state = states[key], liveBrokers.contains(state.leader) else {
                    offline.append(key)
                    continue
                }
                if Set(state.isr).count < Set(replicas).count { underReplicated.append(key) }
            }
        }
        return (offline.sorted(), underReplicated.sorted())
    }

    /// Partitions moving: those with adding or removing replicas in their topic's znode (target: the replicas
    /// without the removing ones), and those requested in `/admin/reassign_partitions` (target: the request).
    public static func reassignments(assignments: [TopicName: TopicZNode], requested: [TopicPartition: [BrokerID]])
        -> [TopicPartition: [BrokerID]]
    {
        var moving = requested
        for (topic, assignment) in assignments {
            for (partition, replicas) in assignment.partitions {
                let adding = assignment.addingReplicas[partition] ?? []
                let removing = assignment.removingReplicas[partition] ?? []
                guard !adding.isEmpty || !removing.isEmpty else { continue }
                moving[TopicPartition(topic, partition)] = replicas.filter { !removing.contains($0) }
            }
        }
        return moving
    }
}

extension ClusterMetadataStore {
    /// The cluster at a glance, for the command line.
    public struct ClusterDescription: Sendable, Hashable {
        public var clusterID: String?
        public var brokers: [RegisteredBroker]
        public var controller: BrokerID?
        public var controllerEpoch: ControllerEpoch?
    }

    /// Cluster id, live brokers with endpoints, and the active controller with its epoch.
    public func describeCluster() async throws -> ClusterDescription {
        ClusterDescription(clusterID: try await clusterID(), brokers: try await liveBrokers(),
                           controller: try await controller()?.brokerID,
                           controllerEpoch: try await controllerEpoch()?.epoch)
    }
}
