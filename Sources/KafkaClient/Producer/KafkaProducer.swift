import KafkaModel
import KafkaProtocol
import KafkaRecords
import NIOCore

/// An asynchronous Kafka producer: records are batched per partition (`batchSize`, `linger`), compressed,
/// sent to each partition's leader with the configured `acks`, and retried with backoff on retriable errors
/// until `deliveryTimeout`. Idempotent by default when `acks` is all (InitProducerId, per-partition sequence
/// numbers), as Kafka's Java producer is.
///
/// Two ways to send: `send(...)` waits for the record's offset; `enqueue(...)` returns once the record is
/// queued (optionally with a completion callback), and `flush()` waits for everything queued so far. Call
/// `close()` when done: it delivers what is queued and stops the sender.
///
/// Ordering: batches of one partition are sent one at a time when idempotent (so a retry never overtakes),
/// otherwise up to `maxInFlightRequestsPerConnection` at once (a retry may then reorder, as in Kafka).
public actor KafkaProducer {
    public nonisolated let configuration: ProducerConfiguration
    public nonisolated let cluster: KafkaCluster
    private let ownsCluster: Bool

    private var accumulator: RecordAccumulator
    private var partitioner = Partitioner()
    /// Partition counts and available partitions per topic, and leaders per partition, from metadata.
    private var topicLayouts: [TopicName: (count: Int, available: [PartitionIndex])] = [:]
    private var leaders: [TopicPartition: BrokerID] = [:]
    private var staleTopics: Set<TopicName> = []

    private var inFlightPerPartition: [TopicPartition: Int] = [:]
    private var inFlightPerBroker: [BrokerID: Int] = [:]
    /// Records appended and not yet completed, and their bytes (for `bufferMemory`).
    private var pendingRecords = 0
    private var bufferedBytes = 0
    private var spaceWaiters: [CheckedContinuation<Void, Never>] = []
    private var flushWaiters: [CheckedContinuation<Void, Never>] = []
    private var flushesInProgress = 0
    /// The first failure of a record nobody waits on; `flush()` throws it.
    private var unreportedError: (any Error)?

    private var idempotence: IdempotenceState?
    private var idempotenceSettled = false
    private var idempotenceError: (any Error)?

    private var senderTask: Task<Void, Never>?
    private var wakeup: CheckedContinuation<Void, Never>?
    private var wakeRequested = false
    private var closing = false

    /// Creates a producer with its own connections.
    /// - Throws: `KafkaClientError.invalidArgument` for malformed servers or contradictory settings.
    public init(bootstrapServers: String, configuration: ProducerConfiguration = ProducerConfiguration(),
                security: ConnectionSecurity = .plaintext) throws {
        let cluster = try KafkaCluster(bootstrapServers: bootstrapServers, clientID: configuration.clientID, security: security)
        try self.init(cluster: cluster, configuration: configuration, ownsCluster: true)
    }

    /// Creates a producer over shared connections (closing the producer leaves them open).
    public init(cluster: KafkaCluster, configuration: ProducerConfiguration = ProducerConfiguration()) throws {
        try self.init(cluster: cluster, configuration: configuration, ownsCluster: false)
    }

    private init(cluster: KafkaCluster, configuration: ProducerConfiguration, ownsCluster: Bool) throws {
        if configuration.enableIdempotence == true {
            guard configuration.acks == .all else {
                throw KafkaClientError.invalidArgument("idempotence requires acks=all")
            }
            guard configuration.maxInFlightRequestsPerConnection <= 5 else {
                throw KafkaClientError.invalidArgument("idempotence requires max.in.flight.requests.per.connection <= 5")
            }
        }
        guard configuration.maxInFlightRequestsPerConnection >= 1 else {
            throw KafkaClientError.invalidArgument("max.in.flight.requests.per.connection must be at least 1")
        }
        self.configuration = configuration
        self.cluster = cluster
        self.ownsCluster = ownsCluster
        self.accumulator = RecordAccumulator(batchSize: configuration.batchSize, linger: configuration.linger,
                                             compression: configuration.compression)
    }

    // MARK: Sending

    /// Sends one record and waits until the broker has it (per `acks`).
    /// - Parameters:
    ///   - partition: the partition to write to; nil lets the partitioner choose (murmur2 of the key, sticky
    ///     for records without a key).
    ///   - timestamp: the create time in milliseconds; nil for now.
    /// - Returns: the record's partition, offset (-1 with acks=0) and timestamp.
    /// - Throws: `KafkaClientError` (unknown topic, timeout, broker error after retries, closed).
    public func send(topic: TopicName, key: ByteBuffer? = nil, value: ByteBuffer?, headers: [RecordHeader] = [],
                     partition: PartitionIndex? = nil, timestamp: Int64? = nil) async throws -> RecordMetadata
    {
        let layout = try await prepare(topic: topic, partition: partition, key: key, value: value, headers: headers)
        return try await withCheckedThrowingContinuation { continuation in
            append(topic: topic, layout: layout, key: key, value: value, headers: headers, partition: partition,
                   timestamp: timestamp) { continuation.resume(with: $0) }
        }
    }

    /// `send` with UTF-8 text key and value.
    public func send(topic: String, key: String? = nil, value: String?, headers: [RecordHeader] = [],
                     partition: Int32? = nil) async throws -> RecordMetadata
    {
        try await send(topic: TopicName(topic), key: key.map { ByteBuffer(string: $0) },
                       value: value.map { ByteBuffer(string: $0) }, headers: headers,
                       partition: partition.map { PartitionIndex($0) })
    }

    /// Queues one record and returns without waiting for the broker (waiting only for metadata or buffer
    /// space). `completion`, if given, is called once with the outcome; failures of records without one are
    /// reported by the next `flush()`.
    /// - Throws: `KafkaClientError` when the topic's metadata cannot be had within `maxBlock`, or closed.
    public func enqueue(topic: TopicName, key: ByteBuffer? = nil, value: ByteBuffer?, headers: [RecordHeader] = [],
                        partition: PartitionIndex? = nil, timestamp: Int64? = nil,
                        completion: RecordCompletion? = nil) async throws
    {
        let layout = try await prepare(topic: topic, partition: partition, key: key, value: value, headers: headers)
        append(topic: topic, layout: layout, key: key, value: value, headers: headers, partition: partition,
               timestamp: timestamp, completion: completion)
    }

    /// Sends everything queued now, without waiting for `linger`, and waits until each record is completed.
    /// - Throws: the first failure of a record queued without a completion since the last flush.
    public func flush() async throws {
        flushesInProgress += 1
        wake()
        while pendingRecords > 0 {
            await withCheckedContinuation { flushWaiters.append($0) }
        }
        flushesInProgress -= 1
        if let error = unreportedError {
            unreportedError = nil
            throw error
        }
    }

    /// Delivers what is queued, stops the sender and (when the producer opened them) closes its connections.
    /// - Throws: what `flush()` throws.
    public func close() async throws {
        guard !closing else { return }
        defer { senderTask?.cancel() }
        var flushError: (any Error)?
        do { try await flush() } catch { flushError = error }
        closing = true
        wake()
        await senderTask?.value
        if ownsCluster { await cluster.close() }
        if let flushError { throw flushError }
    }

    // MARK: Appending

    private typealias Layout = (count: Int, available: [PartitionIndex])

    /// Waits for the topic's metadata and for buffer space; checks an explicit partition.
    private func prepare(topic: TopicName, partition: PartitionIndex?, key: ByteBuffer?, value: ByteBuffer?,
                         headers: [RecordHeader]) async throws -> Layout
    {
        guard !closing else { throw KafkaClientError.closed }
        let layout = try await awaitLayout(of: topic)
        if let partition, partition.rawValue < 0 || Int(partition.rawValue) >= layout.count {
            throw KafkaClientError.invalidArgument("partition \(partition) of \(topic) does not exist "
                + "(the topic has \(layout.count))")
        }
        let size = RecordAccumulator.estimatedSize(key: key, value: value, headers: headers)
        while bufferedBytes > 0 && bufferedBytes + size > configuration.bufferMemory {
            await withCheckedContinuation { spaceWaiters.append($0) }
        }
        guard !closing else { throw KafkaClientError.closed }
        return layout
    }

    private func awaitLayout(of topic: TopicName) async throws -> Layout {
        if let known = topicLayouts[topic], !staleTopics.contains(topic) { return known }
        let deadline = ContinuousClock.now + configuration.maxBlock
        var lastProblem = "no metadata"
        var attempt = 0
        while true {
            do {
                let metadata = try await cluster.metadata(
                    for: [topic], allowAutoTopicCreation: configuration.allowAutoTopicCreation)
                learn(metadata)
                if let known = topicLayouts[topic] { return known }
                lastProblem = metadata.topics[topic].map { $0.errorCode.name } ?? "not in metadata"
                await cluster.invalidate(topic: topic)
            } catch {
                lastProblem = "\(error)"
            }
            attempt += 1
            guard ContinuousClock.now + backoff(attempt: attempt) < deadline else {
                throw KafkaClientError.timeout("metadata for topic \(topic) (\(lastProblem)) after "
                    + "\(configuration.maxBlock)")
            }
            try await Task.sleep(for: backoff(attempt: attempt))
        }
    }

    /// Records partition counts and leaders from a metadata snapshot.
    private func learn(_ metadata: MetadataSnapshot) {
        for (name, topic) in metadata.topics {
            guard topic.errorCode == .none, !topic.partitions.isEmpty else { continue }
            topicLayouts[name] = (topic.partitions.count, metadata.availablePartitions(of: name))
            staleTopics.remove(name)
            for partition in topic.partitions {
                let topicPartition = TopicPartition(name, partition.index)
                leaders[topicPartition] = partition.leader == .none ? nil : partition.leader
            }
        }
    }

    /// Chooses the partition and appends to the accumulator (no suspension, so the partitioner and the
    /// accumulator agree on which batch is open).
    private func append(topic: TopicName, layout: Layout, key: ByteBuffer?, value: ByteBuffer?,
                        headers: [RecordHeader], partition: PartitionIndex?, timestamp: Int64?,
                        completion: RecordCompletion?)
    {
        let chosen = partition ?? partitioner.partition(
            topic: topic, key: key.map { Array($0.readableBytesView) }, partitionCount: layout.count,
            available: layout.available)
        let topicPartition = TopicPartition(topic, chosen)
        let closedBatch = accumulator.append(
            to: topicPartition, key: key, value: value, headers: headers,
            timestamp: timestamp ?? WallClock.nowMilliseconds(), now: .now, completion: completion)
        pendingRecords += 1
        bufferedBytes += RecordAccumulator.estimatedSize(key: key, value: value, headers: headers)
        if closedBatch {
            partitioner.batchClosed(topic: topic, partition: chosen, partitionCount: layout.count,
                                    available: layout.available)
        }
        if senderTask == nil { senderTask = Task { await self.runSender() } }
        if closedBatch || accumulator.queuedRecords == 1 { wake() }
    }

    // MARK: The sender

    private var partitionInFlightLimit: Int {
        idempotence == nil ? configuration.maxInFlightRequestsPerConnection : 1
    }

    private func canSend(_ topicPartition: TopicPartition) -> Bool {
        guard inFlightPerPartition[topicPartition, default: 0] < partitionInFlightLimit else { return false }
        guard let leader = leaders[topicPartition] else { return true }
        return inFlightPerBroker[leader, default: 0] < configuration.maxInFlightRequestsPerConnection
    }

    private func runSender() async {
        while !(closing && pendingRecords == 0) && !Task.isCancelled {
            if !idempotenceSettled { await settleIdempotence() }
            let flushing = flushesInProgress > 0 || closing
            let batches = accumulator.drain(now: .now, flushing: flushing, canSend: { canSend($0) })
            if batches.isEmpty {
                await sleepUntilWoken(deadline: accumulator.nextDeadline(canSend: { canSend($0) }))
                continue
            }
            for batch in batches where batch.encoded == nil {
                if let layout = topicLayouts[batch.topicPartition.topic] {
                    partitioner.batchClosed(topic: batch.topicPartition.topic, partition: batch.topicPartition.partition,
                                            partitionCount: layout.count, available: layout.available)
                }
            }
            await dispatch(batches)
        }
    }

    private func sleepUntilWoken(deadline: ContinuousClock.Instant?) async {
        if wakeRequested {
            wakeRequested = false
            return
        }
        let timer = deadline.map { deadline in
            Task { [weak self] in
                try? await Task.sleep(until: deadline, clock: .continuous)
                await self?.wake()
            }
        }
        await withCheckedContinuation { wakeup = $0 }
        timer?.cancel()
        wakeRequested = false
    }

    private func wake() {
        if let waiting = wakeup {
            wakeup = nil
            waiting.resume()
        } else {
            wakeRequested = true
        }
    }

    /// Groups ready batches by leader and starts one Produce request per leader (split at `maxRequestSize`).
    private func dispatch(_ batches: [ProducerBatch]) async {
        let now = ContinuousClock.now
        var live: [ProducerBatch] = []
        for batch in batches {
            if let idempotenceError {
                finish(batch, with: idempotenceError)
            } else if now - batch.createdAt > configuration.deliveryTimeout {
                finish(batch, with: KafkaClientError.timeout(
                    "delivery of \(batch.recordCount) records to \(batch.topicPartition) after "
                        + "\(configuration.deliveryTimeout)"))
            } else {
                live.append(batch)
            }
        }
        let unknownLeaders = Set(live.filter { leaders[$0.topicPartition] == nil || staleTopics.contains($0.topicPartition.topic) }
            .map(\.topicPartition.topic))
        if !unknownLeaders.isEmpty {
            if let metadata = try? await cluster.refreshMetadata(topics: unknownLeaders.sorted()) { learn(metadata) }
        }
        var byLeader: [BrokerID: [ProducerBatch]] = [:]
        for var batch in live {
            guard let leader = leaders[batch.topicPartition] else {
                batch.attempts += 1
                retryOrFail(batch, error: KafkaClientError.brokerError(
                    api: .produce, code: .leaderNotAvailable, message: "no leader for \(batch.topicPartition)"))
                continue
            }
            do {
                try encode(&batch)
                byLeader[leader, default: []].append(batch)
            } catch {
                finish(batch, with: error)
            }
        }
        for (leader, group) in byLeader {
            var request: [ProducerBatch] = []
            var size = 0
            for batch in group {
                let bytes = batch.encoded?.readableBytes ?? 0
                if !request.isEmpty && size + bytes > configuration.maxRequestSize {
                    startRequest(to: leader, request)
                    request = []
                    size = 0
                }
                request.append(batch)
                size += bytes
            }
            if !request.isEmpty { startRequest(to: leader, request) }
        }
    }

    /// Builds a batch's bytes on its first send, with the next sequence number of its partition.
    private func encode(_ batch: inout ProducerBatch) throws {
        guard batch.encoded == nil else { return }
        if var state = idempotence {
            let sequence = state.nextSequence[batch.topicPartition, default: 0]
            _ = try batch.encode(producerID: state.producerID, producerEpoch: state.producerEpoch,
                                 baseSequence: sequence)
            state.nextSequence[batch.topicPartition] = IdempotenceState.increment(sequence, by: batch.recordCount)
            idempotence = state
        } else {
            _ = try batch.encode(producerID: -1, producerEpoch: -1, baseSequence: -1)
        }
    }

    private func startRequest(to leader: BrokerID, _ batches: [ProducerBatch]) {
        for batch in batches { inFlightPerPartition[batch.topicPartition, default: 0] += 1 }
        inFlightPerBroker[leader, default: 0] += 1
        Task { await self.sendProduce(to: leader, batches) }
    }

    private func sendProduce(to leader: BrokerID, _ batches: [ProducerBatch]) async {
        var batches = batches
        for index in batches.indices { batches[index].attempts += 1 }
        defer {
            for batch in batches { inFlightPerPartition[batch.topicPartition, default: 1] -= 1 }
            inFlightPerBroker[leader, default: 1] -= 1
            wake()
        }
        let request = ProduceRequest.make(batches: batches, acks: configuration.acks.rawValue,
                                          timeout: configuration.requestTimeout)
        let response: ProduceResponse
        do {
            let connection = try await cluster.connection(to: leader)
            let version = try connection.versions.version(for: .produce, client: 3...ProduceRequest.versions.upperBound)
            if configuration.acks == .none {
                try await connection.connection.sendWithoutResponse(request, version: version)
                for batch in batches { finish(batch, baseOffset: -1, logAppendTime: -1) }
                return
            }
            // The broker may hold the request for its timeout (acks=all waiting for the ISR).
            response = try await connection.send(request, version: version,
                                                 timeout: configuration.requestTimeout + .seconds(5))
        } catch let error as KafkaClientError where error == .noCommonVersion(api: "\(ApiKey.produce)") {
            for batch in batches { finish(batch, with: error) }
            return
        } catch {
            await cluster.connectionFailed(to: leader)
            staleTopics.formUnion(batches.map(\.topicPartition.topic))
            for batch in batches { retryOrFail(batch, error: error) }
            return
        }
        for batch in batches {
            let answer = response.responses.first { $0.name == batch.topicPartition.topic }?
                .partitionResponses.first { $0.index == batch.topicPartition.partition.rawValue }
            guard let answer else {
                retryOrFail(batch, error: KafkaClientError.unexpectedResponse)
                continue
            }
            switch answer.errorCode {
            case .none, .duplicateSequenceNumber:
                // A duplicate means an earlier attempt of this very batch was written: success.
                finish(batch, baseOffset: answer.baseOffset, logAppendTime: answer.logAppendTimeMs)
            default:
                let error = KafkaClientError.brokerError(api: .produce, code: answer.errorCode,
                                                         message: answer.errorMessage)
                if answer.errorCode.invalidatesMetadata {
                    staleTopics.insert(batch.topicPartition.topic)
                    await cluster.invalidate(topic: batch.topicPartition.topic)
                }
                if answer.errorCode.isRetriable {
                    retryOrFail(batch, error: error)
                } else {
                    finish(batch, with: error)
                }
            }
        }
    }

    /// Requeues a batch with backoff, or fails it when out of retries or past the delivery timeout.
    private func retryOrFail(_ batch: ProducerBatch, error: any Error) {
        let now = ContinuousClock.now
        guard batch.attempts <= configuration.retries,
            now - batch.createdAt < configuration.deliveryTimeout
        else {
            finish(batch, with: error)
            return
        }
        var retry = batch
        retry.retryAt = now + backoff(attempt: batch.attempts)
        accumulator.requeue(retry)
        wake()
    }

    /// Exponential backoff with ±20% jitter, as Kafka's `retry.backoff.ms`/`retry.backoff.max.ms`.
    private func backoff(attempt: Int) -> Duration {
        let base = configuration.retryBackoff * (1 << min(max(attempt - 1, 0), 16))
        let capped = min(base, configuration.retryBackoffMax)
        return capped * Double.random(in: 0.8...1.2)
    }

    private func finish(_ batch: ProducerBatch, baseOffset: Int64, logAppendTime: Int64) {
        batch.complete(baseOffset: baseOffset, logAppendTime: logAppendTime)
        released(batch)
    }

    private func finish(_ batch: ProducerBatch, with error: any Error) {
        if batch.completions.contains(where: { $0 == nil }), unreportedError == nil { unreportedError = error }
        batch.fail(error)
        released(batch)
    }

    /// Frees a completed batch's buffer space and wakes flushes when nothing is pending.
    private func released(_ batch: ProducerBatch) {
        pendingRecords -= batch.recordCount
        bufferedBytes = max(0, bufferedBytes - batch.uncompressedSize)
        let waiting = spaceWaiters
        spaceWaiters = []
        for waiter in waiting { waiter.resume() }
        if pendingRecords == 0 {
            let flushes = flushWaiters
            flushWaiters = []
            for waiter in flushes { waiter.resume() }
        }
    }

    // MARK: Idempotence

    /// Decides once whether this producer is idempotent, fetching a producer id when it is.
    private func settleIdempotence() async {
        defer { idempotenceSettled = true }
        let wanted = configuration.enableIdempotence ?? (configuration.acks == .all)
        guard wanted else { return }
        var attempt = 0
        while attempt < 10 {
            attempt += 1
            do {
                let connection = try await cluster.anyConnection()
                guard connection.versions.supports(.initProducerId) else {
                    if configuration.enableIdempotence == true {
                        idempotenceError = KafkaClientError.noCommonVersion(api: "\(ApiKey.initProducerId)")
                    }
                    return
                }
                let response = try await connection.send(
                    InitProducerIdRequest(transactionalID: nil, transactionTimeoutMs: Int32.max,
                                          producerID: -1, producerEpoch: -1))
                if response.errorCode == .none {
                    idempotence = IdempotenceState(producerID: response.producerID,
                                                   producerEpoch: response.producerEpoch)
                    return
                }
                guard response.errorCode.isRetriable else {
                    if configuration.enableIdempotence == true {
                        idempotenceError = KafkaClientError.brokerError(
                            api: .initProducerId, code: response.errorCode, message: nil)
                    }
                    return
                }
            } catch {
                if attempt >= 10, configuration.enableIdempotence == true { idempotenceError = error }
            }
            try? await Task.sleep(for: backoff(attempt: attempt))
        }
    }

    /// The producer id in use, nil when the producer is not idempotent (or has not sent yet).
    public var producerID: Int64? { idempotence?.producerID }
}

/// An idempotent producer's id, epoch and next sequence number per partition.
struct IdempotenceState: Sendable {
    let producerID: Int64
    let producerEpoch: Int16
    var nextSequence: [TopicPartition: Int32] = [:]

    /// Sequence numbers wrap from Int32.max to 0, as in Kafka.
    static func increment(_ sequence: Int32, by count: Int) -> Int32 {
        Int32((Int64(sequence) + Int64(count)) % (Int64(Int32.max) + 1))
    }
}

extension ProduceRequest {
    /// A Produce request carrying each batch's bytes, grouped by topic.
    static func make(batches: [ProducerBatch], acks: Int16, timeout: Duration) -> ProduceRequest {
        var topics: [TopicName: [PartitionProduceData]] = [:]
        for batch in batches {
            topics[batch.topicPartition.topic, default: []].append(
                PartitionProduceData(index: batch.topicPartition.partition.rawValue, records: batch.encoded))
        }
        let timeoutMs = Int32(clamping: timeout.components.seconds * 1000
            + timeout.components.attoseconds / 1_000_000_000_000_000)
        return ProduceRequest(
            transactionalID: nil, acks: acks, timeoutMs: timeoutMs,
            topicData: topics.keys.sorted().map { TopicProduceData(name: $0, partitionData: topics[$0]!) })
    }
}
