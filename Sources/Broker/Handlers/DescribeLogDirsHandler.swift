import Replication
import Glibc
import KafkaModel
import KafkaProtocol
import LogStorage

/// DescribeLogDirs (35): every log directory of this broker with its error — NONE, or KAFKA_STORAGE_ERROR for one
/// that failed (listing nothing) — and, per partition asked for (null topics: all), the log's size, its offset lag
/// and `is_future_key`. As Kafka's `ReplicaManager.describeLogDirs`: the lag of a current log is
/// max(high watermark − log end offset, 0), so 0 for a hosted replica, and -1 when no replica is hosted for the
/// log; there are no future logs (no AlterReplicaLogDirs), so `is_future_key` is false.
struct DescribeLogDirsHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 0...2
    let replicas: ReplicaManager

    func handle(_ request: DescribeLogDirsRequest, context: RequestContext) async -> DescribeLogDirsResponse? {
        // Kafka answers an empty list without DESCRIBE on the cluster.
        guard context.authorizeCluster(.describe) else { return DescribeLogDirsResponse(results: []) }
        let logManager = replicas.logManager
        let wanted: Set<TopicPartition>? = request.topics.map { topics in
            Set(topics.flatMap { topic in topic.partitions.map { TopicPartition(topic.topic, PartitionIndex($0)) } })
        }
        let logsByDirectory = Dictionary(grouping: logManager.allLogs.values, by: \.logDirectoryPath)
        let results = logManager.logDirectories.map { directory in
            let path = Self.absolute(directory)
            guard logManager.offlineReason(of: directory) == nil else {
                return DescribeLogDirsResponse.DescribeLogDirsResult(errorCode: .kafkaStorageError, logDir: path)
            }
            let byTopic = Dictionary(grouping: logsByDirectory[directory] ?? [], by: \.topicPartition.topic)
            let topics = byTopic.keys.sorted().map { topic in
                DescribeLogDirsResponse.DescribeLogDirsTopic(
                    name: topic,
                    partitions: (byTopic[topic] ?? [])
                        .filter { wanted?.contains($0.topicPartition) ?? true }
                        .sorted { $0.topicPartition < $1.topicPartition }
                        .map { log in
                            DescribeLogDirsResponse.DescribeLogDirsPartition(
                                partitionIndex: log.topicPartition.partition.rawValue, partitionSize: log.sizeInBytes,
                                offsetLag: offsetLag(of: log), isFutureKey: false)
                        })
            }
            return DescribeLogDirsResponse.DescribeLogDirsResult(errorCode: .none, logDir: path, topics: topics)
        }
        return DescribeLogDirsResponse(throttleTimeMs: 0, results: results)
    }

    /// Kafka's `getLogEndOffsetLag` for a current log: -1 when the replica is not hosted (not created yet, or offline).
    private func offsetLag(of log: PartitionLog) -> Int64 {
        guard let partition = replicas.partition(log.topicPartition), !partition.log.isOffline else { return -1 }
        return max(partition.highWatermark.rawValue - log.logEndOffset.rawValue, 0)
    }

    /// The directory as an absolute path, as Kafka reports it (`File.getAbsolutePath`).
    static func absolute(_ directory: String) -> String {
        guard !directory.hasPrefix("/") else { return directory }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return directory }
        let current = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return current == "/" ? "/" + directory : current + "/" + directory
    }
}
