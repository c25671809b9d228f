import KafkaClient
import KafkaModel
import KafkaProtocol
import NIOCore

extension ReplicaFetcher {
    /// The Fetch version sent: v12 carries `LastFetchedEpoch` (so a leader may answer `DivergingEpoch`).
    public static let fetchVersion: Int16 = 12

    /// One fetch round: a long-polling Fetch as replica `localBroker` for every ready partition from its log end
    /// offset, then each partition's answer applied (the partition fences it by leader epoch).
    /// - Throws: connection failures.
    public func fetch(_ partitions: [Work], over connection: any LeaderConnection) async throws {
        let (partitions, throttled) = applyThrottle(to: partitions)
        guard !partitions.isEmpty else {
            // Only throttled partitions, and the quota is spent: wait for it (briefly, so changes are seen).
            let wait = throttle?.wait(.follower) ?? .zero
            try? await Task.sleep(for: min(max(wait, .milliseconds(5)), .milliseconds(100)))
            return
        }
        var sent: [TopicPartition: (work: Work, fetchOffset: Offset)] = [:]
        var topics: [TopicName: [FetchRequest.FetchPartition]] = [:]
        for work in partitions {
            let log = work.partition.log
            let fetchOffset = log.logEndOffset
            sent[work.topicPartition] = (work, fetchOffset)
            topics[work.topicPartition.topic, default: []].append(.init(
                partition: work.topicPartition.partition.rawValue, currentLeaderEpoch: work.leaderEpoch.rawValue,
                fetchOffset: fetchOffset.rawValue, lastFetchedEpoch: work.partition.latestLocalEpoch?.rawValue ?? -1,
                logStartOffset: log.logStartOffset.rawValue,
                partitionMaxBytes: throttled.contains(work.topicPartition)
                    ? throttle?.chunkBytes(.follower, limit: settings.maxBytes) ?? settings.maxBytes
                    : settings.maxBytes))
        }
        let request = FetchRequest(
            replicaID: settings.localBroker, maxWaitMs: settings.maxWaitMs, minBytes: settings.minBytes,
            maxBytes: settings.maxBytes, isolationLevel: 0, sessionID: 0, sessionEpoch: -1,
            topics: topics.map { .init(topic: $0.key, partitions: $0.value) })
        let response = try await send(request, version: Self.fetchVersion, over: connection)
        guard response.errorCode == .none else {
            for (work, _) in sent.values { delay(work, because: "Fetch answered \(response.errorCode)") }
            return
        }
        var outOfRange: [Work] = []
        for topic in response.responses {
            for data in topic.partitions {
                let tp = TopicPartition(topic.topic, PartitionIndex(data.partitionIndex))
                guard let (work, fetchOffset) = sent.removeValue(forKey: tp) else { continue }
                if throttled.contains(tp) { throttle?.record(data.records?.readableBytes ?? 0, .follower) }
                switch data.errorCode {
                case .none:
                    apply(data, fetchedFrom: fetchOffset, to: work)
                case .offsetOutOfRange:
                    outOfRange.append(work)
                default:
                    // NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH, UNKNOWN_TOPIC_OR_PARTITION…:
                    // leadership is moving; a LeaderAndIsr will say where to fetch from.
                    dropIfFenced(work)
                    delay(work, because: "Fetch answered \(data.errorCode)")
                }
            }
        }
        if !outOfRange.isEmpty { try await recoverOutOfRange(outOfRange, over: connection) }
    }

    /// Splits off the throttled partitions (follower throttle, this broker not in the ISR): they are left out
    /// of the fetch while the follower quota is exceeded. Returns what to fetch and which of it is throttled.
    private func applyThrottle(to partitions: [Work]) -> (fetch: [Work], throttled: Set<TopicPartition>) {
        guard let throttle else { return (partitions, []) }
        var throttled = Set<TopicPartition>()
        for work in partitions where throttle.isThrottled(work.topicPartition, side: .follower)
            && !work.partition.replicaState.isr.contains(settings.localBroker)
        {
            throttled.insert(work.topicPartition)
        }
        guard !throttled.isEmpty, throttle.wait(.follower) > .zero else { return (partitions, throttled) }
        return (partitions.filter { !throttled.contains($0.topicPartition) }, [])
    }

    /// Appends one partition's fetched records, if it is still assigned at the epoch they were fetched for.
    private func apply(_ data: FetchResponse.PartitionData, fetchedFrom fetchOffset: Offset, to work: Work) {
        if data.divergingEpoch.epoch >= 0 {
            // The leader saw that our log diverged from its own (KIP-595 style): reconcile before fetching.
            withCurrent(work) { $0.phase = .truncating }
            return
        }
        // The partition fences the write by its epoch under its own lock; this fetcher's lock is not held across
        // the disk write, so a LeaderAndIsr reassigning fetchers never waits for it.
        guard isAssigned(work) else { return }
        let outcome: Partition.FollowerAppendOutcome? = work.partition.appendAsFollower(
            data.records, fetchOffset: fetchOffset, leaderEpoch: work.leaderEpoch,
            leaderHighWatermark: Offset(data.highWatermark), leaderLogStartOffset: Offset(data.logStartOffset))
        if case .appended? = outcome { withCurrent(work) { $0.retryAt = nil } }
        switch outcome {
        case .fenced?:
            dropIfFenced(work)
        case .failed(let error)?:
            logger.error("cannot append fetched records", metadata: ["partition": "\(work.topicPartition)",
                                                                     "error": "\(error)"])
            delay(work, because: "append failed: \(error)")
        case .appended?, .stale?, nil:
            break
        }
    }
}
