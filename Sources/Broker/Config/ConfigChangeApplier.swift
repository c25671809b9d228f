import KafkaModel
import LogStorage
import Logging
import Replication

/// Applies what the config watch reads to the running broker: a topic's overrides to its logs, the produce path and
/// the replication throttle; the dynamic broker configs to everything built from them (topic defaults, logs,
/// connection limits, replication rates); the client quotas to the quota manager. Each change is logged once.
struct ConfigChangeApplier: Sendable {
    let dynamicConfig: DynamicBrokerConfig
    let topicConfigs: TopicConfigProvider
    let throttle: ReplicationThrottle
    let logManager: LogManager
    let connectionQuotas: ConnectionQuotas
    let clientQuotas: ClientQuotaManager
    let logger: Logger

    func applyTopic(_ topic: TopicName, _ overrides: [String: String]) {
        topicConfigs.setOverrides(overrides, for: topic)
        throttle.setTopicConfig(overrides, for: topic)
        let logConfig = dynamicConfig.current.logConfig.overlaid(with: overrides)
        for (partition, log) in logManager.allLogs where partition.topic == topic { log.updateConfig(logConfig) }
    }

    /// - Parameters: nil for a level whose znode did not decode: it keeps what was applied before.
    func applyBroker(own: [String: String]?, clusterDefault: [String: String]?) {
        let previous = dynamicConfig.overrides
        let overrides = DynamicBrokerConfig.Overrides(own: own ?? previous.own,
                                                      clusterDefault: clusterDefault ?? previous.clusterDefault)
        throttle.setBrokerConfigs(own: overrides.own, clusterDefault: overrides.clusterDefault)
        guard overrides != previous else { return }
        let (effective, skipped) = dynamicConfig.update(overrides)
        for problem in skipped { logger.warning("dynamic broker config skipped", metadata: ["config": "\(problem)"]) }
        logger.info("dynamic broker configs applied", metadata: [
            "broker": "\(overrides.own.sorted { $0.key < $1.key })",
            "cluster default": "\(overrides.clusterDefault.sorted { $0.key < $1.key })"])
        topicConfigs.setBrokerConfig(effective)
        connectionQuotas.setLimits(ConnectionQuotas.Limits(config: effective))
        for (partition, log) in logManager.allLogs {
            log.updateConfig(effective.logConfig.overlaid(with: topicConfigs.overrides(for: partition.topic)))
        }
    }

    func applyQuotas(_ configs: [String: [String: String]], unreadable: [String]) {
        let (quotas, problems) = ClientQuotaManager.parse(configs)
        for problem in unreadable + problems {
            logger.warning("client quota skipped", metadata: ["problem": "\(problem)"])
        }
        guard quotas != clientQuotas.quotas else { return }
        clientQuotas.setQuotas(quotas)
        let described = quotas.map { entity, values in
            "\(entity)=\(values.map { "\($0.key.rawValue):\($0.value)" }.sorted())"
        }
        logger.info("client quotas applied", metadata: ["quotas": "\(described.sorted())"])
    }
}
