import Replication
import Controller
import KafkaModel
import KafkaProtocol
import LogStorage
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TributaryLogging
import ZooKeeperClient

/// One running broker: joins the cluster through ZooKeeper, serves the Kafka protocol, hosts partitions, and
/// becomes the controller when it wins the election.
///
/// Start-up follows Kafka's order (reference §1.4): ZooKeeper (chroot, persistent paths, cluster id), log
/// recovery, listeners bound, broker registration, controller election, then the periodic tasks.
/// `shutdown()` is the SIGTERM path: controlled shutdown first (leadership moves away while this broker still
/// serves), then the listeners close, the ZooKeeper session closes (the registration vanishes at once) and
/// the logs are flushed and closed.
public final class BrokerNode: Sendable {
    public let config: BrokerConfig
    private let logger: Logger
    private let group: MultiThreadedEventLoopGroup
    /// `num.io.threads`: where appends run, off the network event loops.
    private let ioThreads: NIOThreadPool
    private let cluster: ZooKeeperCluster
    private let replicas: ReplicaManager
    private let metadata: MetadataCache
    private let server: BrokerServer
    private let connections: BrokerConnections
    private let controller: Controller
    private let fetchers: ReplicaFetcherManager
    private let isr: ISRManager
    private let groups: GroupServices
    private let transactions: TransactionServices
    private let logDirFailures: LogDirFailureHandler
    /// `log.cleaner.*`: compacts the logs whose `cleanup.policy` includes `compact`, on threads of its own.
    private let cleaner: LogCleaner
    private let background = NIOLockedValueBox<[Task<Void, Never>]>([])
    /// The Prometheus endpoint (`metrics.port`), if configured.
    private let metricsServer: MetricsHTTPServer?
    public let clusterID: String

    /// Starts a broker; returns once it is registered and serving.
    /// - Throws: `BrokerStartupError` (ZooKeeper unreachable, duplicate broker id, log directory problems).
    public static func start(config: BrokerConfig, logger: Logger) async throws -> BrokerNode {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        do {
            return try await BrokerNode(config: config, logger: logger, group: group)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private init(config staticConfig: BrokerConfig, logger: Logger, group: MultiThreadedEventLoopGroup) async throws {
        self.logger = logger
        self.group = group
        let brokerID = BrokerID(staticConfig.brokerID)
        let metrics = BrokerMetrics.shared  // bootstraps the metrics system, once per process
        // Before anything starts: TLS to other brokers whose certificates cannot be read, or a SASL login that
        // cannot be made, stops start-up here.
        let outgoingSecurity: OutgoingSecurity
        do {
            outgoingSecurity = try OutgoingSecurity(config: staticConfig)
        } catch {
            throw BrokerStartupError.bind("connections to other brokers: \(error)")
        }

        cluster = try await ZooKeeperCluster.connect(config: staticConfig, logger: Logger(subsystem: .zookeeper))
        clusterID = try await cluster.prepare()
        logger.info("joined ZooKeeper",
                    metadata: ["cluster id": "\(clusterID)", "zookeeper": "\(staticConfig.zookeeperConnect)"])

        // Dynamic broker configs override server.properties from the start, as in Kafka: everything below is built
        // from the effective config, and the config watcher applies later changes.
        let dynamicConfig = DynamicBrokerConfig(staticConfig: staticConfig)
        do {
            let read = try await cluster.brokerConfigs(brokerID: brokerID)
            let (_, skipped) = dynamicConfig.update(.init(own: read.own ?? [:],
                                                          clusterDefault: read.clusterDefault ?? [:]))
            for problem in skipped {
                logger.warning("dynamic broker config skipped", metadata: ["config": "\(problem)"])
            }
        } catch {
            await cluster.close()
            throw BrokerStartupError.zooKeeper("cannot read the dynamic broker configs: \(error)")
        }
        let config = dynamicConfig.current
        self.config = config

        let logManager: LogManager
        let topicConfigs = TopicConfigProvider(config: config)
        do {
            for (topic, overrides) in try await cluster.topicConfigs() {
                topicConfigs.setOverrides(overrides, for: topic)
            }
        } catch {
            await cluster.close()
            throw BrokerStartupError.zooKeeper("cannot read the topic configs: \(error)")
        }
        do {
            // A log created after its topic's overrides arrived gets them (the config watcher only updates logs
            // that exist when it runs).
            logManager = try LogManager(logDirectories: config.logDirs, brokerID: brokerID, clusterID: clusterID,
                                        defaultConfig: config.logConfig,
                                        topicConfig: { topic in
                                            dynamicConfig.current.logConfig
                                                .overlaid(with: topicConfigs.overrides(for: topic))
                                        },
                                        logger: Logger(subsystem: .storage))
        } catch {
            await cluster.close()
            throw BrokerStartupError.logDirectories("\(error)")
        }
        await Self.deleteStrayReplicas(logManager: logManager, cluster: cluster, brokerID: brokerID,
                                       logger: Logger(subsystem: .storage))
        metadata = MetadataCache()
        ioThreads = NIOThreadPool(numberOfThreads: config.numIoThreads)
        ioThreads.start()
        replicas = ReplicaManager(localBroker: brokerID, logManager: logManager,
                                  purgatoryTimer: EventLoopPurgatoryTimer(eventLoop: group.next()),
                                  logger: Logger(subsystem: .replication))
        connections = BrokerConnections(localBroker: brokerID, group: group, security: outgoingSecurity)
        // Followers fetch from their leaders; leaders keep the ISR. Installed before the listeners bind, so the
        // first LeaderAndIsr already starts fetchers.
        let throttle = ReplicationThrottle(localBroker: brokerID)
        fetchers = ReplicaFetcherManager(replicas: replicas, settings: ReplicaFetcherSettings(config: config),
                                         metadata: metadata, group: group,
                                         security: outgoingSecurity.forListener(config.effectiveInterBrokerListenerName),
                                         throttle: throttle, logger: Logger(subsystem: .replication))
        fetchers.install()
        // Directories that failed at start-up are reported at once (and to the controller), the others served.
        let cluster = self.cluster
        logDirFailures = LogDirFailureHandler(
            logManager: logManager, replicas: replicas, logger: Logger(subsystem: .storage),
            notifyController: { try await cluster.notifyLogDirFailure(brokerID: brokerID) },
            onAllDirectoriesOffline: { await Self.halt(closing: cluster) })
        let replicationLogger = Logger(subsystem: .replication)
        isr = ISRManager(replicas: replicas, writer: cluster.partitionStateWriter(logger: replicationLogger),
                         metadata: metadata, lagTimeMaxMs: config.replicaLagTimeMaxMs, nowMs: wallClockMs,
                         logger: replicationLogger,
                         onISRChanged: { shrank in (shrank ? metrics.isrShrinks : metrics.isrExpands).increment() })
        let topicStore = cluster.topicStore
        let admin = TopicAdmin(store: topicStore, metadata: metadata, config: config, logger: Logger(subsystem: .request))
        let channel = ControllerRequestChannel(connections: connections, config: config)
        controller = Controller(
            brokerID: brokerID, store: cluster.controllerStore,
            channel: channel,
            settings: .init(uncleanLeaderElection: { dynamicConfig.current.uncleanLeaderElectionEnable },
                            autoLeaderRebalance: config.autoLeaderRebalanceEnable,
                            leaderImbalanceCheckInterval: .seconds(config.leaderImbalanceCheckIntervalSeconds),
                            leaderImbalancePerBrokerPercentage: config.leaderImbalancePerBrokerPercentage),
            logger: Logger(subsystem: .controller), onResign: { Task { await cluster.resignController() } })
        let controller = self.controller
        groups = GroupServices(config: config, replicas: replicas, metadata: metadata, topicConfigs: topicConfigs,
                               admin: admin, nowMs: wallClockMs, logger: Logger(subsystem: .groups))
        // ACLs are loaded before the listeners bind, so no request is decided on an empty cache.
        let authorizer = AclAuthorizer(config: config.authorizer)
        let aclStore = ZooKeeperAclStore(session: topicStore.session, logger: Logger(subsystem: .zookeeper))
        var aclWatch: Task<Void, Never>?
        if config.authorizer.enabled {
            do {
                aclWatch = try await aclStore.start(feeding: authorizer)
            } catch {
                await cluster.close()
                throw BrokerStartupError.zooKeeper("cannot read the ACLs: \(error)")
            }
        }
        let producerIDs = ProducerIDPool(store: topicStore)
        transactions = TransactionServices(
            config: config, replicas: replicas, metadata: metadata, topicConfigs: topicConfigs, admin: admin,
            markerConnections: BrokerConnections(localBroker: brokerID, group: group, security: outgoingSecurity),
            producerIDs: producerIDs, nowMs: wallClockMs,
            logger: Logger(subsystem: .transactions))
        let routerBox = NIOLockedValueBox<RequestRouter?>(nil)
        let services = HandlerRegistry.Services(
            config: config, clusterID: clusterID, metadata: metadata, replicas: replicas,
            topicConfigs: topicConfigs, topicStore: topicStore, admin: admin,
            controller: { controller },
            controllerRequests: ControllerRequestFence(readControllerEpoch: { try await cluster.controllerEpoch() },
                                                       readBrokerEpoch: { await cluster.currentBrokerEpoch() }),
            followerFetched: isr.fetchHook,
            ioThreads: ioThreads,
            throttle: throttle,
            dynamicConfig: dynamicConfig,
            quotaStore: topicStore,
            nowMs: wallClockMs,
            extra: [RegisteredHandler(OffsetForLeaderEpochHandler(replicas: replicas, metadata: metadata))]
                + groups.handlers + AclHandlers.handlers(authorizer: authorizer, store: aclStore)
                + transactions.handlers(metadata: metadata, groups: groups.coordinator, producerIDs: producerIDs)
                + [RegisteredHandler(FindCoordinatorHandler(
                    coordinator: groups.coordinator, offsetsTopic: groups.offsetsTopic,
                    transactions: transactions.coordinator, transactionStateTopic: transactions.stateTopic))])
        let handlers = HandlerRegistry.handlers(services, advertised: {
            routerBox.withLockedValue { $0?.advertisedVersions } ?? []
        })
        let router = RequestRouter(handlers: handlers, listeners: ListenerRoles(config: config),
                                   authorizer: authorizer, logger: Logger(subsystem: .request))
        routerBox.withLockedValue { $0 = router }
        let measured = MeasuredRequestProcessor(router, serving: handlers.map(\.apiKey))
        let clientQuotas = ClientQuotaManager()
        let zooKeeper = cluster
        let sasl = BrokerServer.SaslServices(
            credentials: { user, mechanism in await zooKeeper.scramCredential(user: user, mechanism: mechanism) },
            apiVersions: { routerBox.withLockedValue { $0?.advertisedVersions } ?? [] })
        server = BrokerServer(group: group, processor: QuotaEnforcingProcessor(measured, quotas: clientQuotas,
                                                                               nowMs: wallClockMs),
                              config: config, sasl: sasl, logger: Logger(subsystem: .network))
        do {
            for listener in config.listeners {
                let address = try await server.bind(listener)
                logger.info("listening", metadata: ["listener": "\(listener.name)", "address": "\(address)"])
            }
        } catch {
            await cluster.close()
            throw BrokerStartupError.bind("\(error)")
        }
        let groupCoordinator = groups.coordinator, permits = server.permits
        let state = BrokerStateMetrics(sources: .init(
            replicas: replicas, minInsyncReplicas: { topicConfigs.config(for: $0).minInsyncReplicas },
            controllerActive: { controller.isActive }, controllerStats: { controller.stats },
            zooKeeperState: { await cluster.sessionState }, groups: { await groupCoordinator.counts() },
            requestQueueSize: { permits.waiting }, requestsInFlight: { measured.inFlight.load(ordering: .relaxed) }))
        do {
            metricsServer = try await Self.startMetricsServer(config: config, group: group, state: state,
                                                              logger: Logger(subsystem: .network))
        } catch {
            await server.close()
            await cluster.close()
            throw BrokerStartupError.bind("metrics.port \(config.metricsPort): \(error)")
        }

        try await cluster.register(
            brokerID: brokerID, listeners: config.effectiveAdvertisedListeners(defaultHost: hostName()),
            rack: config.rack, securityProtocol: { config.securityProtocol(ofListener: $0).rawValue })
        let applier = ConfigChangeApplier(
            dynamicConfig: dynamicConfig, topicConfigs: topicConfigs, throttle: throttle, logManager: logManager,
            connectionQuotas: server.quotas, clientQuotas: clientQuotas, logger: logger)
        await cluster.watchConfigs(brokerID: brokerID,
                                   topics: { applier.applyTopic($0, $1) },
                                   broker: { applier.applyBroker(own: $0, clusterDefault: $1) },
                                   quotas: { applier.applyQuotas($0, unreadable: $1) })
        await cluster.startElection(
            onElected: { fence in controller.activate(fence: fence) },
            onResigned: { await controller.resign() },
            onActiveController: { [metadata] id in if let id { metadata.noteActiveController(id) } })
        cleaner = LogCleaner(logManager: logManager, config: config.cleanerConfig, logger: Logger(subsystem: .cleaner))
        cleaner.start()
        startBackgroundTasks(logManager: logManager)
        if let aclWatch { background.withLockedValue { $0.append(aclWatch) } }
        logger.info("broker started", metadata: ["broker": "\(brokerID)"])
    }

    /// Serves `/metrics` on `metrics.port` (none when it is 0), on the first listener's host — every interface when
    /// that host is empty, as for the listener itself.
    private static func startMetricsServer(config: BrokerConfig, group: MultiThreadedEventLoopGroup,
                                           state: BrokerStateMetrics, logger: Logger) async throws -> MetricsHTTPServer?
    {
        guard config.metricsPort > 0 else { return nil }
        let host = config.listeners.first.map(\.host).flatMap { $0.isEmpty ? nil : $0 } ?? "0.0.0.0"
        let server = try await MetricsHTTPServer.start(host: host, port: config.metricsPort, group: group,
                                                       logger: logger, render: { await state.render() })
        logger.info("serving metrics", metadata: ["address": "\(server.localAddress.map { "\($0)" } ?? "?")/metrics"])
        return server
    }

    /// Removes the logs of partitions deleted or moved away while this broker was down (see `StrayReplicas`).
    /// Runs before registration, so no LeaderAndIsr races it. Anything unclear keeps the logs: a failed read,
    /// or a ZooKeeper without any topic (more likely the wrong chroot than a cluster whose every topic went).
    private static func deleteStrayReplicas(logManager: LogManager, cluster: ZooKeeperCluster, brokerID: BrokerID,
                                            logger: Logger) async {
        var local: [TopicPartition: String?] = [:]
        for partition in logManager.allLogs.keys { local[partition] = logManager.topicID(for: partition) }
        guard !local.isEmpty else { return }
        let topics: [TopicName: StrayReplicas.Topic]
        do {
            topics = try await cluster.topicsForStrayCheck()
        } catch {
            logger.warning("stray replica check skipped", metadata: ["error": "\(error)"])
            return
        }
        guard !topics.isEmpty else {
            logger.warning("stray replica check skipped: ZooKeeper holds no topics", metadata: ["local logs": "\(local.count)"])
            return
        }
        let strays = StrayReplicas.find(local: local, topics: topics, broker: brokerID)
        for (partition, reason) in strays.sorted(by: { $0.key < $1.key }) {
            do {
                try logManager.deleteLog(for: partition)
                logger.warning("deleted stray replica log", metadata: ["partition": "\(partition)", "reason": "\(reason)"])
            } catch {
                logger.error("cannot delete stray replica log", metadata: ["partition": "\(partition)", "error": "\(error)"])
            }
        }
    }

    private func startBackgroundTasks(logManager: LogManager) {
        let retentionEvery = Duration.milliseconds(config.logRetentionCheckIntervalMs)
        let replicas = self.replicas
        let retention = Task { [logger = Logger(subsystem: .storage)] in
            while !Task.isCancelled {
                try? await Task.sleep(for: retentionEvery)
                // Never delete past the high watermark: followers and consumers may still need it.
                let deleted = logManager.enforceRetention(now: wallClockMs()) { replicas.partition($0)?.highWatermark }
                for (partition, result) in deleted {
                    logger.info("retention deleted segments", metadata: [
                        "partition": "\(partition)", "segments": "\(result.deletedSegments)",
                        "log start offset": "\(result.logStartOffset)"])
                }
                logManager.flushDueLogs(now: wallClockMs())
            }
        }
        // Checkpoints (reference §5.1): writes block on fsync, so they run on tasks, never on an event loop.
        let highWatermarks = Self.repeating(every: .milliseconds(config.replicaHighWatermarkCheckpointIntervalMs)) {
            replicas.checkpointHighWatermarks()
        }
        let logOffsets = Self.repeating(every: .milliseconds(config.logFlushOffsetCheckpointIntervalMs)) {
            logManager.checkpointLogOffsets()
        }
        let groupTasks = groups.start() + transactions.start()
        background.withLockedValue { $0 += [retention, highWatermarks, logOffsets]; $0 += groupTasks }
        isr.start()
    }

    /// Every log directory failed: as Kafka, the process ends (status 1) without touching the disks again. It first
    /// closes its ZooKeeper session (for at most five seconds), so its registration goes at once and the controller
    /// moves its leaderships now rather than after the session timeout.
    private static func halt(closing cluster: ZooKeeperCluster) async {
        let closed = NIOLockedValueBox(false)
        Task {
            await cluster.close()
            closed.withLockedValue { $0 = true }
        }
        let deadline = ContinuousClock.now + .seconds(5)
        while !closed.withLockedValue({ $0 }), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        exit(1)
    }

    /// Runs blocking work (joining threads) on a thread of its own, not on the cooperative pool.
    private static func offThread(_ body: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            NIOThreadPool.singleton.submit { _ in
                body()
                done.resume()
            }
        }
    }

    private static func repeating(every interval: Duration, _ body: @escaping @Sendable () -> Void) -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { return }
                body()
            }
        }
    }

    /// The SIGTERM path: controlled shutdown, then close everything. Idempotent.
    public func shutdown() async {
        logger.info("shutting down")
        if config.controlledShutdownEnable {
            await ControlledShutdownClient(
                brokerID: BrokerID(config.brokerID), brokerEpoch: cluster.brokerEpoch,
                metadata: metadata, connections: connections, logger: logger,
                maxRetries: config.controlledShutdownMaxRetries,
                backoff: .milliseconds(Int64(config.controlledShutdownRetryBackoffMs)),
                localController: controller, listenerName: config.effectiveInterBrokerListenerName,
                leadsPartitions: { [replicas] in replicas.hostedPartitions.values.contains { $0.isLeader } }
            ).run()
        }
        // Each step is timed, so a slow shutdown says where its time went.
        var steps: Logger.Metadata = [:]
        func step(_ name: String, _ body: () async -> Void) async {
            let started = ContinuousClock.now
            await body()
            steps[name] = "\(ContinuousClock.now - started)"
        }
        for task in background.withLockedValue({ $0 }) { task.cancel() }
        logDirFailures.stop()
        await step("controller") { await controller.resign() }
        await step("listeners") { await server.close(); await metricsServer?.close() }
        await step("fetchers") { await fetchers.shutdown() }
        await step("isr") { await isr.shutdown() }
        await step("zookeeper") { await cluster.close() }
        await step("connections") { await connections.closeAll(); await transactions.close() }
        await step("io threads") { try? await ioThreads.shutdownGracefully() }
        await step("log cleaner") { await Self.offThread { [cleaner] in cleaner.shutdown() } }
        await step("logs") { replicas.close() }
        await step("event loops") { try? await group.shutdownGracefully() }
        logger.info("shut down", metadata: steps)
    }
}

/// Why a broker could not start; each names what to fix.
public enum BrokerStartupError: Error, CustomStringConvertible {
    case zooKeeperUnreachable(connect: String, timeoutMs: Int)
    case duplicateBrokerID(Int32)
    case logDirectories(String)
    case bind(String)
    case zooKeeper(String)

    public var description: String {
        switch self {
        case let .zooKeeperUnreachable(connect, timeout):
            "could not connect to ZooKeeper at \(connect) within zookeeper.connection.timeout.ms=\(timeout)"
        case .duplicateBrokerID(let id):
            "broker.id \(id) is already registered by another live broker (/brokers/ids/\(id))"
        case .logDirectories(let detail): "log directories unusable: \(detail)"
        case .bind(let detail): "cannot bind a listener: \(detail)"
        case .zooKeeper(let detail): "ZooKeeper error: \(detail)"
        }
    }
}

/// Milliseconds since the epoch (for timestamps in znodes and the replication clock).
@Sendable func wallClockMs() -> Int64 {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
}

/// The machine's host name, advertised when a listener binds every interface.
func hostName() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
    let name = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: name, as: UTF8.self)
}
