import KafkaModel
import Replication
import KafkaProtocol
import KafkaRecords
import LogStorage
import NIOConcurrencyHelpers
import NIOCore

/// Fetch (1) for consumers and for follower replicas (`replicaID` ≥ 0).
///
/// Consumers read below the high watermark (read_committed ones below the last stable offset); followers read to the log end and report their position, which
/// moves the high watermark and the ISR. A fetch with too little data waits up to `maxWaitMs` for `minBytes`
/// (long poll). `maxBytes` caps the response and `partitionMaxBytes` each partition, except that the first
/// batch of the first partition with data is returned whole so a consumer always progresses. Fetch sessions
/// are not kept: every answer is a full one with session id 0, which clients treat as "no session".
///
/// Registered through `RegisteredHandler(fetch:)`, not as a `KafkaAPIHandler`: its answers carry file ranges that
/// are sent with sendfile, not a response value.
struct FetchHandler: Sendable {
    /// v0–v3 consumers get the stored batches down-converted to magic 0 (v0–v1) or 1 (v2–v3).
    static let servedVersions: ClosedRange<Int16> = 0...12
    let replicas: ReplicaManager
    let metadata: MetadataCache
    /// Called with a follower's position after it fetched (leader side of replication).
    let followerFetched: @Sendable (BrokerID, Partition, Offset) -> Void
    /// Limits what throttled followers get (leader side of the replication quota); nil: nothing is throttled.
    var throttle: ReplicationThrottle? = nil
    /// `fetch.max.bytes`: the most record bytes one consumer fetch returns.
    var fetchMaxBytes: Int = BrokerConfig().fetchMaxBytes

    typealias PartitionData = FetchResponse.PartitionData

    /// A fetch that can be answered from what the log holds now (enough bytes, an error, or no wait asked for)
    /// is answered on the event loop; nil when it must wait (`answer`).
    func answerNow(_ request: FetchRequest, context: RequestContext) -> FetchAnswer? {
        let isFollower = request.replicaID.rawValue >= 0
        if isFollower, !context.isInterBrokerListener { return refusedFollower(request) }
        if isFollower {
            recordFollowerPositions(request)
        }
        let (answer, bytes, hasError, throttledBytes) = readAll(request, isFollower: isFollower, version: context.apiVersion)
        guard bytes >= Int(request.minBytes) || hasError || request.maxWaitMs <= 0 else { return nil }
        throttle?.record(throttledBytes, .leader)
        BrokerMetrics.shared.fetched(answer, byFollower: isFollower)
        return Self.forVersion(answer, request: request, version: context.apiVersion)
    }

    /// The answer as a client of `version` reads it: down-converted to an old message format before v4.
    private static func forVersion(_ answer: FetchAnswer, request: FetchRequest, version: Int16) -> FetchAnswer {
        guard let magic = LegacyMessageSet.magic(forFetchVersion: version) else { return answer }
        let fetchOffsets = request.topics.map { $0.partitions.map(\.fetchOffset) }
        return answer.downConverted(toMagic: magic, fetchOffsets: fetchOffsets, version: version)
    }

    /// A fetch `answerNow` could not answer: it waits in the purgatory, under each partition's high watermark
    /// (consumers) or log end (followers), until `minBytes` are there, a partition answers an error, or
    /// `maxWaitMs` pass. Follower positions were recorded by `answerNow`.
    func delayedAnswer(_ request: FetchRequest, context: RequestContext) -> EventLoopFuture<FetchAnswer> {
        let isFollower = request.replicaID.rawValue >= 0
        let promise = context.eventLoop.makePromise(of: FetchAnswer.self)
        // The answer the satisfying check read, so completing does not read again.
        let ready = NIOLockedValueBox<(answer: FetchAnswer, throttledBytes: Int)?>(nil)
        let operation = DelayedOperation(
            timeout: .milliseconds(Int64(max(0, request.maxWaitMs))),
            tryComplete: {
                let read = readAll(request, isFollower: isFollower, version: context.apiVersion)
                guard read.bytes >= Int(request.minBytes) || read.hasError else { return false }
                ready.withLockedValue { $0 = (read.answer, read.throttledBytes) }
                return true
            },
            onComplete: { _ in
                let (answer, throttledBytes) = ready.withLockedValue { $0 } ?? {
                    let last = readAll(request, isFollower: isFollower, version: context.apiVersion)
                    return (last.answer, last.throttledBytes)
                }()
                throttle?.record(throttledBytes, .leader)
                BrokerMetrics.shared.fetched(answer, byFollower: isFollower)
                promise.succeed(Self.forVersion(answer, request: request, version: context.apiVersion))
            })
        let events = request.topics.flatMap { topic in
            topic.partitions.map { data -> PartitionEvent in
                let tp = TopicPartition(topic.topic, PartitionIndex(data.partition))
                return isFollower ? .logEnd(tp) : .highWatermark(tp)
            }
        }
        replicas.purgatory.watch(operation, for: events)
        return promise.futureResult
    }

    /// A follower's fetch on a listener other than the dedicated inter-broker one: every partition is refused, as
    /// Kafka refuses a principal without CLUSTER_ACTION.
    private func refusedFollower(_ request: FetchRequest) -> FetchAnswer {
        let topics = request.topics.map { topic in
            FetchResponse.FetchableTopicResponse(topic: topic.topic, partitions: topic.partitions.map { data in
                PartitionData(partitionIndex: data.partition, errorCode: .clusterAuthorizationFailed, highWatermark: -1,
                              lastStableOffset: -1, logStartOffset: -1, preferredReadReplica: BrokerID(-1),
                              records: ByteBuffer())
            })
        }
        return FetchAnswer(response: FetchResponse(throttleTimeMs: 0, errorCode: .none, sessionID: 0, responses: topics),
                           slices: topics.map { $0.partitions.map { _ in [] } })
    }

    private func recordFollowerPositions(_ request: FetchRequest) {
        let live = metadata.snapshot.brokers
        for topic in request.topics {
            for data in topic.partitions {
                let tp = TopicPartition(topic.topic, PartitionIndex(data.partition))
                guard let partition = replicas.partition(tp), partition.isLeader,
                    followerError(partition, follower: request.replicaID, fetchOffset: Offset(data.fetchOffset),
                                  live: live) == nil
                else { continue }
                followerFetched(request.replicaID, partition, Offset(data.fetchOffset))
            }
        }
    }

    /// A fetch naming a replica id is served as a follower's only from an assigned replica other than this
    /// broker that the controller lists as live, and only from within the log: a client posing as a follower
    /// must not move the high watermark or join the ISR. (Fetch up to v12 carries no broker epoch; a dedicated
    /// `inter.broker.listener.name` is the operator's fence beyond this.)
    private func followerError(_ partition: Partition, follower: BrokerID, fetchOffset: Offset,
                               live: [BrokerID: MetadataCache.BrokerEndpoint]) -> KafkaErrorCode? {
        guard follower != replicas.localBroker, live[follower] != nil,
            partition.replicaState.replicas.contains(follower)
        else { return .notLeaderOrFollower }
        guard fetchOffset.rawValue >= 0, fetchOffset <= partition.log.logEndOffset else { return .offsetOutOfRange }
        return nil
    }

    /// Reads every requested partition once; returns the answer (file ranges, not bytes), the record bytes in
    /// it, and whether some partition answered with an error (which ends the wait, as in Kafka).
    private func readAll(_ request: FetchRequest, isFollower: Bool, version: Int16) -> (answer: FetchAnswer, bytes: Int,
                                                                        hasError: Bool, throttledBytes: Int)
    {
        var slices: [[[FileSlice]]] = []
        // A consumer gets at most `fetch.max.bytes` per response whatever it asks (Kafka's rule, KIP-541), so
        // the response frame's size always fits its Int32 prefix.
        var remaining = Int(max(0, request.maxBytes))
        if !isFollower { remaining = min(remaining, fetchMaxBytes) }
        var total = 0
        var throttledBytes = 0
        var hasError = false
        let quotaExceeded = throttle.map { $0.wait(.leader) > .zero } ?? false
        let snapshot = metadata.snapshot
        let known = snapshot.topics
        let topics = request.topics.map { topic in
            slices.append([])
            return FetchResponse.FetchableTopicResponse(topic: topic.topic, partitions: topic.partitions.map { data in
                slices[slices.count - 1].append([])
                var answer = PartitionData(partitionIndex: data.partition, errorCode: .none, highWatermark: -1,
                                           lastStableOffset: -1, logStartOffset: -1,
                                           preferredReadReplica: BrokerID(-1), records: ByteBuffer())
                let tp = TopicPartition(topic.topic, PartitionIndex(data.partition))
                let partition: Partition
                switch lookup(tp, knownTopic: known[topic.topic] != nil, isFollower: isFollower,
                              currentLeaderEpoch: data.currentLeaderEpoch) {
                case .failure(let code):
                    answer.errorCode = code.understood(byFetchVersion: version)
                    hasError = true
                    return answer
                case .success(let found):
                    partition = found
                }
                if isFollower, let code = followerError(partition, follower: request.replicaID,
                                                        fetchOffset: Offset(data.fetchOffset), live: snapshot.brokers) {
                    answer.errorCode = code
                    hasError = true
                    return answer
                }
                let highWatermark = partition.highWatermark
                let lastStableOffset = partition.lastStableOffset
                answer.highWatermark = highWatermark.rawValue
                answer.lastStableOffset = lastStableOffset.rawValue
                answer.logStartOffset = partition.log.logStartOffset.rawValue
                // read_committed (KIP-98) stops at the last stable offset and is told which transactions in
                // what it reads were aborted, so it can drop their records.
                let readCommitted = !isFollower && request.isolationLevel == 1
                let upperBound = isFollower ? partition.log.logEndOffset
                    : readCommitted ? lastStableOffset : highWatermark
                let fetchOffset = Offset(data.fetchOffset)
                if readCommitted {
                    answer.abortedTransactions = partition.log.abortedTransactions(from: fetchOffset, upTo: upperBound)
                        .map { .init(producerID: $0.producerID, firstOffset: $0.firstOffset.rawValue) }
                }
                // Between the high watermark and the log end: nothing visible yet, which is not an error.
                if fetchOffset >= upperBound && fetchOffset <= partition.log.logEndOffset { return answer }
                var budget = min(Int(max(0, data.partitionMaxBytes)), remaining)
                let throttled = isFollower && isThrottled(partition, follower: request.replicaID)
                if throttled {
                    // Over the leader quota: this follower gets nothing of the partition this time.
                    if quotaExceeded { return answer }
                    budget = min(budget, Int(throttle?.chunkBytes(.leader, limit: Int32(clamping: budget)) ?? 0))
                }
                do {
                    let read = try partition.log.read(from: fetchOffset, maxBytes: budget, upperBound: upperBound,
                                                      minOneBatch: total == 0 || throttled)
                    if read.byteCount > 0 {
                        slices[slices.count - 1][slices[slices.count - 1].count - 1] = read.slices
                        total += read.byteCount
                        if throttled { throttledBytes += read.byteCount }
                        remaining = max(0, remaining - read.byteCount)
                    }
                } catch let error as LogStorageError {
                    answer.errorCode = KafkaErrorCode(error).understood(byFetchVersion: version)
                    hasError = true
                } catch {
                    answer.errorCode = .unknownServerError
                    hasError = true
                }
                return answer
            })
        }
        let response = FetchResponse(throttleTimeMs: 0, errorCode: .none, sessionID: 0, responses: topics)
        return (FetchAnswer(response: response, slices: slices), total, hasError, throttledBytes)
    }

    /// Leader throttle: the partition is listed for this broker and the follower is still catching up.
    private func isThrottled(_ partition: Partition, follower: BrokerID) -> Bool {
        guard let throttle, throttle.isThrottled(partition.topicPartition, side: .leader) else { return false }
        return !partition.replicaState.isr.contains(follower)
    }

    private func lookup(_ tp: TopicPartition, knownTopic: Bool, isFollower: Bool, currentLeaderEpoch: Int32)
        -> Result<Partition, KafkaErrorCode>
    {
        let found = replicas.leaderPartition(tp, knownTopic: knownTopic)
        guard case .success(let partition) = found else { return found }
        // Clients that know the leader epoch are told when they are behind or ahead (KIP-320).
        if currentLeaderEpoch >= 0 {
            let epoch = partition.leaderEpoch.rawValue
            if currentLeaderEpoch < epoch { return .failure(.fencedLeaderEpoch) }
            if currentLeaderEpoch > epoch { return .failure(.unknownLeaderEpoch) }
        }
        return .success(partition)
    }
}

extension KafkaErrorCode {
    /// The error as a consumer or follower fetching at `version` understands it: Fetch up to v5 predates
    /// KAFKA_STORAGE_ERROR, so Kafka answers it there with NOT_LEADER_OR_FOLLOWER (also retriable, also a reason to
    /// refresh metadata).
    func understood(byFetchVersion version: Int16) -> KafkaErrorCode {
        self == .kafkaStorageError && version <= 5 ? .notLeaderOrFollower : self
    }
}
