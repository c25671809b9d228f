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
/// The event loop never waits for a disk or a lock: it appends a batch itself only when the partition's write
/// lock is free (the write then goes to the page cache; fsyncs happen in the background), hands contended
/// partitions to an I/O thread, and an acks=all request then waits in the purgatory, holding no thread.
struct ProduceHandler: Sendable {
    /// v0–v2 may carry message sets of magic 0 or 1, converted to a record batch before validation (as Kafka
    /// 2.8 does with its default `log.message.format.version`); from v3 only record batches are accepted.
    static let servedVersions: ClosedRange<Int16> = 0...9
    let replicas: ReplicaManager
    let metadata: MetadataCache
    let topicConfigs: TopicConfigProvider
    /// `num.io.threads`.
    let ioThreads: NIOThreadPool

    typealias PartitionResponse = ProduceResponse.PartitionProduceResponse

    /// The response (nil for acks=0) once the request is done. On the event loop: validation, and the append of
    /// every partition whose write lock is free. A partition another writer holds (a follower catching up, a
    /// LeaderAndIsr, a second producer) is appended on an I/O thread, so the event loop never waits for it.
    func serve(_ request: ProduceRequest, context: RequestContext) -> EventLoopFuture<ProduceResponse?> {
        if let authorization = ProduceAuthorization(request, context: context) {
            return serve(authorization.allowed, context: context).map { authorization.merged($0) }
        }
        let appended = appendAll(request, version: context.apiVersion)
        let done: EventLoopFuture<Produced>
        if appended.contended.isEmpty {
            done = context.eventLoop.makeSucceededFuture(appended)
        } else {
            // The I/O thread takes the request's state over; the event loop no longer touches it.
            done = ioThreads.runIfActive(eventLoop: context.eventLoop) {
                var produced = appended
                for pending in produced.contended { produced.record(pending.appendWaiting(), for: pending) }
                produced.contended = []
                return produced
            }
        }
        switch request.acks {
        case 0:
            return done.map { _ in nil }
        case -1:
            return done.flatMap { produced in
                awaitReplication(produced.responses, produced.awaiting, timeoutMs: request.timeoutMs,
                                 version: context.apiVersion, eventLoop: context.eventLoop)
            }
        default:
            return done.map { Self.response($0.responses, version: context.apiVersion) }
        }
    }

    /// acks=all: the answer once every appended batch is replicated, its leadership moved, or the time is up.
    private func awaitReplication(_ responses: [ProduceResponse.TopicProduceResponse], _ appends: [Appended],
                                  timeoutMs: Int32, version: Int16, eventLoop: any EventLoop)
        -> EventLoopFuture<ProduceResponse?>
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
                // A replica whose log directory failed meanwhile stopped leading: say why, as Kafka does.
                case .leadershipLost: code = append.partition.log.isOffline ? .kafkaStorageError : .notLeaderOrFollower
                case .timedOut: code = append.partition.log.isOffline ? .kafkaStorageError : .requestTimedOut
                }
                if let code { responses[append.topic].partitionResponses[append.index].errorCode = code }
            }
            promise.succeed(Self.response(responses, version: version))
        }
        return promise.futureResult
    }

    /// Kafka answers KAFKA_STORAGE_ERROR as NOT_LEADER_OR_FOLLOWER to Produce up to v3, which predates it.
    private static func response(_ responses: [ProduceResponse.TopicProduceResponse], version: Int16)
        -> ProduceResponse
    {
        var responses = responses
        if version <= 3 {
            for t in responses.indices {
                for p in responses[t].partitionResponses.indices
                where responses[t].partitionResponses[p].errorCode == .kafkaStorageError {
                    responses[t].partitionResponses[p].errorCode = .notLeaderOrFollower
                }
            }
        }
        BrokerMetrics.shared.produceErrors(responses)
        return ProduceResponse(responses: responses, throttleTimeMs: 0)
    }

    /// A batch appended for an acks=all request: where its answer goes, and what it waits on.
    private struct Appended: Sendable {
        var topic: Int
        var index: Int
        var partition: Partition
        var lastOffset: Offset
        var minISR: Int
    }

    /// A validated batch, ready to append.
    private struct Pending: Sendable {
        var topic: Int
        var index: Int
        var partition: Partition
        var records: ByteBuffer
        var header: RecordBatchHeader
        var acks: Int16
        var minISR: Int

        func appendIfUncontended() -> Partition.AppendOutcome? {
            partition.appendAsLeaderIfUncontended(records, header: header, requiredAcks: acks,
                                                  minInsyncReplicas: minISR)
        }

        /// Blocks on the partition's write lock: only on an I/O thread.
        func appendWaiting() -> Partition.AppendOutcome {
            partition.appendAsLeader(records, header: header, requiredAcks: acks, minInsyncReplicas: minISR)
        }
    }

    /// A produce request's answers so far.
    private struct Produced: Sendable {
        var responses: [ProduceResponse.TopicProduceResponse]
        /// acks=all: the appends to wait for.
        var awaiting: [Appended] = []
        /// Validated batches whose partition another writer held: appended on an I/O thread.
        var contended: [Pending] = []

        mutating func record(_ outcome: Partition.AppendOutcome, for pending: Pending) {
            var response = responses[pending.topic].partitionResponses[pending.index]
            defer { responses[pending.topic].partitionResponses[pending.index] = response }
            let lastOffset: Offset
            switch outcome {
            case .rejected(let code):
                response.errorCode = code
                return
            case .duplicate(let firstOffset, let last, let logStart):
                // Kafka answers a retry with the original offsets, but only once they are replicated: the first
                // attempt may have timed out because they were not.
                response.baseOffset = firstOffset.rawValue
                response.logStartOffset = logStart.rawValue
                lastOffset = last
            case .appended(let result):
                BrokerMetrics.shared.produced(topic: pending.partition.topicPartition.topic,
                                              bytes: pending.records.readableBytes, messages: Int(pending.header.recordCount))
                response.baseOffset = result.firstOffset.rawValue
                response.logAppendTimeMs = result.logAppendTime
                response.logStartOffset = result.logStartOffset.rawValue
                lastOffset = result.lastOffset
            }
            if pending.acks == -1 {
                awaiting.append(Appended(topic: pending.topic, index: pending.index, partition: pending.partition,
                                         lastOffset: lastOffset, minISR: pending.minISR))
            }
        }
    }

    /// Validates every partition's batch and appends those whose partition no other writer holds.
    private func appendAll(_ request: ProduceRequest, version: Int16) -> Produced {
        let acks = request.acks
        var validated: [Pending] = []
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
                    if version < 3, let magic = LegacyMessageSet.magic(of: records), magic < 2 {
                        records = try LegacyMessageSet.convertToBatch(records)
                        guard records.readableBytes <= config.maxMessageBytes else {
                            response.errorCode = .messageTooLarge
                            continue
                        }
                    }
                    summary = try RecordBatchValidator.validateProduce(records, timestampPolicy: timestampPolicy)
                } catch {
                    response.errorCode = KafkaErrorCode(error.kafkaErrorCode)
                    response.errorMessage = "\(error)"
                    continue
                }
                if summary.header.isTransactional && request.transactionalID == nil {
                    // Kafka authorizes transactional records by the request's transactional id; none, none allowed.
                    response.errorCode = .transactionalIdAuthorizationFailed
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
                validated.append(Pending(topic: t, index: p, partition: partition, records: records,
                                         header: summary.header, acks: acks, minISR: config.minInsyncReplicas))
            }
        }
        var produced = Produced(responses: responses)
        for pending in validated {
            if let outcome = pending.appendIfUncontended() {
                produced.record(outcome, for: pending)
            } else {
                produced.contended.append(pending)
            }
        }
        return produced
    }

    /// The clock check for a topic's produced timestamps: `message.timestamp.difference.max.ms` (the topic's, else
    /// the broker's `log.message.timestamp.difference.max.ms`; Kafka's default, Long.MAX, means no check). Kafka
    /// applies it to CreateTime topics only: with LogAppendTime the broker's clock replaces the producer's.
    static func timestampPolicy(_ config: TopicConfigProvider.Effective, nowMs: Int64) -> ProduceTimestampPolicy? {
        guard !config.logAppendTime, config.timestampDifferenceMaxMs < .max else { return nil }
        return ProduceTimestampPolicy(nowMs: nowMs, maxDifferenceMs: config.timestampDifferenceMaxMs)
    }
}
