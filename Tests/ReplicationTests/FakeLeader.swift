import KafkaModel
import KafkaProtocol
import LogStorage
import NIOConcurrencyHelpers
import Replication

/// Failures of the in-memory network.
enum FakeNetworkError: Error {
    case connectionRefused
    case connectionClosed
    case unsupported(ApiKey)
}

/// A leader broker as its followers' fetchers reach it, in memory. It answers Fetch, OffsetForLeaderEpoch and
/// ListOffsets from `broker`'s replica manager the way a Kafka 2.8 leader answers a follower: leader epochs are
/// checked (FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH), a fetch reports the follower's position and long-polls
/// for data, reports a `DivergingEpoch` for a follower whose last fetched epoch ended earlier here, and refuses
/// offsets outside the log; ListOffsets "latest" is the log end for a replica. Every request and response goes
/// through its wire encoding at the version sent, so only what that version carries arrives. Tests can refuse
/// connections, break them, or hold answers in flight.
final class FakeLeader: Sendable {
    private struct State {
        var versions: [ApiKey: Set<Int16>] = [:]
        var fetches: [FetchRequest] = []
        var epochQueries: [OffsetForLeaderEpochRequest] = []
        var offsetQueries: [ListOffsetsRequest] = []
        var connections: [FakeLeaderConnection] = []
        var refusedConnections = 0
        var failingRequests = 0
        var knowsNoEpochs = false
    }

    let broker: TestBroker
    private let state = NIOLockedValueBox(State())
    /// The Fetch handler's hook for a follower's position (the ISR manager's `fetchHook` in the broker).
    let followerFetched: NIOLockedValueBox<@Sendable (BrokerID, Partition, Offset) -> Void>
    /// Holds Fetch answers that carry records after they were read from the log, before they are delivered.
    let answersWithRecords = Gate()

    init(_ broker: TestBroker) {
        self.broker = broker
        // Lag is measured by the ISR tests, which call the ISR manager themselves; here time stands still.
        followerFetched = NIOLockedValueBox({ follower, partition, offset in
            _ = partition.recordFollowerFetch(follower, fetchOffset: offset, nowMs: 0)
        })
    }

    /// The versions each API was sent at.
    var versions: [ApiKey: Set<Int16>] { state.withLockedValue { $0.versions } }
    var fetches: [FetchRequest] { state.withLockedValue { $0.fetches } }
    var epochQueries: [OffsetForLeaderEpochRequest] { state.withLockedValue { $0.epochQueries } }
    var offsetQueries: [ListOffsetsRequest] { state.withLockedValue { $0.offsetQueries } }
    var connectionCount: Int { state.withLockedValue { $0.connections.count } }

    /// Refuses the next `count` connection attempts.
    func refuseConnections(_ count: Int) { state.withLockedValue { $0.refusedConnections = count } }

    /// Breaks the connection under the next `count` requests (they fail, as a reset connection fails them).
    func failRequests(_ count: Int) { state.withLockedValue { $0.failingRequests = count } }

    /// Closes every open connection, failing the requests waiting on them.
    func dropConnections() {
        for connection in state.withLockedValue({ $0.connections }) { connection.markClosed() }
    }

    /// Answers as a leader whose log records no leader epochs (written before KIP-101): OffsetForLeaderEpoch says
    /// "undefined" and Fetch never reports a divergence.
    func knowNoEpochs() { state.withLockedValue { $0.knowsNoEpochs = true } }

    func connect() throws -> FakeLeaderConnection {
        try state.withLockedValue { state in
            if state.refusedConnections > 0 {
                state.refusedConnections -= 1
                throw FakeNetworkError.connectionRefused
            }
            let connection = FakeLeaderConnection(leader: self)
            state.connections.append(connection)
            return connection
        }
    }

    func answer<Request: KafkaRequestMessage>(_ request: Request, version: Int16,
                                              over connection: FakeLeaderConnection) async throws -> Request.Response
    {
        let breaks = state.withLockedValue { state -> Bool in
            guard state.failingRequests > 0 else { return false }
            state.failingRequests -= 1
            return true
        }
        if breaks {
            connection.markClosed()
            throw FakeNetworkError.connectionClosed
        }
        state.withLockedValue { _ = $0.versions[Request.apiKey, default: []].insert(version) }
        let response: any KafkaResponseMessage
        switch request {
        case let sent as FetchRequest:
            let fetch = try FetchRequest(decoding: sent.encoded(version: version), version: version)
            state.withLockedValue { $0.fetches.append(fetch) }
            let (answer, bytes) = try await answerFetch(fetch, over: connection)
            if bytes > 0 { await answersWithRecords.pass() }
            response = try FetchResponse(decoding: answer.encoded(version: version), version: version)
        case let sent as OffsetForLeaderEpochRequest:
            let query = try OffsetForLeaderEpochRequest(decoding: sent.encoded(version: version), version: version)
            state.withLockedValue { $0.epochQueries.append(query) }
            response = try OffsetForLeaderEpochResponse(
                decoding: answerOffsetForLeaderEpoch(query).encoded(version: version), version: version)
        case let sent as ListOffsetsRequest:
            let query = try ListOffsetsRequest(decoding: sent.encoded(version: version), version: version)
            state.withLockedValue { $0.offsetQueries.append(query) }
            response = try ListOffsetsResponse(decoding: answerListOffsets(query).encoded(version: version),
                                               version: version)
        default:
            throw FakeNetworkError.unsupported(Request.apiKey)
        }
        guard let typed = response as? Request.Response else { throw FakeNetworkError.unsupported(Request.apiKey) }
        return typed
    }

    /// The partition `tp` if this broker leads it at the epoch the requester knows (when it says).
    private func leaderPartition(_ tp: TopicPartition, currentLeaderEpoch: Int32) -> Result<Partition, KafkaErrorCode> {
        switch broker.replicas.leaderPartition(tp, knownTopic: true) {
        case .failure(let code): return .failure(code)
        case .success(let partition):
            guard currentLeaderEpoch >= 0 else { return .success(partition) }
            if currentLeaderEpoch < partition.leaderEpoch.rawValue { return .failure(.fencedLeaderEpoch) }
            if currentLeaderEpoch > partition.leaderEpoch.rawValue { return .failure(.unknownLeaderEpoch) }
            return .success(partition)
        }
    }

    // MARK: - Fetch

    /// Records the follower's positions once, then reads until `minBytes` are there, a partition answers an
    /// error, or `maxWaitMs` pass (the long poll).
    private func answerFetch(_ request: FetchRequest, over connection: FakeLeaderConnection) async throws
        -> (FetchResponse, bytes: Int)
    {
        let hook = followerFetched.withLockedValue { $0 }
        for topic in request.topics {
            for data in topic.partitions {
                let tp = TopicPartition(topic.topic, PartitionIndex(data.partition))
                guard case .success(let partition) = leaderPartition(tp, currentLeaderEpoch: data.currentLeaderEpoch),
                    divergence(partition, data) == nil
                else { continue }
                hook(request.replicaID, partition, Offset(data.fetchOffset))
            }
        }
        let deadline = ContinuousClock.now + .milliseconds(Int64(max(0, request.maxWaitMs)))
        while true {
            var bytes = 0
            var hasError = false
            let topics = request.topics.map { topic in
                FetchResponse.FetchableTopicResponse(topic: topic.topic, partitions: topic.partitions.map { data in
                    let answer = read(TopicPartition(topic.topic, PartitionIndex(data.partition)), data)
                    bytes += answer.records?.readableBytes ?? 0
                    hasError = hasError || answer.errorCode != .none
                    return answer
                })
            }
            if bytes >= Int(request.minBytes) || hasError || ContinuousClock.now >= deadline {
                return (FetchResponse(responses: topics), bytes)
            }
            try await Task.sleep(for: .milliseconds(1))
            guard connection.isActive else { throw FakeNetworkError.connectionClosed }
        }
    }

    /// Kafka's check for Fetch v12: where the follower's last fetched epoch ends here, when that is before the
    /// fetch offset or the epoch is unknown here.
    private func divergence(_ partition: Partition, _ data: FetchRequest.FetchPartition)
        -> FetchResponse.EpochEndOffset?
    {
        guard data.lastFetchedEpoch >= 0, !state.withLockedValue({ $0.knowsNoEpochs }) else { return nil }
        let (epoch, end) = partition.log.leaderEpochCache.endOffset(for: LeaderEpoch(data.lastFetchedEpoch),
                                                                    logEndOffset: partition.log.logEndOffset)
        guard epoch.rawValue < data.lastFetchedEpoch || end.rawValue < data.fetchOffset else { return nil }
        return FetchResponse.EpochEndOffset(epoch: epoch.rawValue, endOffset: end.rawValue)
    }

    private func read(_ tp: TopicPartition, _ data: FetchRequest.FetchPartition) -> FetchResponse.PartitionData {
        var answer = FetchResponse.PartitionData(partitionIndex: data.partition, highWatermark: -1)
        let partition: Partition
        switch leaderPartition(tp, currentLeaderEpoch: data.currentLeaderEpoch) {
        case .failure(let code):
            answer.errorCode = code
            return answer
        case .success(let found): partition = found
        }
        let log = partition.log
        answer.highWatermark = partition.highWatermark.rawValue
        answer.lastStableOffset = answer.highWatermark
        answer.logStartOffset = log.logStartOffset.rawValue
        if let divergingEpoch = divergence(partition, data) {
            answer.divergingEpoch = divergingEpoch
            return answer
        }
        do {
            let found = try log.read(from: Offset(data.fetchOffset), maxBytes: Int(data.partitionMaxBytes))
            answer.records = try found.readBytes()
        } catch let error as LogStorageError {
            answer.errorCode = KafkaErrorCode(error)
        } catch {
            answer.errorCode = .unknownServerError
        }
        return answer
    }

    // MARK: - OffsetForLeaderEpoch and ListOffsets

    private func answerOffsetForLeaderEpoch(_ request: OffsetForLeaderEpochRequest) -> OffsetForLeaderEpochResponse {
        let knowsNoEpochs = state.withLockedValue { $0.knowsNoEpochs }
        return OffsetForLeaderEpochResponse(topics: request.topics.map { topic in
            .init(topic: topic.topic, partitions: topic.partitions.map { query in
                let tp = TopicPartition(topic.topic, PartitionIndex(query.partition))
                switch leaderPartition(tp, currentLeaderEpoch: query.currentLeaderEpoch) {
                case .failure(let code):
                    return .init(errorCode: code, partition: query.partition)
                case .success where knowsNoEpochs:
                    return .init(partition: query.partition)
                case .success(let partition):
                    let (epoch, end) = partition.log.leaderEpochCache.endOffset(
                        for: LeaderEpoch(query.leaderEpoch), logEndOffset: partition.log.logEndOffset)
                    return .init(partition: query.partition, leaderEpoch: epoch.rawValue, endOffset: end.rawValue)
                }
            })
        })
    }

    private func answerListOffsets(_ request: ListOffsetsRequest) -> ListOffsetsResponse {
        ListOffsetsResponse(topics: request.topics.map { topic in
            .init(name: topic.name, partitions: topic.partitions.map { query in
                var answer = ListOffsetsResponse.ListOffsetsPartitionResponse(partitionIndex: query.partitionIndex)
                let tp = TopicPartition(topic.name, PartitionIndex(query.partitionIndex))
                switch leaderPartition(tp, currentLeaderEpoch: query.currentLeaderEpoch) {
                case .failure(let code):
                    answer.errorCode = code
                case .success(let partition):
                    answer.leaderEpoch = partition.leaderEpoch.rawValue
                    switch query.timestamp {
                    case Offset.earliest.rawValue: answer.offset = partition.log.logStartOffset.rawValue
                    // A replica reads up to the log end, a consumer up to the high watermark.
                    case Offset.latest.rawValue:
                        answer.offset = request.replicaID.rawValue >= 0
                            ? partition.log.logEndOffset.rawValue : partition.highWatermark.rawValue
                    default: answer.errorCode = .invalidRequest
                    }
                }
                return answer
            })
        })
    }
}

/// One follower connection to a `FakeLeader`.
final class FakeLeaderConnection: LeaderConnection {
    let leader: FakeLeader
    private let closed = NIOLockedValueBox(false)

    init(leader: FakeLeader) { self.leader = leader }

    var isActive: Bool { !closed.withLockedValue { $0 } }

    func markClosed() { closed.withLockedValue { $0 = true } }

    func close() async { markClosed() }

    /// The fake never times a request out: tests hold answers with a `Gate` instead.
    func send<Request: KafkaRequestMessage>(_ request: Request, version: Int16, timeout: Duration) async throws
        -> Request.Response
    {
        guard isActive else { throw FakeNetworkError.connectionClosed }
        let response = try await leader.answer(request, version: version, over: self)
        // An answer read just as the connection closed never arrives.
        guard isActive else { throw FakeNetworkError.connectionClosed }
        return response
    }
}

/// The leaders followers can reach, by broker id (an endpoint's port is the broker's id).
final class FakeNetwork: Sendable {
    private let leaders = NIOLockedValueBox<[BrokerID: FakeLeader]>([:])

    func add(_ leader: FakeLeader) { leaders.withLockedValue { $0[leader.broker.id] = leader } }

    var resolveEndpoint: ReplicaFetcher.ResolveEndpoint {
        { [leaders] id in leaders.withLockedValue { $0[id] } == nil ? nil : ("broker-\(id)", Int(id.rawValue)) }
    }

    var connect: ReplicaFetcher.Connect {
        { [leaders] _, port in
            guard let leader = leaders.withLockedValue({ $0[BrokerID(Int32(port))] }) else {
                throw FakeNetworkError.connectionRefused
            }
            return try leader.connect()
        }
    }
}
