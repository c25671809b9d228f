import KafkaModel
import KafkaProtocol

/// A topic to create: a partition count and replication factor (-1 each for the broker's defaults), or an
/// explicit replica assignment per partition; plus topic configs.
public struct NewTopic: Hashable, Sendable {
    public var name: TopicName
    public var partitions: Int32
    public var replicationFactor: Int16
    /// Replicas per partition index (the first is the preferred leader); when set, `partitions` and
    /// `replicationFactor` are sent as -1, as Kafka requires.
    public var assignments: [PartitionIndex: [BrokerID]]
    public var configs: [String: String]

    public init(name: TopicName, partitions: Int32 = -1, replicationFactor: Int16 = -1,
                assignments: [PartitionIndex: [BrokerID]] = [:], configs: [String: String] = [:])
    {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.assignments = assignments
        self.configs = configs
    }
}

/// The outcome of an admin operation on one topic (or resource).
public struct AdminResult: Hashable, Sendable {
    public var name: String
    public var errorCode: KafkaErrorCode
    public var errorMessage: String?

    public init(name: String, errorCode: KafkaErrorCode, errorMessage: String? = nil) {
        self.name = name
        self.errorCode = errorCode
        self.errorMessage = errorMessage
    }

    public var succeeded: Bool { errorCode == .none }

    /// Throws the failure as a `KafkaClientError.brokerError` of `api`.
    public func check(_ api: ApiKey) throws {
        guard errorCode == .none else {
            throw KafkaClientError.brokerError(api: api, code: errorCode,
                                               message: errorMessage ?? "\(name)")
        }
    }
}

/// A topic as Metadata describes it.
public struct TopicDescription: Hashable, Sendable {
    public var name: TopicName
    public var isInternal: Bool
    public var partitions: [MetadataSnapshot.Partition]
}

/// A config resource: a topic, a broker, or the cluster-wide broker default (DescribeConfigs/AlterConfigs
/// ResourceType 2 and 4; the default is the broker resource named "").
public enum ConfigResource: Hashable, Sendable {
    case topic(TopicName)
    case broker(BrokerID)
    case brokerDefault

    var type: Int8 {
        switch self {
        case .topic: 2
        case .broker, .brokerDefault: 4
        }
    }

    var name: String {
        switch self {
        case .topic(let topic): topic.rawValue
        case .broker(let id): String(id.rawValue)
        case .brokerDefault: ""
        }
    }
}

/// One config value as DescribeConfigs returns it.
public struct ConfigEntry: Hashable, Sendable {
    /// Where a value comes from: DescribeConfigs' ConfigSource, by its wire values.
    public enum Source: Int8, Hashable, Sendable {
        case unknown = 0, dynamicTopicConfig = 1, dynamicBrokerConfig = 2, dynamicDefaultBrokerConfig = 3,
            staticBrokerConfig = 4, defaultConfig = 5, dynamicBrokerLoggerConfig = 6, dynamicClientMetricsConfig = 7
    }

    public var name: String
    public var value: String?
    public var source: Source
    public var isReadOnly: Bool
    public var isSensitive: Bool
    /// Every level that sets this config, the winning one first (asked for with `includeSynonyms`).
    public var synonyms: [Synonym] = []
    public var isDefault: Bool { source == .defaultConfig }

    /// One level's value of a config (DescribeConfigs synonyms).
    public struct Synonym: Hashable, Sendable {
        public var name: String
        public var value: String?
        public var source: Source
    }
}

/// A change for IncrementalAlterConfigs.
public struct ConfigAlteration: Hashable, Sendable {
    /// IncrementalAlterConfigs ConfigOperation.
    public enum Operation: Int8, Hashable, Sendable {
        case set = 0, delete = 1, append = 2, subtract = 3
    }

    public var name: String
    public var operation: Operation
    public var value: String?

    public init(name: String, operation: Operation = .set, value: String?) {
        self.name = name
        self.operation = operation
        self.value = value
    }
}
