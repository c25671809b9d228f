import KafkaModel
import KafkaProtocol
import KafkaRecords
import NIOCore

/// A Kafka consumer with manual assignment (no consumer group): partitions are assigned with a start
/// position, `poll` fetches from each partition's leader and returns records in offset order per partition.
///
/// Positions given as earliest/latest/timestamp are resolved with ListOffsets on the next poll. A position
/// out of range is reset per `autoOffsetReset`. Leader changes (NOT_LEADER_OR_FOLLOWER and the like) refresh
/// the metadata and the next round fetches from the new leader.
public actor KafkaConsumer {
    public nonisolated let configuration: ConsumerConfiguration
    public nonisolated let cluster: KafkaCluster
    private let ownsCluster: Bool

    private enum Position: Hashable {
        case pending(StartPosition)
        case at(Int64)
    }

    private var positions: [TopicPartition: Position] = [:]
    /// Per-partition fetch size raised after a batch did not fit in `maxPartitionFetchBytes`.
    private var fetchSizeOverrides: [TopicPartition: Int32] = [:]
    private var closed = false
    /// An error met in a round that also returned records, raised by the next `poll`.
    private var deferredError: KafkaClientError?

    /// - Throws: `KafkaClientError.invalidArgument` for malformed servers.
    public init(bootstrapServers: String, configuration: ConsumerConfiguration = ConsumerConfiguration(),
                security: ConnectionSecurity = .plaintext) throws {
        self.configuration = configuration
        self.cluster = try KafkaCluster(bootstrapServers: bootstrapServers, clientID: configuration.clientID,
                                        requestTimeout: configuration.requestTimeout, security: security)
        self.ownsCluster = true
    }

    /// A consumer over shared connections (closing the consumer leaves them open).
    public init(cluster: KafkaCluster, configuration: ConsumerConfiguration = ConsumerConfiguration()) {
        self.configuration = configuration
        self.cluster = cluster
        self.ownsCluster = false
    }

    // MARK: Assignment

    /// Assigns partitions, each from its start position, replacing the previous assignment.
    public func assign(_ startPositions: [TopicPartition: StartPosition]) {
        positions = startPositions.mapValues { start in
            if case .offset(let offset) = start { return .at(offset) }
            return .pending(start)
        }
        fetchSizeOverrides = [:]
        deferredError = nil
    }

    /// Assigns `partitions`, all from `start`.
    public func assign(_ partitions: [TopicPartition], from start: StartPosition) {
        assign(Dictionary(partitions.map { ($0, start) }, uniquingKeysWith: { first, _ in first }))
    }

    /// Assigns every partition of `topic` (from metadata), all from `start`.
    /// - Returns: the partitions assigned.
    /// - Throws: `KafkaClientError.unknownTopic` when the topic does not exist.
    @discardableResult
    public func assign(topic: TopicName, from start: StartPosition) async throws -> [TopicPartition] {
        let metadata = try await cluster.refreshMetadata(topics: [topic])
        guard let known = metadata.topics[topic], known.errorCode == .none, !known.partitions.isEmpty else {
            throw KafkaClientError.unknownTopic(topic.rawValue)
        }
        let partitions = known.partitions.map { TopicPartition(topic, $0.index) }
        assign(partitions, from: start)
        return partitions
    }

    /// Moves one assigned partition to a new start position.
    public func seek(_ topicPartition: TopicPartition, to start: StartPosition) {
        guard positions[topicPartition] != nil else { return }
        if case .offset(let offset) = start { positions[topicPartition] = .at(offset) } else {
            positions[topicPartition] = .pending(start)
        }
    }

    /// The assigned partitions, sorted.
    public var assignment: [TopicPartition] { positions.keys.sorted() }

    /// The offset of the next record `poll` returns for a partition; nil until a start position is resolved.
    public func position(of topicPartition: TopicPartition) -> Int64? {
        if case .at(let offset) = positions[topicPartition] { return offset }
        return nil
    }

    // MARK: Polling

    /// Fetches records, waiting up to `timeout` for some to arrive.
    /// - Returns: the records of one fetch round (possibly several partitions), empty on timeout.
    /// - Throws: `KafkaClientError`: nothing assigned, OFFSET_OUT_OF_RANGE with reset none, corrupt records,
    ///   a non-retriable broker error.
    public func poll(timeout: Duration) async throws -> [ConsumerRecord] {
        guard !closed else { throw KafkaClientError.closed }
        guard !positions.isEmpty else { throw KafkaClientError.invalidArgument("no partitions assigned") }
        if let error = deferredError {
            deferredError = nil
            if Self.isFatal(error) { throw error }
        }
        let deadline = ContinuousClock.now + timeout
        repeat {
            let progressed: Bool
            do {
                try await resolvePendingPositions()
                let remaining = deadline - .now
                let wait = max(.zero, min(configuration.fetchMaxWait, remaining))
                let (records, fetched) = try await fetchRound(maxWait: wait)
                if !records.isEmpty { return records }
                progressed = fetched
            } catch let error as KafkaClientError where Self.isFatal(error) {
                throw error
            } catch {
                progressed = false
            }
            if !progressed && ContinuousClock.now + configuration.retryBackoff < deadline {
                try await Task.sleep(for: configuration.retryBackoff)
            }
        } while ContinuousClock.now < deadline
        return []
    }

    private static func isFatal(_ error: KafkaClientError) -> Bool {
        switch error {
        case .brokerError(_, let code, _): !code.isRetriable
        case .corruptRecords, .closed, .invalidArgument, .unknownTopic, .noCommonVersion: true
        default: false
        }
    }

    /// One Fetch per leader, concurrently. Returns the records and whether any partition could be fetched.
    private func fetchRound(maxWait: Duration) async throws -> (records: [ConsumerRecord], fetched: Bool) {
        var fetchOffsets: [TopicPartition: Int64] = [:]
        for case let (topicPartition, .at(offset)) in positions { fetchOffsets[topicPartition] = offset }
        guard !fetchOffsets.isEmpty else { return ([], false) }
        let metadata = try await cluster.metadata(for: Array(Set(fetchOffsets.keys.map(\.topic))).sorted())
        var byLeader: [BrokerID: [TopicPartition: Int64]] = [:]
        for (topicPartition, offset) in fetchOffsets {
            guard let leader = metadata.leader(for: topicPartition) else {
                await cluster.invalidate(topic: topicPartition.topic)
                continue
            }
            byLeader[leader, default: [:]][topicPartition] = offset
        }
        guard !byLeader.isEmpty else { return ([], false) }

        let maxWaitMs = Int32(clamping: maxWait.components.seconds * 1000
            + maxWait.components.attoseconds / 1_000_000_000_000_000)
        var prepared: [PreparedFetch] = []
        for (leader, offsets) in byLeader {
            do {
                let connection = try await cluster.connection(to: leader)
                let version = try connection.versions.version(for: .fetch, client: 4...FetchRequest.versions.upperBound)
                prepared.append(PreparedFetch(leader: leader, requested: offsets, connection: connection,
                                              request: makeFetchRequest(offsets, maxWaitMs: maxWaitMs),
                                              version: version))
            } catch {
                await cluster.connectionFailed(to: leader)
            }
        }
        // The broker may hold a Fetch for maxWait; one that does not answer at all must not stall the round.
        let fetchTimeout = configuration.requestTimeout + maxWait
        // Each answer carries its own leader and requested offsets: nothing is looked up by position afterwards.
        let answers = await withTaskGroup(of: LeaderFetch.self) { group in
            for fetch in prepared {
                group.addTask { await fetch.send(timeout: fetchTimeout) }
            }
            var all: [LeaderFetch] = []
            for await answer in group { all.append(answer) }
            return all
        }

        // Every answer is applied before any error is raised: positions already moved past records in hand
        // must not lose those records to another leader's failure.
        var records: [ConsumerRecord] = []
        var fetched = false
        var firstError: KafkaClientError?
        for answer in answers.sorted(by: { $0.leader < $1.leader }) {
            guard let response = answer.response else {
                await cluster.connectionFailed(to: answer.leader)
                continue
            }
            if response.errorCode != .none {
                firstError = firstError ?? .brokerError(api: .fetch, code: response.errorCode, message: nil)
                continue
            }
            fetched = true
            let (partitionRecords, error) = await handle(response, requested: answer.requested)
            records += partitionRecords
            if let error { firstError = firstError ?? error }
        }
        if let firstError {
            // Records in hand go out now; the error comes with the next poll.
            guard records.isEmpty else {
                deferredError = firstError
                return (records, true)
            }
            throw firstError
        }
        return (records, fetched)
    }

    /// A Fetch ready to go to one leader.
    private struct PreparedFetch: Sendable {
        let leader: BrokerID
        let requested: [TopicPartition: Int64]
        let connection: BrokerConnection
        let request: FetchRequest
        let version: Int16

        func send(timeout: Duration) async -> LeaderFetch {
            let response = try? await connection.send(request, version: version, timeout: timeout)
            return LeaderFetch(leader: leader, requested: requested, response: response)
        }
    }

    /// One leader's answer with what was asked of it; no response when the request failed.
    private struct LeaderFetch: Sendable {
        let leader: BrokerID
        let requested: [TopicPartition: Int64]
        let response: FetchResponse?
    }

    private func makeFetchRequest(_ offsets: [TopicPartition: Int64], maxWaitMs: Int32) -> FetchRequest {
        var topics: [TopicName: [FetchRequest.FetchPartition]] = [:]
        for (topicPartition, offset) in offsets.sorted(by: { $0.key < $1.key }) {
            topics[topicPartition.topic, default: []].append(FetchRequest.FetchPartition(
                partition: topicPartition.partition.rawValue, currentLeaderEpoch: -1, fetchOffset: offset,
                lastFetchedEpoch: -1, logStartOffset: -1,
                partitionMaxBytes: fetchSizeOverrides[topicPartition] ?? configuration.maxPartitionFetchBytes))
        }
        return FetchRequest(
            clusterID: nil, replicaID: BrokerID(-1), maxWaitMs: maxWaitMs, minBytes: configuration.fetchMinBytes,
            maxBytes: configuration.fetchMaxBytes, isolationLevel: 0, sessionID: 0, sessionEpoch: -1,
            topics: topics.keys.sorted().map { FetchRequest.FetchTopic(topic: $0, partitions: topics[$0]!) },
            forgottenTopicsData: [], rackID: "")
    }

    /// Applies one Fetch response: records, new positions, resets and metadata invalidation. A partition's
    /// error does not stop the others: the first one is returned beside every record read.
    private func handle(_ response: FetchResponse, requested: [TopicPartition: Int64]) async
        -> (records: [ConsumerRecord], error: KafkaClientError?)
    {
        var records: [ConsumerRecord] = []
        var firstError: KafkaClientError?
        for topic in response.responses {
            for partition in topic.partitions {
                let topicPartition = TopicPartition(topic.topic, PartitionIndex(partition.partitionIndex))
                // Skip answers for partitions moved (seek, reassign) while the request was out.
                guard let fetchOffset = requested[topicPartition], positions[topicPartition] == .at(fetchOffset)
                else { continue }
                switch partition.errorCode {
                case .none:
                    let decoded: FetchedRecordsDecoder.Result
                    do {
                        decoded = try FetchedRecordsDecoder.decode(
                            partition.records, topicPartition: topicPartition, fetchOffset: fetchOffset)
                    } catch {
                        firstError = firstError ?? (error as? KafkaClientError ?? .corruptRecords("\(error)"))
                        continue
                    }
                    records += decoded.records
                    positions[topicPartition] = .at(decoded.nextOffset)
                    if decoded.onlyPartialBatch {
                        // The batch is larger than the partition limit (a broker that does not return the first
                        // batch whole): ask for at least its size next time.
                        let needed = Int32(clamping: decoded.partialBatchSize)
                        let current = fetchSizeOverrides[topicPartition] ?? configuration.maxPartitionFetchBytes
                        fetchSizeOverrides[topicPartition] = max(needed, current)
                    }
                case .offsetOutOfRange:
                    switch configuration.autoOffsetReset {
                    case .earliest: positions[topicPartition] = .pending(.earliest)
                    case .latest: positions[topicPartition] = .pending(.latest)
                    case .none:
                        firstError = firstError ?? .brokerError(
                            api: .fetch, code: .offsetOutOfRange, message: "\(topicPartition) at offset \(fetchOffset)")
                    }
                default:
                    if partition.errorCode.invalidatesMetadata {
                        await cluster.invalidate(topic: topicPartition.topic)
                    } else if !partition.errorCode.isRetriable {
                        firstError = firstError ?? .brokerError(
                            api: .fetch, code: partition.errorCode, message: "\(topicPartition)")
                    }
                }
            }
        }
        return (records, firstError)
    }

    // MARK: Offsets

    private func resolvePendingPositions() async throws {
        var pending: [TopicPartition: StartPosition] = [:]
        for case let (topicPartition, .pending(start)) in positions { pending[topicPartition] = start }
        guard !pending.isEmpty else { return }
        let offsets = try await listOffsets(pending)
        for (topicPartition, start) in pending where positions[topicPartition] == .pending(start) {
            guard let offset = offsets[topicPartition] else { continue }
            if offset < 0 {
                // A timestamp after every record: start at the end, as Kafka's consumer does on reset.
                positions[topicPartition] = .pending(.latest)
            } else {
                positions[topicPartition] = .at(offset)
            }
        }
    }

    /// Looks offsets up with ListOffsets: earliest, latest, or the first offset at or after a timestamp
    /// (-1 when no record is that late). Partitions whose leader could not answer are left out.
    /// - Throws: `KafkaClientError.brokerError` for a non-retriable error (an unknown topic is retriable).
    public func listOffsets(_ specs: [TopicPartition: StartPosition]) async throws -> [TopicPartition: Int64] {
        var results: [TopicPartition: Int64] = [:]
        var queries: [TopicPartition: Int64] = [:]
        for (topicPartition, spec) in specs {
            switch spec {
            case .earliest: queries[topicPartition] = -2
            case .latest: queries[topicPartition] = -1
            case .timestamp(let time): queries[topicPartition] = time
            case .offset(let offset): results[topicPartition] = offset
            }
        }
        guard !queries.isEmpty else { return results }
        let metadata = try await cluster.metadata(for: Array(Set(queries.keys.map(\.topic))).sorted())
        var byLeader: [BrokerID: [TopicPartition: Int64]] = [:]
        for (topicPartition, timestamp) in queries {
            guard let leader = metadata.leader(for: topicPartition) else {
                await cluster.invalidate(topic: topicPartition.topic)
                continue
            }
            byLeader[leader, default: [:]][topicPartition] = timestamp
        }
        for (leader, partitions) in byLeader {
            let response: ListOffsetsResponse
            do {
                let connection = try await cluster.connection(to: leader)
                let version = try connection.versions.version(for: .listOffsets,
                                                              client: 1...ListOffsetsRequest.versions.upperBound)
                response = try await connection.send(ListOffsetsRequest.make(partitions), version: version,
                                                     timeout: configuration.requestTimeout)
            } catch let error as KafkaClientError where Self.isFatal(error) {
                throw error
            } catch {
                await cluster.connectionFailed(to: leader)
                continue
            }
            for topic in response.topics {
                for partition in topic.partitions {
                    let topicPartition = TopicPartition(topic.name, PartitionIndex(partition.partitionIndex))
                    if partition.errorCode == .none {
                        results[topicPartition] = partition.offset
                    } else if partition.errorCode.invalidatesMetadata || partition.errorCode.isRetriable {
                        await cluster.invalidate(topic: topic.name)
                    } else {
                        throw KafkaClientError.brokerError(api: .listOffsets, code: partition.errorCode,
                                                           message: "\(topicPartition)")
                    }
                }
            }
        }
        return results
    }

    /// Stops the consumer and (when it opened them) closes its connections.
    public func close() async {
        closed = true
        if ownsCluster { await cluster.close() }
    }
}

extension ListOffsetsRequest {
    /// A ListOffsets request for each partition's timestamp (-2 earliest, -1 latest), read uncommitted.
    static func make(_ partitions: [TopicPartition: Int64]) -> ListOffsetsRequest {
        var topics: [TopicName: [ListOffsetsPartition]] = [:]
        for (topicPartition, timestamp) in partitions.sorted(by: { $0.key < $1.key }) {
            topics[topicPartition.topic, default: []].append(ListOffsetsPartition(
                partitionIndex: topicPartition.partition.rawValue, currentLeaderEpoch: -1, timestamp: timestamp,
                maxNumOffsets: 1))
        }
        return ListOffsetsRequest(
            replicaID: BrokerID(-1), isolationLevel: 0,
            topics: topics.keys.sorted().map { ListOffsetsTopic(name: $0, partitions: topics[$0]!) })
    }
}
