import KafkaModel
import Replication
import KafkaProtocol
import KafkaRecords
import LogStorage
import NIOCore

/// Produce (0): validates each partition's batch, appends it on the leader, and answers by `acks` — 0: no
/// response; 1: after the leader's append; -1 (all): once the high watermark passes the batch, i.e. every
/// in-sync replica has it, or REQUEST_TIMED_OUT after the request's timeout.
struct ProduceHandler: KafkaAPIHandler {
    static let servedVersions: ClosedRange<Int16> = 3...9
    let replicas: ReplicaManager
    let metadata: MetadataCache
    let topicConfigs: TopicConfigProvider

    typealias PartitionResponse = ProduceResponse.PartitionProduceResponse

    /// acks 0 and 1 are answered as soon as the leader appended, on the event loop.
    func handleNow(_ request: ProduceRequest, context: RequestContext) -> ProduceResponse?? {
        guard request.acks != -1 else { return nil }
        let responses = appendAll(request).responses
        return .some(request.acks == 0 ? nil : response(responses, version: context.apiVersion))
    }

    func handle(_ request: ProduceRequest, context: RequestContext) async -> ProduceResponse? {
        var (responses, appended) = appendAll(request)
        let acks = request.acks
        if acks == 0 { return nil }
        if acks == -1 {
            let deadline = NIODeadline.now() + .milliseconds(Int64(max(0, request.timeoutMs)))
            for (t, p, partition, lastOffset, minISR) in appended {
                let replicated = await waitForHighWatermark(partition, beyond: lastOffset, deadline: deadline,
                                                            eventLoop: context.eventLoop)
                if !replicated {
                    // A replica whose log directory failed meanwhile stopped leading: say why, as Kafka does.
                    responses[t].partitionResponses[p].errorCode = partition.log.isOffline
                        ? .kafkaStorageError : .requestTimedOut
                } else if partition.replicaState.isr.count < minISR {
                    responses[t].partitionResponses[p].errorCode = .notEnoughReplicasAfterAppend
                }
            }
        }
        return response(responses, version: context.apiVersion)
    }

    /// Kafka answers KAFKA_STORAGE_ERROR as NOT_LEADER_OR_FOLLOWER to Produce up to v3, which predates it.
    private func response(_ responses: [ProduceResponse.TopicProduceResponse], version: Int16) -> ProduceResponse {
        var responses = responses
        if version <= 3 {
            for t in responses.indices {
                for p in responses[t].partitionResponses.indices
                where responses[t].partitionResponses[p].errorCode == .kafkaStorageError {
                    responses[t].partitionResponses[p].errorCode = .notLeaderOrFollower
                }
            }
        }
        return ProduceResponse(responses: responses, throttleTimeMs: 0)
    }

    private typealias Appended = (topic: Int, partition: Int, Partition, lastOffset: Offset, minISR: Int)

    /// Validates and appends every partition's batch; returns the per-partition answers and what was appended.
    private func appendAll(_ request: ProduceRequest)
        -> (responses: [ProduceResponse.TopicProduceResponse], appended: [Appended])
    {
        let acks = request.acks
        var appended: [Appended] = []
        var responses = request.topicData.map { topic in
            ProduceResponse.TopicProduceResponse(
                name: topic.name, partitionResponses: topic.partitionData.map { PartitionResponse(index: $0.index) })
        }
        let known = metadata.snapshot.topics
        let nowMs = systemWallClock()
        for (t, topic) in request.topicData.enumerated() {
            let config = topicConfigs.config(for: topic.name)
            let timestampPolicy = Self.timestampPolicy(config, nowMs: nowMs)
            for (p, data) in topic.partitionData.enumerated() {
                var response = responses[t].partitionResponses[p]
                response.baseOffset = -1
                response.logAppendTimeMs = -1
                response.logStartOffset = -1
                defer { responses[t].partitionResponses[p] = response }
                guard acks == 0 || acks == 1 || acks == -1 else {
                    response.errorCode = .invalidRequiredAcks
                    continue
                }
                guard request.transactionalID == nil else {
                    response.errorCode = .transactionalIdAuthorizationFailed
                    continue
                }
                let tp = TopicPartition(topic.name, PartitionIndex(data.index))
                let partition: Partition
                switch replicas.leaderPartition(tp, knownTopic: known[topic.name] != nil) {
                case .failure(let code):
                    response.errorCode = code
                    continue
                case .success(let found):
                    partition = found
                }
                guard var records = data.records else {
                    response.errorCode = .corruptMessage
                    continue
                }
                guard records.readableBytes <= config.maxMessageBytes else {
                    response.errorCode = .messageTooLarge
                    continue
                }
                var summary: RecordBatchSummary
                do {
                    summary = try RecordBatchValidator.validateProduce(records, timestampPolicy: timestampPolicy)
                } catch {
                    response.errorCode = KafkaErrorCode(error.kafkaErrorCode)
                    response.errorMessage = "\(error)"
                    continue
                }
                if !summary.header.isLogAppendTime, summary.header.maxTimestamp != summary.maxTimestamp {
                    // Kafka's LogValidator makes a CreateTime batch's max timestamp its largest record's: the time
                    // index and ListOffsets trust it, and some clients leave it unset.
                    RecordBatch.setMaxTimestamp(summary.maxTimestamp, in: &records, at: records.readerIndex)
                    summary.header.maxTimestamp = summary.maxTimestamp
                }
                if config.compacted && !summary.allRecordsHaveKeys {
                    response.errorCode = .invalidRecord
                    response.errorMessage = "compacted topic cannot accept a record without a key"
                    response.recordErrors = [.init(batchIndex: 0, batchIndexErrorMessage: response.errorMessage)]
                    continue
                }
                switch partition.appendAsLeader(records, header: summary.header, requiredAcks: acks,
                                                minInsyncReplicas: config.minInsyncReplicas) {
                case .rejected(let code):
                    response.errorCode = code
                case .duplicate(let firstOffset, let logStart):
                    response.baseOffset = firstOffset.rawValue
                    response.logStartOffset = logStart.rawValue
                case .appended(let result):
                    response.baseOffset = result.firstOffset.rawValue
                    response.logAppendTimeMs = result.logAppendTime
                    response.logStartOffset = result.logStartOffset.rawValue
                    appended.append((t, p, partition, result.lastOffset, config.minInsyncReplicas))
                }
            }
        }
        return (responses, appended)
    }

    /// The clock check for a topic's produced timestamps: `message.timestamp.difference.max.ms` (the topic's, else
    /// the broker's `log.message.timestamp.difference.max.ms`; Kafka's default, Long.MAX, means no check). Kafka
    /// applies it to CreateTime topics only: with LogAppendTime the broker's clock replaces the producer's.
    static func timestampPolicy(_ config: TopicConfigProvider.Effective, nowMs: Int64) -> ProduceTimestampPolicy? {
        guard !config.logAppendTime, config.timestampDifferenceMaxMs < .max else { return nil }
        return ProduceTimestampPolicy(nowMs: nowMs, maxDifferenceMs: config.timestampDifferenceMaxMs)
    }

    /// Waits until every in-sync replica has `lastOffset` (the high watermark passed it).
    private func waitForHighWatermark(_ partition: Partition, beyond lastOffset: Offset, deadline: NIODeadline,
                                      eventLoop: any EventLoop)
        async -> Bool
    {
        while true {
            let waiter = ChangeNotifier.Waiter(eventLoop: eventLoop)
            partition.highWatermarkChanged.register(waiter)
            if partition.highWatermark > lastOffset {
                partition.highWatermarkChanged.unregister(waiter)
                return true
            }
            if !partition.isLeader || NIODeadline.now() >= deadline {
                partition.highWatermarkChanged.unregister(waiter)
                return false
            }
            await waiter.wait(until: deadline)
            partition.highWatermarkChanged.unregister(waiter)
        }
    }
}
