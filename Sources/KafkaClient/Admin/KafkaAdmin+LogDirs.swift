import KafkaModel
import KafkaProtocol

/// One log directory of a broker, as DescribeLogDirs reports it (Kafka's `LogDirDescription`).
public struct LogDirDescription: Hashable, Sendable {
    /// The directory's absolute path on the broker.
    public var path: String
    /// NONE, or KAFKA_STORAGE_ERROR for a directory that failed (it then lists no replicas).
    public var errorCode: KafkaErrorCode
    /// The replicas in the directory, by partition.
    public var replicas: [TopicPartition: ReplicaInfo]

    public init(path: String, errorCode: KafkaErrorCode, replicas: [TopicPartition: ReplicaInfo]) {
        self.path = path
        self.errorCode = errorCode
        self.replicas = replicas
    }
}

/// A replica's log in a directory (Kafka's `ReplicaInfo`).
public struct ReplicaInfo: Hashable, Sendable {
    /// Bytes of its segments.
    public var size: Int64
    /// max(high watermark − log end offset, 0) for a current log; -1 when the broker hosts no replica for it.
    public var offsetLag: Int64
    /// A log being moved to this directory by AlterReplicaLogDirs.
    public var isFuture: Bool

    public init(size: Int64, offsetLag: Int64, isFuture: Bool) {
        self.size = size
        self.offsetLag = offsetLag
        self.isFuture = isFuture
    }
}

extension KafkaAdmin {
    /// Every log directory of each broker, with all the replicas in it (DescribeLogDirs with null topics, sent to
    /// each broker, as Kafka's admin client does).
    /// - Returns: per broker, its directories in the order it reported them.
    /// - Throws: `KafkaClientError.noBrokerAvailable` for a broker not in the cluster, or the first send that failed.
    public func describeLogDirs(brokers: [BrokerID]) async throws -> [BrokerID: [LogDirDescription]] {
        var described: [BrokerID: [LogDirDescription]] = [:]
        for broker in brokers {
            let response = try await cluster.connection(to: broker).send(DescribeLogDirsRequest(topics: nil))
            described[broker] = response.results.map { result in
                var replicas: [TopicPartition: ReplicaInfo] = [:]
                for topic in result.topics {
                    for partition in topic.partitions {
                        replicas[TopicPartition(topic.name, PartitionIndex(partition.partitionIndex))] = ReplicaInfo(
                            size: partition.partitionSize, offsetLag: partition.offsetLag,
                            isFuture: partition.isFutureKey)
                    }
                }
                return LogDirDescription(path: result.logDir, errorCode: result.errorCode, replicas: replicas)
            }
        }
        return described
    }
}
