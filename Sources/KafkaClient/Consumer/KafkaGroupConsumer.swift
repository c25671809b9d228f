import KafkaModel
import KafkaProtocol
import NIOCore

/// A consumer that reads its topics as a member of a Kafka consumer group (the classic protocol, type
/// "consumer", range assignor): the group's coordinator spreads the subscribed partitions over the members,
/// and the member resumes each partition at the group's committed offset.
///
/// Joining: FindCoordinator → JoinGroup (first with an empty member id, answered MEMBER_ID_REQUIRED) → the
/// leader reads every member's subscription and computes the range assignment → SyncGroup hands each member
/// its partitions → OffsetFetch gives the start offsets (none: `autoOffsetReset`). A heartbeat task keeps the
/// membership alive; REBALANCE_IN_PROGRESS, ILLEGAL_GENERATION or UNKNOWN_MEMBER_ID from a heartbeat or a
/// commit make the next `poll` commit what it has and join again. Fetching is a `KafkaConsumer` with manual
/// assignment over the same connections. Positions are committed every `autoCommitInterval`, before a
/// rejoin and on `close`, which then leaves the group (delivery is at least once).
public actor KafkaGroupConsumer {
    public nonisolated let groupID: String
    public nonisolated let topics: [TopicName]
    public nonisolated let configuration: GroupConsumerConfiguration
    public nonisolated let cluster: KafkaCluster
    private let fetcher: KafkaConsumer

    private var coordinator: BrokerID?
    /// The id the coordinator gave this member; empty before the first join or after UNKNOWN_MEMBER_ID.
    public private(set) var memberID = ""
    /// The generation of the current assignment; -1 while not a member.
    public private(set) var generationID: Int32 = -1
    private var needsRejoin = true
    private var assigned: [TopicPartition] = []
    private var committed: [TopicPartition: Int64] = [:]
    private var lastCommit = ContinuousClock.now
    private var heartbeatTask: Task<Void, Never>?
    private var closed = false

    private static let protocolType = "consumer"
    private static let assignorName = "range"

    /// - Throws: `KafkaClientError.invalidArgument` for malformed servers or no topics.
    public init(bootstrapServers: String, groupID: String, topics: [TopicName],
                configuration: GroupConsumerConfiguration = GroupConsumerConfiguration(), security: ConnectionSecurity = .plaintext) throws
    {
        guard !topics.isEmpty else { throw KafkaClientError.invalidArgument("subscribe to at least one topic") }
        guard !groupID.isEmpty else { throw KafkaClientError.invalidArgument("empty group id") }
        self.groupID = groupID
        self.topics = Array(Set(topics)).sorted()
        self.configuration = configuration
        self.cluster = try KafkaCluster(bootstrapServers: bootstrapServers, clientID: configuration.consumer.clientID,
                                        security: security)
        self.fetcher = KafkaConsumer(cluster: cluster, configuration: configuration.consumer)
    }

    /// The partitions assigned to this member in the current generation, sorted.
    public var assignment: [TopicPartition] { assigned }

    /// The offsets this member last committed (or found committed when it was assigned the partition).
    public var committedOffsets: [TopicPartition: Int64] { committed }

    // MARK: Polling

    /// Joins (or rejoins) the group when needed, commits when the interval has passed, then fetches the
    /// assigned partitions, waiting up to `timeout` for records (a join may take longer: it waits for the
    /// other members).
    /// - Returns: the records of one fetch round, empty on timeout or while nothing is assigned.
    /// - Throws: `KafkaClientError` for a non-retriable broker error or after `close`.
    public func poll(timeout: Duration) async throws -> [ConsumerRecord] {
        guard !closed else { throw KafkaClientError.closed }
        if needsRejoin { try await join() }
        let deadline = ContinuousClock.now + timeout
        startHeartbeats()
        if let interval = configuration.autoCommitInterval, ContinuousClock.now - lastCommit >= interval {
            try? await commit()
        }
        guard !assigned.isEmpty else {
            try await Task.sleep(for: max(.milliseconds(1), min(deadline - .now, configuration.heartbeatInterval)))
            return []
        }
        return try await fetcher.poll(timeout: max(.milliseconds(1), deadline - .now))
    }

    /// Moves an assigned partition's position (the next record `poll` returns and the offset the next commit
    /// stores); ignored for a partition not assigned.
    public func seek(_ partition: TopicPartition, to offset: Int64) async {
        await fetcher.seek(partition, to: .offset(offset))
    }

    // MARK: Membership

    private func join() async throws {
        if generationID >= 0 && !assigned.isEmpty { try? await commit() }
        let giveUpAt = ContinuousClock.now + configuration.rebalanceTimeout + configuration.sessionTimeout
        var lastError: any Error = KafkaClientError.timeout("joining group \(groupID)")
        while ContinuousClock.now < giveUpAt {
            guard !closed else { throw KafkaClientError.closed }
            do {
                if try await joinOnce() { return }
                continue
            } catch let error as KafkaClientError {
                if case .brokerError = error { throw error }
                lastError = error
            } catch {
                lastError = error
            }
            // A connection failure: find the coordinator again after a pause.
            if let coordinator { await cluster.connectionFailed(to: coordinator) }
            coordinator = nil
            try await Task.sleep(for: configuration.consumer.retryBackoff * 5)
        }
        throw lastError
    }

    /// One JoinGroup/SyncGroup round. Returns false when the round must be repeated (a new member id, a
    /// rebalance that started meanwhile, a moved coordinator).
    private func joinOnce() async throws -> Bool {
        let connection = try await coordinatorConnection()
        // The coordinator holds JoinGroup and SyncGroup until the rebalance completes.
        let heldTimeout = configuration.rebalanceTimeout + KafkaConnection.defaultRequestTimeout
        let joined = try await connection.send(JoinGroupRequest(
            groupID: groupID, sessionTimeoutMs: configuration.sessionTimeout.wholeMilliseconds,
            rebalanceTimeoutMs: configuration.rebalanceTimeout.wholeMilliseconds, memberID: memberID,
            groupInstanceID: nil, protocolType: Self.protocolType,
            protocols: [.init(name: Self.assignorName, metadata: ConsumerProtocolCodec.encodeSubscription(topics))],
            reason: nil), timeout: heldTimeout)
        switch joined.errorCode {
        case .none: break
        case .memberIdRequired:
            memberID = joined.memberID
            return false
        default:
            try await handleGroupError(joined.errorCode, api: .joinGroup)
            return false
        }
        memberID = joined.memberID
        generationID = joined.generationID
        var assignments: [SyncGroupRequest.SyncGroupRequestAssignment] = []
        if joined.leader == memberID {
            assignments = try await leaderAssignments(joined.members).map {
                .init(memberID: $0.key, assignment: ConsumerProtocolCodec.encodeAssignment($0.value))
            }
        }
        let synced = try await connection.send(SyncGroupRequest(
            groupID: groupID, generationID: generationID, memberID: memberID, groupInstanceID: nil,
            protocolType: Self.protocolType, protocolName: Self.assignorName, assignments: assignments),
            timeout: heldTimeout)
        guard synced.errorCode == .none else {
            try await handleGroupError(synced.errorCode, api: .syncGroup)
            return false
        }
        try await startFetching(ConsumerAssignment.partitions(decoding: synced.assignment))
        needsRejoin = false
        return true
    }

    /// The range assignment of every member, from their subscriptions and current partition counts.
    private func leaderAssignments(_ members: [JoinGroupResponse.JoinGroupResponseMember]) async throws
        -> [String: [TopicPartition]]
    {
        var subscriptions: [String: [TopicName]] = [:]
        for member in members { subscriptions[member.memberID] = ConsumerProtocolCodec.decodeSubscription(member.metadata) }
        let allTopics = Array(Set(subscriptions.values.flatMap { $0 })).sorted()
        let metadata = try await cluster.refreshMetadata(topics: allTopics)
        var counts: [TopicName: Int] = [:]
        for topic in allTopics { counts[topic] = metadata.partitionCount(of: topic) }
        return RangeAssignor.assign(subscriptions: subscriptions, partitionCounts: counts)
    }

    /// Applies an error code of a group request: rejoin, forget the member id, or find the coordinator again.
    /// - Throws: `KafkaClientError.brokerError` for an error none of these fixes.
    private func handleGroupError(_ code: KafkaErrorCode, api: ApiKey) async throws {
        switch code {
        case .rebalanceInProgress, .illegalGeneration:
            needsRejoin = true
        case .unknownMemberId:
            memberID = ""
            generationID = -1
            needsRejoin = true
        case .notCoordinator, .coordinatorNotAvailable, .coordinatorLoadInProgress:
            coordinator = nil
            try await Task.sleep(for: configuration.consumer.retryBackoff)
        default:
            throw KafkaClientError.brokerError(api: api, code: code, message: groupID)
        }
    }

    /// Starts fetching `partitions` from the group's committed offsets.
    private func startFetching(_ partitions: [TopicPartition]) async throws {
        let offsets = try await fetchCommittedOffsets(partitions)
        var starts: [TopicPartition: StartPosition] = [:]
        for partition in partitions {
            if let offset = offsets[partition] {
                starts[partition] = .offset(offset)
                continue
            }
            switch configuration.consumer.autoOffsetReset {
            case .earliest: starts[partition] = .earliest
            case .latest: starts[partition] = .latest
            case .none:
                throw KafkaClientError.invalidArgument("no committed offset for \(partition) and auto.offset.reset none")
            }
        }
        await fetcher.assign(starts)
        assigned = partitions.sorted()
        committed = offsets
    }

    /// The committed offsets of `partitions` (those without one are left out), retried while the coordinator
    /// loads the group.
    private func fetchCommittedOffsets(_ partitions: [TopicPartition]) async throws -> [TopicPartition: Int64] {
        guard !partitions.isEmpty else { return [:] }
        var byTopic: [TopicName: [Int32]] = [:]
        for partition in partitions { byTopic[partition.topic, default: []].append(partition.partition.rawValue) }
        let request = OffsetFetchRequest(
            groupID: groupID,
            topics: byTopic.keys.sorted().map { .init(name: $0, partitionIndexes: byTopic[$0]!) },
            groups: [.init(groupID: groupID,
                           topics: byTopic.keys.sorted().map { .init(name: $0, partitionIndexes: byTopic[$0]!) })],
            requireStable: false)
        for _ in 0..<100 {
            let response = try await coordinatorConnection().send(request)
            var code = response.errorCode
            var found: [(TopicName, Int32, Int64, KafkaErrorCode)] = []
            if let group = response.groups.first {
                code = group.errorCode
                found = group.topics.flatMap { topic in
                    topic.partitions.map { (topic.name, $0.partitionIndex, $0.committedOffset, $0.errorCode) }
                }
            } else {
                found = response.topics.flatMap { topic in
                    topic.partitions.map { (topic.name, $0.partitionIndex, $0.committedOffset, $0.errorCode) }
                }
            }
            if code == .none, let partitionError = found.map(\.3).first(where: { $0 != .none }) { code = partitionError }
            guard code == .none else {
                try await handleGroupError(code, api: .offsetFetch)
                continue
            }
            var offsets: [TopicPartition: Int64] = [:]
            for (topic, partition, offset, _) in found where offset >= 0 {
                offsets[TopicPartition(topic, PartitionIndex(partition))] = offset
            }
            return offsets
        }
        throw KafkaClientError.timeout("fetching the committed offsets of group \(groupID)")
    }

    private func coordinatorConnection() async throws -> BrokerConnection {
        if let coordinator { return try await cluster.connection(to: coordinator) }
        var lastError = KafkaErrorCode.coordinatorNotAvailable
        for attempt in 1...50 {
            let response = try await cluster.anyConnection().send(
                FindCoordinatorRequest(key: groupID, keyType: 0, coordinatorKeys: [groupID]))
            let (code, node) = response.coordinators.first.map { ($0.errorCode, $0.nodeID) }
                ?? (response.errorCode, response.nodeID)
            if code == .none {
                coordinator = node
                return try await cluster.connection(to: node)
            }
            lastError = code
            guard code.isRetriable || code == .notCoordinator else { break }
            try await Task.sleep(for: .milliseconds(min(100 * attempt, 500)))
        }
        throw KafkaClientError.brokerError(api: .findCoordinator, code: lastError, message: groupID)
    }

    // MARK: Heartbeats

    private func startHeartbeats() {
        guard heartbeatTask == nil else { return }
        let interval = configuration.heartbeatInterval
        heartbeatTask = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self, !Task.isCancelled else { return }
                await self.heartbeat()
            }
        }
    }

    private func heartbeat() async {
        guard !closed, !needsRejoin, generationID >= 0 else { return }
        do {
            let response = try await coordinatorConnection().send(HeartbeatRequest(
                groupID: groupID, generationID: generationID, memberID: memberID, groupInstanceID: nil))
            if response.errorCode != .none { try await handleGroupError(response.errorCode, api: .heartbeat) }
        } catch {
            // A lost coordinator: look it up again on the next beat.
            coordinator = nil
        }
    }

    // MARK: Offsets

    /// Commits the position of every assigned partition that moved since the last commit.
    /// - Throws: `KafkaClientError` when the coordinator refuses for another reason than a rebalance or a move.
    public func commit() async throws {
        lastCommit = .now
        guard generationID >= 0, !assigned.isEmpty else { return }
        var offsets: [TopicPartition: Int64] = [:]
        for partition in assigned {
            if let position = await fetcher.position(of: partition), committed[partition] != position {
                offsets[partition] = position
            }
        }
        guard !offsets.isEmpty else { return }
        var topics: [TopicName: [OffsetCommitRequest.OffsetCommitRequestPartition]] = [:]
        for (partition, offset) in offsets.sorted(by: { $0.key < $1.key }) {
            topics[partition.topic, default: []].append(.init(
                partitionIndex: partition.partition.rawValue, committedOffset: offset, committedLeaderEpoch: -1,
                commitTimestamp: -1, committedMetadata: ""))
        }
        let response = try await coordinatorConnection().send(OffsetCommitRequest(
            groupID: groupID, generationIDOrMemberEpoch: generationID, memberID: memberID, groupInstanceID: nil,
            retentionTimeMs: -1, topics: topics.keys.sorted().map { .init(name: $0, partitions: topics[$0]!) }))
        var failure: KafkaErrorCode?
        for topic in response.topics {
            for partition in topic.partitions {
                let topicPartition = TopicPartition(topic.name, PartitionIndex(partition.partitionIndex))
                if partition.errorCode == .none {
                    if let offset = offsets[topicPartition] { committed[topicPartition] = offset }
                } else {
                    failure = partition.errorCode
                }
            }
        }
        if let failure { try await handleGroupError(failure, api: .offsetCommit) }
    }

    // MARK: Closing

    /// Commits the positions, leaves the group (so the others rebalance at once) and closes the connections.
    public func close() async {
        guard !closed else { return }
        heartbeatTask?.cancel()
        heartbeatTask = nil
        if !needsRejoin { try? await commit() }
        closed = true
        if generationID >= 0 || !memberID.isEmpty, let connection = try? await coordinatorConnection() {
            _ = try? await connection.send(LeaveGroupRequest(
                groupID: groupID, memberID: memberID,
                members: [.init(memberID: memberID, groupInstanceID: nil, reason: "the consumer is closing")]))
        }
        await fetcher.close()
        await cluster.close()
    }
}
