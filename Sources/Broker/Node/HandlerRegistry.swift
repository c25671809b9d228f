import Replication
import Controller
import KafkaModel
import KafkaProtocol
import NIOPosix

/// The single list of APIs this broker serves. ApiVersions advertises exactly these, and the router
/// dispatches only to them.
enum HandlerRegistry {
    struct Services: Sendable {
        let config: BrokerConfig
        let clusterID: String
        let metadata: MetadataCache
        let replicas: ReplicaManager
        let topicConfigs: TopicConfigProvider
        let topicStore: any TopicStore
        let admin: TopicAdmin
        let controller: @Sendable () -> Controller?
        /// Admits LeaderAndIsr, UpdateMetadata and StopReplica only from the current controller.
        let controllerRequests: ControllerRequestFence
        let followerFetched: @Sendable (BrokerID, Partition, Offset) -> Void
        /// `num.io.threads`: where produce requests append.
        let ioThreads: NIOThreadPool
        /// The replication quotas (dynamic broker rates, throttled-replica lists).
        let throttle: ReplicationThrottle
        /// `server.properties` with the dynamic broker configs applied.
        let dynamicConfig: DynamicBrokerConfig
        /// The client quotas' znodes.
        let quotaStore: any ClientQuotaStore
        let nowMs: @Sendable () -> Int64
        /// Handlers other subsystems contribute (replication, groups, transactions).
        let extra: [RegisteredHandler]
    }

    static func handlers(_ services: Services, advertised: @escaping @Sendable () -> [ApiVersionsResponse.ApiVersion])
        -> [RegisteredHandler]
    {
        let isController: @Sendable () -> Bool = { services.controller()?.isActive ?? false }
        let alteration = TopicConfigAlteration(store: services.topicStore, metadata: services.metadata,
                                               dynamic: services.dynamicConfig)
        let loggers = BrokerLoggerConfigs(brokerID: services.config.brokerID)
        return [
            RegisteredHandler(ApiVersionsHandler(advertised: advertised)),
            RegisteredHandler(SaslHandshakeHandler()),
            RegisteredHandler(SaslAuthenticateHandler()),
            RegisteredHandler(produce: ProduceHandler(replicas: services.replicas, metadata: services.metadata,
                                                      topicConfigs: services.topicConfigs,
                                                      ioThreads: services.ioThreads)),
            RegisteredHandler(fetch: FetchHandler(replicas: services.replicas, metadata: services.metadata,
                                                  followerFetched: services.followerFetched, throttle: services.throttle,
                                                  fetchMaxBytes: services.config.fetchMaxBytes)),
            RegisteredHandler(ListOffsetsHandler(replicas: services.replicas, metadata: services.metadata)),
            RegisteredHandler(DescribeProducersHandler(replicas: services.replicas, metadata: services.metadata)),
            RegisteredHandler(MetadataHandler(metadata: services.metadata, clusterID: services.clusterID,
                                              topics: services.admin,
                                              autoCreateTopics: services.config.autoCreateTopicsEnable)),
            RegisteredHandler(LeaderAndIsrHandler(replicas: services.replicas, fence: services.controllerRequests,
                                                  clock: services.nowMs)),
            RegisteredHandler(UpdateMetadataHandler(replicas: services.replicas, metadata: services.metadata,
                                                    fence: services.controllerRequests)),
            RegisteredHandler(StopReplicaHandler(replicas: services.replicas, fence: services.controllerRequests)),
            RegisteredHandler(ControlledShutdownHandler(controller: services.controller)),
            RegisteredHandler(ElectLeadersHandler(controller: services.controller)),
            RegisteredHandler(AlterPartitionReassignmentsHandler(controller: services.controller)),
            RegisteredHandler(ListPartitionReassignmentsHandler(controller: services.controller)),
            RegisteredHandler(CreateTopicsHandler(admin: services.admin, isController: isController)),
            RegisteredHandler(DeleteTopicsHandler(admin: services.admin, isController: isController)),
            RegisteredHandler(CreatePartitionsHandler(admin: services.admin, isController: isController)),
            RegisteredHandler(DeleteRecordsHandler(replicas: services.replicas, metadata: services.metadata)),
            RegisteredHandler(DescribeConfigsHandler(store: services.topicStore, metadata: services.metadata,
                                                     dynamic: services.dynamicConfig, loggers: loggers)),
            RegisteredHandler(AlterConfigsHandler(alteration: alteration)),
            RegisteredHandler(IncrementalAlterConfigsHandler(alteration: alteration, loggers: loggers)),
            RegisteredHandler(DescribeClusterHandler(metadata: services.metadata, clusterID: services.clusterID)),
            RegisteredHandler(DescribeLogDirsHandler(replicas: services.replicas)),
            RegisteredHandler(DescribeClientQuotasHandler(store: services.quotaStore)),
            RegisteredHandler(AlterClientQuotasHandler(store: services.quotaStore)),
            RegisteredHandler(DescribeUserScramCredentialsHandler(store: services.quotaStore)),
            RegisteredHandler(AlterUserScramCredentialsHandler(store: services.quotaStore, isController: isController)),
        ] + services.extra
    }
}
