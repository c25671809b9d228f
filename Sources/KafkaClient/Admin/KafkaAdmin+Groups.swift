import KafkaModel
import KafkaProtocol
import NIOCore

/// A consumer group as ListGroups reports it, with the broker that coordinates it.
public struct ConsumerGroupListing: Hashable, Sendable {
    public var groupID: String
    public var protocolType: String
    /// Empty from brokers older than ListGroups v4.
    public var state: String
    public var coordinator: BrokerID
}

/// A consumer group as DescribeGroups reports it.
public struct ConsumerGroupDescription: Hashable, Sendable {
    public struct Member: Hashable, Sendable {
        public var memberID: String
        public var groupInstanceID: String?
        public var clientID: String
        public var clientHost: String
        /// Decoded from the consumer protocol's assignment; empty unless the group is Stable.
        public var assignment: [TopicPartition]
    }

    public var groupID: String
    public var state: String
    public var protocolType: String
    /// The assignor chosen for the current generation (while Stable).
    public var protocolName: String
    public var coordinator: BrokerID
    public var members: [Member]
}

// Consumer-group administration: Kafka's admin client sends these to the group's coordinator, found with
// FindCoordinator (ListGroups goes to every broker).
extension KafkaAdmin {
    /// The broker coordinating `group`, retried while the coordinator is loading or not yet available (the
    /// offsets topic may be created by this very lookup).
    /// - Throws: `KafkaClientError.brokerError` when no coordinator is found within a few seconds.
    public func findCoordinator(group: String) async throws -> BrokerID {
        try await findCoordinator(key: group, keyType: 0)
    }

    /// The coordinator of `key`: a group (key type 0) or a transactional id (1).
    func findCoordinator(key: String, keyType: Int8) async throws -> BrokerID {
        var lastError = KafkaErrorCode.coordinatorNotAvailable
        for attempt in 1...30 {
            let connection = try await cluster.anyConnection()
            let response = try await connection.send(
                FindCoordinatorRequest(key: key, keyType: keyType, coordinatorKeys: [key]))
            let (code, node) = response.coordinators.first.map { ($0.errorCode, $0.nodeID) }
                ?? (response.errorCode, response.nodeID)
            if code == .none { return node }
            lastError = code
            guard code == .coordinatorNotAvailable || code == .coordinatorLoadInProgress
                || code == .notCoordinator
            else { break }
            try await Task.sleep(for: .milliseconds(min(100 * attempt, 500)))
        }
        throw KafkaClientError.brokerError(api: .findCoordinator, code: lastError, message: key)
    }

    /// Every group of every live broker.
    public func listGroups() async throws -> [ConsumerGroupListing] {
        let metadata = try await cluster.refreshMetadata(topics: [])
        var listings: [ConsumerGroupListing] = []
        for broker in metadata.brokers.keys.sorted() {
            let response = try await cluster.connection(to: broker).send(ListGroupsRequest(statesFilter: []))
            guard response.errorCode == .none else {
                throw KafkaClientError.brokerError(api: .listGroups, code: response.errorCode, message: "broker \(broker)")
            }
            listings += response.groups.map {
                ConsumerGroupListing(groupID: $0.groupID, protocolType: $0.protocolType, state: $0.groupState,
                                     coordinator: broker)
            }
        }
        return listings.sorted { $0.groupID < $1.groupID }
    }

    /// State and members of a group (an unknown group is reported "Dead").
    public func describeGroup(_ group: String) async throws -> ConsumerGroupDescription {
        let coordinator = try await findCoordinator(group: group)
        let response = try await cluster.connection(to: coordinator).send(
            DescribeGroupsRequest(groups: [group], includeAuthorizedOperations: false))
        guard let described = response.groups.first else { throw KafkaClientError.unexpectedResponse }
        guard described.errorCode == .none else {
            throw KafkaClientError.brokerError(api: .describeGroups, code: described.errorCode, message: group)
        }
        return ConsumerGroupDescription(
            groupID: group, state: described.groupState, protocolType: described.protocolType,
            protocolName: described.protocolData, coordinator: coordinator,
            members: described.members.map {
                .init(memberID: $0.memberID, groupInstanceID: $0.groupInstanceID, clientID: $0.clientID,
                      clientHost: $0.clientHost,
                      assignment: ConsumerAssignment.partitions(decoding: $0.memberAssignment))
            })
    }

    /// The group's committed offsets, every partition it has one for.
    public func listGroupOffsets(_ group: String) async throws -> [TopicPartition: Int64] {
        let coordinator = try await findCoordinator(group: group)
        let response = try await cluster.connection(to: coordinator).send(OffsetFetchRequest(
            groupID: group, topics: nil, groups: [.init(groupID: group, topics: nil)], requireStable: false))
        let (code, partitions): (KafkaErrorCode, [(TopicName, Int32, Int64, KafkaErrorCode)])
        if let answer = response.groups.first {
            code = answer.errorCode
            partitions = answer.topics.flatMap { topic in
                topic.partitions.map { (topic.name, $0.partitionIndex, $0.committedOffset, $0.errorCode) }
            }
        } else {
            code = response.errorCode
            partitions = response.topics.flatMap { topic in
                topic.partitions.map { (topic.name, $0.partitionIndex, $0.committedOffset, $0.errorCode) }
            }
        }
        guard code == .none else { throw KafkaClientError.brokerError(api: .offsetFetch, code: code, message: group) }
        var offsets: [TopicPartition: Int64] = [:]
        for (topic, partition, offset, error) in partitions where error == .none && offset >= 0 {
            offsets[TopicPartition(topic, PartitionIndex(partition))] = offset
        }
        return offsets
    }

    /// Commits offsets for a group without members (a standalone commit, as Kafka's reset tool does); the
    /// coordinator refuses while the group has members.
    /// - Returns: the error of each partition (NONE when stored).
    public func alterGroupOffsets(_ group: String, _ offsets: [TopicPartition: Int64]) async throws
        -> [TopicPartition: KafkaErrorCode]
    {
        let coordinator = try await findCoordinator(group: group)
        var topics: [TopicName: [OffsetCommitRequest.OffsetCommitRequestPartition]] = [:]
        for (partition, offset) in offsets.sorted(by: { $0.key < $1.key }) {
            topics[partition.topic, default: []].append(.init(
                partitionIndex: partition.partition.rawValue, committedOffset: offset, committedLeaderEpoch: -1,
                commitTimestamp: -1, committedMetadata: ""))
        }
        let response = try await cluster.connection(to: coordinator).send(OffsetCommitRequest(
            groupID: group, generationIDOrMemberEpoch: -1, memberID: "", groupInstanceID: nil, retentionTimeMs: -1,
            topics: topics.keys.sorted().map { .init(name: $0, partitions: topics[$0]!) }))
        var errors: [TopicPartition: KafkaErrorCode] = [:]
        for topic in response.topics {
            for partition in topic.partitions {
                errors[TopicPartition(topic.name, PartitionIndex(partition.partitionIndex))] = partition.errorCode
            }
        }
        return errors
    }

    /// Deletes an empty group and its offsets.
    /// - Returns: NONE, GROUP_ID_NOT_FOUND or NON_EMPTY_GROUP (or another broker error).
    public func deleteGroup(_ group: String) async throws -> KafkaErrorCode {
        let coordinator = try await findCoordinator(group: group)
        let response = try await cluster.connection(to: coordinator).send(DeleteGroupsRequest(groupsNames: [group]))
        return response.results.first(where: { $0.groupID == group })?.errorCode ?? .unknownServerError
    }
}

/// The consumer protocol's assignment bytes (Kafka's `ConsumerProtocolAssignment`): version int16, then
/// topics (string name, int32 partitions), then user data bytes. Only the partitions are read.
enum ConsumerAssignment {
    static func partitions(decoding bytes: ByteBuffer) -> [TopicPartition] {
        var buffer = bytes
        guard buffer.readInteger(as: Int16.self) != nil, let topicCount = buffer.readInteger(as: Int32.self),
            topicCount >= 0
        else { return [] }
        var partitions: [TopicPartition] = []
        for _ in 0..<topicCount {
            guard let nameLength = buffer.readInteger(as: Int16.self), nameLength >= 0,
                let name = buffer.readString(length: Int(nameLength)),
                let count = buffer.readInteger(as: Int32.self), count >= 0
            else { return partitions }
            for _ in 0..<count {
                guard let partition = buffer.readInteger(as: Int32.self) else { return partitions }
                partitions.append(TopicPartition(TopicName(name), PartitionIndex(partition)))
            }
        }
        return partitions.sorted()
    }
}
