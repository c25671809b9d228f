import KafkaModel
import Replication
import KafkaProtocol
import KafkaRecords
import LogStorage
import NIOCore
import NIOPosix

/// Produce (0): validates each partition's batch, appends it on the leader, and answers by `acks` — 0: no
/// response; 1: after the leader's append; -1 (all): once the high watermark passes the batch, i.e. every
/// in-sync replica has it (NOT_LEADER_OR_FOLLOWER if this broker stopped leading first), or REQUEST_TIMED_OUT
/// after the request's timeout.
///
/// The event loop only decodes: validation and the append run on an I/O thread (an append holds the
/// partition's write lock across the log write), and an acks=all request then waits in the purgatory, holding
/// no thread.
struct ProduceHandler: Sendable {
    static let servedVersions: ClosedRange<Int16> = 3...9
    let replicas: ReplicaManager
    let metadata: MetadataCache
    let topicConfigs: TopicConfigProvider
    /// `num.io.threads`.
    let ioThreads: NIOThreadPool

    typealias PartitionResponse = ProduceResponse.PartitionProduceResponse

    /// The response (nil for acks=0) once the request is done.
    func serve(_ request: ProduceRequest, context: RequestContext) -> EventLoopFuture<ProduceResponse?> {
        let appended = ioThreads.runIfActive(eventLoop: context.eventLoop) { appendAll(request) }
        switch request.acks {
        case 0:
            return appended.map { _ in nil }
        case -1:
            return appended.flatMap { responses, appends in
                awaitReplication(responses, appends, timeoutMs: request.timeoutMs, eventLoop: context.eventLoop)
            }
        default:
            return appended.map { ProduceResponse(responses: $0.responses, throttleTimeMs: 0) }
        }
    }

    /// acks=all: the answer once every appended batch is replicated, its leadership moved, or the time is up.
    private func awaitReplication(_ responses: [ProduceResponse.TopicProduceResponse], _ appends: [Appended],
                                  timeoutMs: Int32, eventLoop: any EventLoop) -> EventLoopFuture<ProduceResponse?>
    {
        let promise = eventLoop.makePromise(of: ProduceResponse?.self)
        let awaited = appends.map { ReplicaManager.AwaitedAppend(partition: $0.partition, lastOffset: $0.lastOffset) }
        replicas.awaitReplication(awaited, timeout: .milliseconds(Int64(max(0, timeoutMs)))) { outcomes in
            var responses = responses
            for (append, outcome) in zip(appends, outcomes) {
                let code: KafkaErrorCode?
                switch outcome {
                case .replicated:
                    code = append.partition.replicaState.isr.count < append.minISR
                        ? .notEnoughReplicasAfterAppend : nil
                case .leadershipLost: code = .notLeaderOrFollower
                case .timedOut: code = .requestTimedOut
                }
                if let code { responses[append.topic].partitionResponses[append.index].errorCode = code }
            }
            promise.succeed(ProduceResponse(responses: responses, throttleTimeMs: 0))
        }
        return promise.futureResult
    }

    /// A batch appended for an acks=all request: where its answer goes, and what it waits on.
    private struct Appended: Sendable {
        var topic: Int
        var index: Int
        var partition: Partition
        var lastOffset: Offset
        var minISR: Int
    }

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
                    // Kafka's LogValidator (KIP-467): the whole batch is refused, each keyless record named by its
                    // index in the batch.
                    response.errorCode = .invalidRecord
                    response.errorMessage = "One or more records have been rejected"
                    let reason = "Compacted topic cannot accept message without key in topic partition \(tp)."
                    response.recordErrors = summary.keylessRecordIndexes.map {
                        .init(batchIndex: Int32(clamping: $0), batchIndexErrorMessage: reason)
                    }
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
                    if acks == -1 {
                        appended.append(Appended(topic: t, index: p, partition: partition, lastOffset: result.lastOffset,
                                                 minISR: config.minInsyncReplicas))
                    }
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
}
