import KafkaProtocol
import Logging
import TributaryLogging

/// Kafka's BROKER_LOGGER config resource (type 8), what `kafka-configs.sh --entity-type broker-loggers` uses:
/// DescribeConfigs lists every logger with the level that applies to it; IncrementalAlterConfigs SET gives one a
/// level of its own, DELETE removes it (the logger then follows its parent). Changes are this process's alone and
/// last until it restarts, as in Kafka. The resource name must be this broker's id.
struct BrokerLoggerConfigs: Sendable {
    /// Kafka's `ConfigSource.DYNAMIC_BROKER_LOGGER_CONFIG`.
    static let configSource: Int8 = 6

    let brokerID: Int32
    let levels: LogLevelRegistry
    private let logger = Logger(subsystem: .broker)

    init(brokerID: Int32, levels: LogLevelRegistry = .process) {
        self.brokerID = brokerID
        self.levels = levels
    }

    func describe(_ resource: DescribeConfigsRequest.DescribeConfigsResource)
        -> DescribeConfigsResponse.DescribeConfigsResult
    {
        var result = DescribeConfigsResponse.DescribeConfigsResult(
            errorCode: .none, resourceType: resource.resourceType, resourceName: resource.resourceName)
        if let refusal = refusal(resource.resourceName) {
            result.errorCode = .invalidRequest
            result.errorMessage = refusal
            return result
        }
        result.configs = levels.loggers.compactMap { logger in
            if let keys = resource.configurationKeys, !keys.contains(logger.name) { return nil }
            return .init(name: logger.name, value: logger.level.kafkaName, readOnly: false, isDefault: false,
                         configSource: Self.configSource, isSensitive: false, configType: 0)
        }
        return result
    }

    /// Checks every change first and applies none unless all are valid (Kafka's order and error codes: an
    /// unknown logger or level is INVALID_CONFIG; APPEND, SUBTRACT and deleting the root's level INVALID_REQUEST).
    func alter(_ resource: IncrementalAlterConfigsRequest.AlterConfigsResource, validateOnly: Bool)
        -> (KafkaErrorCode, String?)
    {
        if let refusal = refusal(resource.resourceName) { return (.invalidRequest, refusal) }
        var changes: [(name: String, level: LogLevel?)] = []
        for config in resource.configs {
            let name = config.name
            switch config.configOperation {
            case 0:  // SET
                guard levels.exists(name) else { return (.invalidConfig, "Logger \(name) does not exist!") }
                guard let value = config.value, let level = LogLevel(kafkaName: value) else {
                    return (.invalidConfig, "Cannot set the log level of \(name) to \(config.value ?? "null") as it "
                            + "is not a supported log level. Valid log levels are \(LogLevel.kafkaNames)")
                }
                changes.append((name, level))
            case 1:  // DELETE
                guard levels.exists(name) else { return (.invalidConfig, "Logger \(name) does not exist!") }
                guard name != LogLevelRegistry.rootLoggerName else {
                    return (.invalidRequest, "Removing the log level of the root logger is not allowed")
                }
                changes.append((name, nil))
            case 2, 3:
                let operation = config.configOperation == 2 ? "APPEND" : "SUBTRACT"
                return (.invalidRequest, "\(operation) operation is not allowed for the BROKER_LOGGER resource")
            default:
                return (.invalidRequest, "unknown operation \(config.configOperation)")
            }
        }
        guard !validateOnly else { return (.none, nil) }
        for change in changes {
            if let level = change.level {
                levels.set(change.name, to: level)
            } else {
                levels.unset(change.name)
            }
            logger.info("log level changed", metadata: [
                "logger": "\(change.name)", "level": "\(change.level?.kafkaName ?? "inherited")",
                "effective": "\(levels.level(of: change.name).kafkaName)"])
        }
        return (.none, nil)
    }

    /// Kafka's answer for a resource name that is not this broker's id.
    private func refusal(_ name: String) -> String? {
        if name.isEmpty { return "Broker id must not be empty" }
        guard Int32(name) == brokerID else { return "Unexpected broker id, expected \(brokerID), but received \(name)" }
        return nil
    }
}
