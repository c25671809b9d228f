/// Every metric the broker exports, named as the Prometheus JMX exporter's common Kafka rules flatten Kafka's JMX
/// names: `kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions` becomes
/// `kafka_server_replicamanager_underreplicatedpartitions` — domain, type and name lower-cased and joined by `_`;
/// JMX keys other than type and name (topic, request, error, …) become labels; counters (Kafka's `…PerSec`
/// meters) drop `PerSec` and end in `_total`; Kafka's time histograms keep their `…ms` name and are Prometheus
/// histograms in milliseconds. A few have no Kafka counterpart (the follower lag seen by the leader, the
/// coordinator's rebalance count); they follow the same shape. README's "Metrics" section lists them all.
enum MetricName {
    // Controller (reported by the active controller; 0 elsewhere).
    static let activeControllerCount = "kafka_controller_kafkacontroller_activecontrollercount"
    static let controllerEpoch = "kafka_controller_kafkacontroller_controllerepoch"
    static let offlinePartitionsCount = "kafka_controller_kafkacontroller_offlinepartitionscount"

    // Replica manager: what this broker hosts.
    static let underReplicatedPartitions = "kafka_server_replicamanager_underreplicatedpartitions"
    static let underMinIsrPartitionCount = "kafka_server_replicamanager_underminisrpartitioncount"
    static let leaderCount = "kafka_server_replicamanager_leadercount"
    static let partitionCount = "kafka_server_replicamanager_partitioncount"
    static let isrShrinks = "kafka_server_replicamanager_isrshrinks_total"
    static let isrExpands = "kafka_server_replicamanager_isrexpands_total"
    /// Label `follower`: the most messages that follower is behind on the partitions this broker leads.
    static let followerMaxLag = "kafka_server_replicamanager_followermaxlag"

    // Per topic (label `topic`).
    static let bytesIn = "kafka_server_brokertopicmetrics_bytesin_total"
    static let messagesIn = "kafka_server_brokertopicmetrics_messagesin_total"
    static let bytesOut = "kafka_server_brokertopicmetrics_bytesout_total"
    static let replicationBytesOut = "kafka_server_brokertopicmetrics_replicationbytesout_total"

    // Requests (label `request`: Kafka's API name, e.g. Produce, Fetch, Metadata).
    static let requests = "kafka_network_requestmetrics_requests_total"
    /// Labels `request` and `error` (Kafka's error name, e.g. NOT_LEADER_OR_FOLLOWER; CONNECTION_CLOSED for a
    /// request the broker answered by closing the connection).
    static let errors = "kafka_network_requestmetrics_errors_total"
    static let totalTimeMs = "kafka_network_requestmetrics_totaltimems"
    static let requestQueueTimeMs = "kafka_network_requestmetrics_requestqueuetimems"
    static let requestQueueSize = "kafka_network_requestchannel_requestqueuesize"
    static let requestsInFlight = "kafka_network_requestchannel_inflightrequests"

    // Log.
    static let logFlushTimeMs = "kafka_log_logflushstats_logflushrateandtimems"

    // ZooKeeper.
    /// Label `state`: 1 for the session's current state (CONNECTED, CONNECTING, EXPIRED, AUTH_FAILED, CLOSED).
    static let zooKeeperSessionState = "kafka_server_sessionexpirelistener_sessionstate"
    static let zooKeeperRequestLatencyMs = "kafka_server_zookeeperclientmetrics_zookeeperrequestlatencyms"

    // Group coordinator (the groups of the __consumer_offsets partitions this broker leads).
    static let numGroups = "kafka_coordinator_group_groupmetadatamanager_numgroups"
    /// Suffixes of `kafka_coordinator_group_groupmetadatamanager_numgroups…` per group state.
    static let numGroupsByState: [(state: String, name: String)] = [
        ("Stable", "kafka_coordinator_group_groupmetadatamanager_numgroupsstable"),
        ("PreparingRebalance", "kafka_coordinator_group_groupmetadatamanager_numgroupspreparingrebalance"),
        ("CompletingRebalance", "kafka_coordinator_group_groupmetadatamanager_numgroupscompletingrebalance"),
        ("Empty", "kafka_coordinator_group_groupmetadatamanager_numgroupsempty"),
        ("Dead", "kafka_coordinator_group_groupmetadatamanager_numgroupsdead"),
    ]
    static let rebalances = "kafka_coordinator_group_groupcoordinator_rebalances_total"

    /// Buckets (milliseconds) of every time histogram.
    static let millisecondBuckets: [Double] = [0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000]
    static let histograms = [totalTimeMs, requestQueueTimeMs, logFlushTimeMs, zooKeeperRequestLatencyMs]
}
