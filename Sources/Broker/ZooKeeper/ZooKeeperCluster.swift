import Replication
import ClusterMetadata
import Controller
import KafkaModel
import Logging
import Sasl
import NIOConcurrencyHelpers
import ZooKeeperClient

/// The broker's side of ZooKeeper: the session (surviving expiry), registration and controller election
/// (`BrokerMembership`), the stores the controller and request handlers write through, and the topic-config
/// watch. Everything that touches ZooKeeper from the broker goes through here.
final class ZooKeeperCluster: Sendable {
    private let session: ZooKeeperSession
    private let logger: Logger
    private let membership = NIOLockedValueBox<BrokerMembership?>(nil)
    private let tasks = NIOLockedValueBox<[Task<Void, Never>]>([])
    private let epoch = NIOLockedValueBox<Int64>(-1)
    let controllerStore: ZooKeeperControllerStore
    /// The current session's state, nil before the first session (for the metrics).
    var sessionState: ZooKeeperSessionState? {
        get async { await session.currentClient?.sessionState }
    }
    let topicStore: ZooKeeperTopicStore

    private let sessionTimeout: Duration

    private init(session: ZooKeeperSession, brokerID: BrokerID, sessionTimeout: Duration, logger: Logger) {
        self.session = session
        self.sessionTimeout = sessionTimeout
        self.logger = logger
        self.controllerStore = ZooKeeperControllerStore(session: session)
        self.topicStore = ZooKeeperTopicStore(session: session, brokerID: brokerID)
        // A lost connection changes nothing while the session lives (the controller pauses, registrations and
        // watches stay); it is logged so an outage can be told from an expiry, which is logged by the session.
        let follower = Task { [logger] in
            for await event in await session.events() {
                switch event {
                case .disconnected:
                    logger.warning("ZooKeeper connection lost; reconnecting within the session")
                case .reconnected:
                    logger.info("ZooKeeper connection back; the session lived on")
                case .established, .expired, .closed:
                    break
                }
            }
        }
        tasks.withLockedValue { $0.append(follower) }
    }

    /// Opens the session, creating the chroot first if `zookeeper.connect` names one (as Kafka does).
    /// - Throws: `BrokerStartupError.zooKeeperUnreachable` after `zookeeper.connection.timeout.ms`.
    static func connect(config: BrokerConfig, logger: Logger) async throws -> ZooKeeperCluster {
        let security: ZooKeeperSecurity
        do {
            security = try ZooKeeperSecurity(config: config)
        } catch {
            throw BrokerStartupError.zooKeeper("\(error)")
        }
        let configuration = ZooKeeperClient.Configuration(
            connectString: config.zookeeperConnect,
            sessionTimeout: .milliseconds(config.zookeeperSessionTimeoutMs),
            connectionTimeout: .milliseconds(config.effectiveZookeeperConnectionTimeoutMs),
            authentication: security.authentication, acl: security.aclPolicy)
        if !security.authentication.isEmpty {
            logger.info("authenticating to ZooKeeper", metadata: [
                "scheme": "\(security.authentication.map(\.scheme))", "zookeeper.set.acl": "\(security.setAcl)"])
        }
        let session = ZooKeeperSession(configuration: configuration, logger: logger)
        do {
            try await ZooKeeperClient.ensureChroot(configuration)
            try await session.start()
        } catch let error as ZooKeeperError where error.code == .connectionTimeout || error.code == .connectionLoss {
            await session.close()
            throw BrokerStartupError.zooKeeperUnreachable(
                connect: config.zookeeperConnect, timeoutMs: config.effectiveZookeeperConnectionTimeoutMs)
        } catch {
            await session.close()
            throw BrokerStartupError.zooKeeper("\(error)")
        }
        return ZooKeeperCluster(session: session, brokerID: BrokerID(config.brokerID),
                                sessionTimeout: .milliseconds(config.zookeeperSessionTimeoutMs), logger: logger)
    }

    /// A user's SCRAM credential for `mechanism`, as Kafka stores it in `/config/users/<user>` (the name
    /// sanitized as Kafka's `Sanitizer` does); nil when there is none, the znode cannot be read or the credential
    /// is malformed — all of which fail the authentication, never the broker.
    func scramCredential(user: String, mechanism: ScramMechanism) async -> ScramCredential? {
        do {
            let config = try await ClusterMetadataStore(try await session.client())
                .entityConfig(.users, ClientQuotaEntity.sanitize(user))
            return config[mechanism.name].flatMap(ScramCredential.init(kafkaString:))
        } catch {
            logger.warning("cannot read SCRAM credentials", metadata: ["user": "\(user)", "error": "\(error)"])
            return nil
        }
    }

    /// Creates Kafka's persistent paths and returns the cluster id (creating it if this is the first broker).
    func prepare() async throws -> String {
        let store = ClusterMetadataStore(try await session.client())
        try await store.ensurePersistentPaths()
        return try await store.getOrCreateClusterID()
    }

    var brokerEpoch: Int64 { epoch.withLockedValue { $0 } }

    /// This broker's registration epoch as its membership holds it: set before the registration is announced,
    /// so a controller that saw the new registration is never refused for a re-registration not yet processed.
    func currentBrokerEpoch() async -> Int64 {
        guard let member = membership.withLockedValue({ $0 }) else { return brokerEpoch }
        return await member.brokerEpoch ?? -1
    }

    /// The epoch in `/controller_epoch`, nil before the first election.
    func controllerEpoch() async throws -> Int32? {
        try await ClusterMetadataStore(try await session.client()).controllerEpoch()?.epoch.rawValue
    }

    /// Every topic's replicas by partition and its id, read with all requests in flight at once.
    func topicsForStrayCheck() async throws -> [TopicName: StrayReplicas.Topic] {
        let store = ClusterMetadataStore(try await session.client())
        struct Loaded: Sendable {
            var topic: TopicName
            var znode: TopicZNode?
        }
        return try await withThrowingTaskGroup(of: Loaded.self) { group in
            for topic in try await store.topicNames() {
                group.addTask { Loaded(topic: topic, znode: try await store.topic(topic)?.topic) }
            }
            var result: [TopicName: StrayReplicas.Topic] = [:]
            for try await loaded in group {
                guard let znode = loaded.znode else { continue }
                result[loaded.topic] = StrayReplicas.Topic(partitions: znode.partitions, topicID: znode.topicID)
            }
            return result
        }
    }

    /// Tells the controller that a log directory of this broker failed (KIP-112's notification znode).
    func notifyLogDirFailure(brokerID: BrokerID) async throws {
        try await ClusterMetadataStore(try await session.client()).notifyLogDirFailure(of: brokerID)
    }

    /// Every topic's config overrides (`/config/topics/<t>`), read with all requests in flight at once. Read
    /// before the logs open, as Kafka does, so a log starts with its topic's settings: a compacted topic must
    /// never meet a retention pass that takes it for `cleanup.policy=delete`.
    func topicConfigs() async throws -> [TopicName: [String: String]] {
        let store = ClusterMetadataStore(try await session.client())
        return try await withThrowingTaskGroup(of: (TopicName, [String: String]).self) { group in
            for topic in try await store.childrenIfExists("/config/topics") {
                group.addTask { (TopicName(topic), try await store.topicConfig(TopicName(topic))) }
            }
            var result: [TopicName: [String: String]] = [:]
            for try await (topic, overrides) in group where !overrides.isEmpty { result[topic] = overrides }
            return result
        }
    }

    /// Writes leaders' ISR changes to the partition state znodes.
    func partitionStateWriter(logger: Logger) -> ZooKeeperPartitionStateWriter {
        ZooKeeperPartitionStateWriter(session: session, logger: logger)
    }

    /// Registers `/brokers/ids/<id>` and starts following the controller election.
    ///
    /// A registration held by another session may belong to this broker's previous process, killed a moment
    /// ago: its session lives on until the session timeout. So a held id is retried until one and a half
    /// session timeouts have passed; only then is it a duplicate broker.id.
    /// - Throws: `BrokerStartupError.duplicateBrokerID` when another live broker keeps the id.
    func register(brokerID: BrokerID, listeners: [Listener], rack: String?,
                  securityProtocol: (String) -> String = { _ in "PLAINTEXT" }) async throws {
        let registration = BrokerIDZNode(
            id: brokerID,
            endpoints: listeners.map {
                BrokerIDZNode.Endpoint(listenerName: $0.name, securityProtocol: securityProtocol($0.name),
                                       host: $0.host, port: Int32($0.port))
            },
            rack: rack, timestamp: wallClockMs())
        let deadline = ContinuousClock.now + sessionTimeout * 1.5
        var member: BrokerMembership
        while true {
            member = BrokerMembership(session: session, registration: registration, logger: logger)
            do {
                try await member.start()
                break
            } catch ClusterMetadataError.brokerAlreadyRegistered(_, let owner) {
                guard ContinuousClock.now < deadline else {
                    throw BrokerStartupError.duplicateBrokerID(brokerID.rawValue)
                }
                logger.warning("broker id held by another session; waiting for it to expire", metadata: [
                    "broker": "\(brokerID)", "session": "0x\(String(UInt64(bitPattern: owner), radix: 16))"])
                try await Task.sleep(for: .milliseconds(250))
            }
        }
        membership.withLockedValue { $0 = member }
        let registeredEpoch = await member.brokerEpoch ?? -1
        epoch.withLockedValue { $0 = registeredEpoch }
    }

    /// Follows the election: `onElected` when this broker becomes controller, `onResigned` when it stops.
    func startElection(onElected: @escaping @Sendable (ControllerFence) -> Void,
                       onResigned: @escaping @Sendable () async -> Void,
                       onActiveController: @escaping @Sendable (BrokerID?) -> Void) async {
        guard let member = membership.withLockedValue({ $0 }) else { return }
        let events = await member.events()
        let logger = self.logger, epoch = self.epoch
        let task = Task {
            var heldEpoch: ControllerEpoch?
            for await event in events {
                switch event {
                case .registered(let brokerEpoch):
                    // Logged by the membership ("registered broker"), which sees every registration.
                    epoch.withLockedValue { $0 = brokerEpoch }
                case .becameController(let fence):
                    heldEpoch = fence.epoch
                    logger.info("elected controller", metadata: ["epoch": "\(fence.epoch)"])
                    onActiveController(member.brokerID)
                    onElected(ControllerFence(epoch: fence.epoch, epochZkVersion: fence.epochZkVersion))
                case .resigned:
                    logger.info("no longer controller", metadata: ["epoch": "\(heldEpoch.map { "\($0)" } ?? "?")"])
                    heldEpoch = nil
                    await onResigned()
                case .activeController(let id):
                    logger.info("active controller", metadata: ["broker": "\(id.map { "\($0)" } ?? "none")"])
                    onActiveController(id)
                }
            }
        }
        tasks.withLockedValue { $0.append(task) }
    }

    /// Called when the controller found itself fenced or failed: gives up `/controller` so brokers re-elect.
    func resignController() async {
        guard let member = membership.withLockedValue({ $0 }) else { return }
        try? await member.abdicate()
    }

    /// This broker's dynamic configs (`/config/brokers/<id>`) and the cluster default (`/config/brokers/<default>`);
    /// a level whose znode does not decode is nil (logged), so a damaged znode cannot keep the broker from starting.
    func brokerConfigs(brokerID: BrokerID) async throws -> (own: [String: String]?, clusterDefault: [String: String]?) {
        let store = ClusterMetadataStore(try await session.client())
        return (own: try await readable { try await store.entityConfig(.brokers, String(brokerID.rawValue)) },
                clusterDefault: try await readable {
                    try await store.entityConfig(.brokers, ReplicationThrottle.defaultBrokerEntity)
                })
    }

    /// The config a znode holds, or nil (logged) when its JSON does not decode: one damaged znode, written by
    /// anything, must not stop the others from applying.
    private func readable(_ read: () async throws -> [String: String]) async throws -> [String: String]? {
        do {
            return try await read()
        } catch let error as ZNodeDecodingError {
            logger.warning("config znode ignored", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Calls `applyTopic` with every topic's config overrides, `applyBroker` with this broker's dynamic configs and
    /// the cluster default, and `applyQuotas` with every client quota entity's config (and the znodes that did not
    /// decode), now and again whenever a config-change notification appears (Kafka's `/config/changes` protocol;
    /// the notification is only a trigger).
    func watchConfigs(brokerID: BrokerID,
                      topics applyTopic: @escaping @Sendable (TopicName, [String: String]) -> Void,
                      broker applyBroker: @escaping @Sendable (_ own: [String: String]?,
                                                               _ clusterDefault: [String: String]?) -> Void,
                      quotas applyQuotas: @escaping @Sendable (_ configs: [String: [String: String]],
                                                               _ unreadable: [String]) -> Void) async
    {
        let session = self.session, logger = self.logger
        let task = Task { [self] in
            while !Task.isCancelled {
                let (fired, signal) = AsyncStream<Void>.makeStream()
                do {
                    let store = ClusterMetadataStore(try await session.client())
                    _ = try await store.childrenIfExists(ConfigChangeNotificationZNode.changesPath, watcher: { _ in
                        signal.yield()
                        signal.finish()
                    })
                    for topic in try await store.childrenIfExists("/config/topics") {
                        let name = TopicName(topic)
                        if let overrides = try await readable({ try await store.topicConfig(name) }) {
                            applyTopic(name, overrides)
                        }
                    }
                    let broker = try await brokerConfigs(brokerID: brokerID)
                    applyBroker(broker.own, broker.clusterDefault)
                    let quotas = try await store.clientQuotaConfigs()
                    applyQuotas(quotas.configs, quotas.unreadable)
                } catch {
                    logger.warning("cannot read dynamic configs", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: .seconds(1))
                    continue
                }
                for await _ in fired { break }
            }
        }
        tasks.withLockedValue { $0.append(task) }
    }

    /// Stops following the cluster and closes the session, which removes this broker's ephemerals at once.
    func close() async {
        for task in tasks.withLockedValue({ $0 }) { task.cancel() }
        if let member = membership.withLockedValue({ $0 }) { await member.stop() }
        controllerStore.finish()
        await session.close()
    }
}
