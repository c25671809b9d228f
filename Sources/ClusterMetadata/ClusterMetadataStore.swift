import Foundation
import KafkaModel
import Logging
import ZooKeeperClient

/// Kafka's ZooKeeper-mode reads and writes (the `KafkaZkClient` of Tributary), over one ZooKeeper session.
///
/// A value type: make a new one with the new client after a session expiry. Controller writes go through
/// `epochCheckedMulti`, so a controller that lost its role can no longer change anything.
public struct ClusterMetadataStore: Sendable {
    public let zooKeeper: ZooKeeperClient

    public init(_ zooKeeper: ZooKeeperClient) { self.zooKeeper = zooKeeper }

    // MARK: Startup

    /// Creates Kafka's persistent roots (`PersistentZNodes.paths`) where missing.
    public func ensurePersistentPaths() async throws {
        for path in PersistentZNodes.paths { try await zooKeeper.createRecursively(path) }
    }

    /// Reads `/cluster/id`, or creates it with a random id if absent (the first broker to start wins).
    /// - Returns: the cluster id.
    public func getOrCreateClusterID() async throws -> String {
        if let stored = try await clusterID() { return stored }
        try await zooKeeper.createRecursively("/cluster")
        let candidate = ClusterIDZNode(id: ZNodeUUID.random())
        do {
            try await zooKeeper.create(ClusterIDZNode.path, data: candidate.encoded())
            return candidate.id
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            guard let stored = try await clusterID() else { throw error }
            return stored
        }
    }

    /// The cluster id, or `nil` before any broker started.
    public func clusterID() async throws -> String? {
        guard let node = try await dataIfExists(ClusterIDZNode.path) else { return nil }
        return try ClusterIDZNode.decode(node.data).id
    }

    // MARK: Brokers

    /// Registers this broker as Kafka does: `multi{create EPHEMERAL /brokers/ids/<id>; setData(json, version 0)}`.
    /// If the znode exists and this session owns it (a retry after a lost answer), that is accepted.
    /// - Returns: the broker epoch (the znode's czxid).
    /// - Throws: `ClusterMetadataError.brokerAlreadyRegistered` if another session holds the id.
    public func registerBroker(_ registration: BrokerIDZNode) async throws -> Int64 {
        let path = BrokerIDZNode.path(registration.id)
        do {
            let results = try await zooKeeper.multi([
                .create(path: path, data: nil, mode: .ephemeral),
                .setData(path: path, data: registration.encoded(), version: 0),
            ])
            guard results.count == 2, case .dataSet(let stat) = results[1] else {
                throw ClusterMetadataError.unexpectedMultiResult
            }
            return stat.czxid
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            guard let existing = try await dataIfExists(path) else {
                // The holder's session (a killed process of this broker, usually) ended between the create and
                // this read: the id is free now.
                return try await registerBroker(registration)
            }
            if existing.stat.ephemeralOwner == zooKeeper.sessionID { return existing.stat.czxid }
            throw ClusterMetadataError.brokerAlreadyRegistered(registration.id,
                                                               ownerSession: existing.stat.ephemeralOwner)
        }
    }

    /// The registered broker ids, sorted.
    /// - Parameter watcher: a one-shot child watch on `/brokers/ids`.
    public func brokerIDs(watcher: ZooKeeperWatcher? = nil) async throws -> [BrokerID] {
        try await zooKeeper.getChildren(BrokerIDZNode.idsPath, watcher: watcher).compactMap(Int32.init).map {
            BrokerID($0)
        }.sorted()
    }

    /// One broker's registration and epoch (czxid), or `nil` if it is not registered.
    public func broker(_ id: BrokerID, watcher: ZooKeeperWatcher? = nil) async throws -> RegisteredBroker? {
        guard let node = try await dataIfExists(BrokerIDZNode.path(id), watcher: watcher) else { return nil }
        return RegisteredBroker(registration: try BrokerIDZNode.decode(node.data, id: id), epoch: node.stat.czxid)
    }

    /// Every live broker with its endpoints and epoch, sorted by id.
    public func liveBrokers() async throws -> [RegisteredBroker] {
        var brokers: [RegisteredBroker] = []
        for id in try await brokerIDs() {
            if let broker = try await broker(id) { brokers.append(broker) }  // it may have left meanwhile
        }
        return brokers
    }

    // MARK: Controller

    /// The active controller, or `nil` if there is none.
    /// - Parameter watcher: a one-shot exists watch on `/controller` (fires on creation, change, deletion).
    public func controller(watcher: ZooKeeperWatcher? = nil) async throws -> ControllerZNode? {
        guard try await zooKeeper.exists(ControllerZNode.path, watcher: watcher) != nil else { return nil }
        guard let node = try await dataIfExists(ControllerZNode.path) else { return nil }
        return try ControllerZNode.decode(node.data)
    }

    /// The controller epoch and the znode version that fences controller writes, or `nil` before any election.
    public func controllerEpoch() async throws -> ControllerEpochVersion? {
        guard let node = try await dataIfExists(ControllerEpochZNode.path) else { return nil }
        return ControllerEpochVersion(epoch: try ControllerEpochZNode.decode(node.data), epochZkVersion: node.stat.version)
    }

    /// Runs `operations` in one multi guarded by `check(/controller_epoch, fence.epochZkVersion)`.
    /// - Returns: the results of `operations` (the check's own result is left out).
    /// - Throws: `ClusterMetadataError.controllerMoved` if the epoch znode moved (another controller was
    ///   elected); `ZooKeeperError` for other failures (its `failedOperationIndex` counts `operations` from 0).
    public func epochCheckedMulti(_ operations: [ZooKeeperOperation], fence: ControllerEpochVersion) async throws
        -> [ZooKeeperOperationResult]
    {
        do {
            let results = try await zooKeeper.multi(
                [.check(path: ControllerEpochZNode.path, version: fence.epochZkVersion)] + operations)
            return Array(results.dropFirst())
        } catch let error as ZooKeeperError where error.failedOperationIndex == 0 {
            if error.code == .badVersion || error.code == .noNode { throw ClusterMetadataError.controllerMoved }
            throw error
        } catch let error as ZooKeeperError {
            throw ZooKeeperError(code: error.code, operation: error.operation, path: error.path,
                                 failedOperationIndex: error.failedOperationIndex.map { $0 - 1 }, detail: error.detail)
        }
    }

    // MARK: Helpers

    /// The znode's data and stat, or `nil` if it does not exist.
    public func dataIfExists(_ path: String, watcher: ZooKeeperWatcher? = nil) async throws -> ZooKeeperNodeData? {
        do {
            return try await zooKeeper.getData(path, watcher: watcher)
        } catch let error as ZooKeeperError where error.code == .noNode {
            return nil
        }
    }

    /// The znode's children, or `[]` if it does not exist.
    public func childrenIfExists(_ path: String, watcher: ZooKeeperWatcher? = nil) async throws -> [String] {
        do {
            return try await zooKeeper.getChildren(path, watcher: watcher)
        } catch let error as ZooKeeperError where error.code == .noNode {
            return []
        }
    }
}

/// A live broker: its registration and its epoch (the czxid of `/brokers/ids/<id>`).
public struct RegisteredBroker: Hashable, Sendable {
    public var registration: BrokerIDZNode
    public var epoch: Int64

    public init(registration: BrokerIDZNode, epoch: Int64) {
        self.registration = registration
        self.epoch = epoch
    }

    public var id: BrokerID { registration.id }
}

/// Proof of controllership for a write: the epoch won and the `/controller_epoch` znode version it left.
public struct ControllerEpochVersion: Hashable, Sendable, CustomStringConvertible {
    public var epoch: ControllerEpoch
    public var epochZkVersion: Int32

    public init(epoch: ControllerEpoch, epochZkVersion: Int32) {
        self.epoch = epoch
        self.epochZkVersion = epochZkVersion
    }

    public var description: String { "epoch \(epoch) (zkVersion \(epochZkVersion))" }
}

/// One conditional partition-state write of a batch: the state to write over the version the writer read.
public struct PartitionStateUpdate: Sendable {
    public var partition: TopicPartition
    public var state: PartitionStateZNode
    public var expectedVersion: Int32

    public init(partition: TopicPartition, state: PartitionStateZNode, expectedVersion: Int32) {
        self.partition = partition
        self.state = state
        self.expectedVersion = expectedVersion
    }
}
