import KafkaModel
import KafkaProtocol

/// Which leader election to ask for (ElectLeaders' `ElectionType`).
public enum LeaderElectionType: Int8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Move leadership back to each partition's preferred replica (the first assigned) when it is in sync.
    case preferred = 0
    /// Give a leaderless partition a leader even from outside the ISR (records may be lost).
    case unclean = 1

    public var description: String { self == .preferred ? "PREFERRED" : "UNCLEAN" }
}

/// One partition's outcome of an election request.
public struct LeaderElectionResult: Hashable, Sendable {
    public var partition: TopicPartition
    /// NONE (elected), ELECTION_NOT_NEEDED, PREFERRED_LEADER_NOT_AVAILABLE, ELIGIBLE_LEADERS_NOT_AVAILABLE, ...
    public var errorCode: KafkaErrorCode
    public var errorMessage: String?

    public init(partition: TopicPartition, errorCode: KafkaErrorCode, errorMessage: String? = nil) {
        self.partition = partition
        self.errorCode = errorCode
        self.errorMessage = errorMessage
    }

    /// The election moved leadership.
    public var elected: Bool { errorCode == .none }
    /// Nothing had to change (counts as success, as in Kafka's tool).
    public var notNeeded: Bool { errorCode == .electionNotNeeded }
}

extension KafkaAdmin {
    /// Asks the controller to elect leaders (ElectLeaders, api 43; v0 knows only preferred elections).
    /// - Parameter partitions: the partitions to elect for; nil = every partition of the cluster.
    /// - Returns: one result per partition, sorted.
    public func electLeaders(_ type: LeaderElectionType, partitions: [TopicPartition]?) async throws
        -> [LeaderElectionResult]
    {
        let grouped = partitions.map { partitions in
            Dictionary(grouping: partitions, by: \.topic).sorted { $0.key < $1.key }.map { topic, members in
                ElectLeadersRequest.TopicPartitions(topic: topic, partitions: members.map(\.partition.rawValue).sorted())
            }
        }
        let timeout = operationTimeout.components
        let request = ElectLeadersRequest(
            electionType: type.rawValue, topicPartitions: grouped,
            timeoutMs: Int32(clamping: timeout.seconds * 1000 + timeout.attoseconds / 1_000_000_000_000_000))
        var attempt = 0
        while true {
            attempt += 1
            let connection = try await cluster.controllerConnection()
            let response: ElectLeadersResponse
            do {
                response = try await connection.send(request, timeout: heldRequestTimeout)
            } catch let error as KafkaClientError where error == .noCommonVersion(api: "\(ApiKey.electLeaders)") {
                throw error
            } catch {
                guard attempt < 4 else { throw error }
                _ = try? await cluster.refreshMetadata(topics: [])
                continue
            }
            if response.errorCode != .none {
                throw KafkaClientError.brokerError(api: .electLeaders, code: response.errorCode,
                                                   message: "election refused")
            }
            let results = response.replicaElectionResults.flatMap { topic in
                topic.partitionResult.map {
                    LeaderElectionResult(partition: TopicPartition(topic.topic, PartitionIndex($0.partitionID)),
                                         errorCode: $0.errorCode, errorMessage: $0.errorMessage)
                }
            }
            // The controller moved: ask the new one.
            if results.contains(where: { $0.errorCode == .notController }), attempt < 4 {
                _ = try await cluster.refreshMetadata(topics: [])
                try await Task.sleep(for: .milliseconds(100 * attempt))
                continue
            }
            await cluster.invalidateAll()
            return results.sorted { $0.partition < $1.partition }
        }
    }
}
