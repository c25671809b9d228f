import KafkaModel
import KafkaProtocol

/// The client-facing operations, with Kafka 2.8's checks in Kafka's order.
extension TransactionCoordinator {
    /// A producer id and epoch, or why not.
    public struct ProducerIdentity: Sendable, Equatable {
        public var errorCode: KafkaErrorCode
        public var producerID: Int64
        public var producerEpoch: Int16

        public init(errorCode: KafkaErrorCode, producerID: Int64, producerEpoch: Int16) {
            self.errorCode = errorCode
            self.producerID = producerID
            self.producerEpoch = producerEpoch
        }

        static func failure(_ code: KafkaErrorCode) -> Self { Self(errorCode: code, producerID: -1, producerEpoch: -1) }
    }

    /// InitProducerId with a transactional id: a fresh id, or the same producer id with its epoch bumped (fencing
    /// every older producer of this transactional id). An open transaction is aborted first and the producer told
    /// to retry (CONCURRENT_TRANSACTIONS).
    /// - Parameter expected: the producer's current id and epoch (KIP-360, v3+), or nil.
    public func initProducerID(transactionalID id: String, timeoutMs: Int32, expected: (id: Int64, epoch: Int16)?)
        async -> ProducerIdentity
    {
        guard Self.isValid(id) else { return .failure(.invalidRequest) }
        guard timeoutMs > 0, timeoutMs <= config.maxTimeoutMs else { return .failure(.invalidTransactionTimeout) }
        if case .failure(let code) = coordinatorEpoch(for: id) { return .failure(code) }
        if entries[id] == nil {
            // The allocation awaits ZooKeeper: check again afterwards.
            let fresh: Int64
            do {
                fresh = try await producerIDs.nextProducerID()
            } catch {
                logger.warning("cannot allocate a producer id", metadata: ["error": "\(error)"])
                return .failure(.coordinatorNotAvailable)
            }
            if case .failure(let code) = coordinatorEpoch(for: id) { return .failure(code) }
            if entries[id] == nil {
                entries[id] = Entry(metadata: .fresh(transactionalID: id, producerID: fresh, timeoutMs: timeoutMs,
                                                     nowMs: nowMs()))
            }
        }
        // An exhausted epoch needs a new producer id, allocated before deciding.
        var rotated: Int64?
        if let entry = entries[id], entry.metadata.isEpochExhausted, entry.metadata.state.isIdle {
            rotated = try? await producerIDs.nextProducerID()
            if rotated == nil { return .failure(.coordinatorNotAvailable) }
        }
        guard case .success(let epoch) = coordinatorEpoch(for: id), let entry = entries[id] else {
            return .failure(coordinatorEpoch(for: id).errorCode ?? .notCoordinator)
        }
        guard entry.pending == nil else { return .failure(.concurrentTransactions) }
        let current = entry.metadata
        if let expected, !current.acceptsExpected(producerID: expected.id, epoch: expected.epoch) {
            return .failure(.producerFenced)
        }
        let now = nowMs()
        switch current.state {
        case .prepareCommit, .prepareAbort, .prepareEpochFence, .dead:
            return .failure(.concurrentTransactions)
        case .ongoing:
            // Another producer took over: fence the old one and abort its transaction; this one retries.
            let result = await fenceAndAbort(id, coordinatorEpoch: epoch)
            return .failure(result == .none ? .concurrentTransactions : result)
        case .empty, .completeCommit, .completeAbort:
            let target: TransactionMetadata
            if let rotated, current.isEpochExhausted {
                target = current.rotatingProducerID(to: rotated, timeoutMs: timeoutMs, keepLastEpoch: expected != nil,
                                                    nowMs: now)
            } else {
                switch current.bumpingEpoch(timeoutMs: timeoutMs, expectedEpoch: expected?.epoch, nowMs: now) {
                case .failure(let code): return .failure(code)
                case .success(let next): target = next
                }
            }
            entries[id]?.pending = target.state
            let result = await write(target, coordinatorEpoch: epoch)
            guard result == .none else { return .failure(result) }
            logger.info("producer initialised", metadata: [
                "transactional id": "\(id)", "producer id": "\(target.producerID)", "epoch": "\(target.producerEpoch)"])
            return ProducerIdentity(errorCode: .none, producerID: target.producerID, producerEpoch: target.producerEpoch)
        }
    }

    /// AddPartitionsToTxn (and AddOffsetsToTxn with the group's offsets partition): opens the transaction or adds
    /// to it. Partitions already in an Ongoing transaction need no write.
    public func addPartitions(transactionalID id: String, producerID: Int64, producerEpoch: Int16,
                              partitions: Set<TopicPartition>) async -> KafkaErrorCode
    {
        let epoch: Int32, current: TransactionMetadata
        switch producerCheck(id, producerID: producerID, producerEpoch: producerEpoch) {
        case .failure(let code): return code
        case .success(let checked): (epoch, current) = checked
        }
        switch current.state {
        case .prepareCommit, .prepareAbort, .prepareEpochFence:
            return .concurrentTransactions
        case .dead:
            return .invalidProducerIdMapping
        case .ongoing where partitions.isSubset(of: current.partitions):
            return .none
        case .ongoing, .empty, .completeCommit, .completeAbort:
            let target = current.addingPartitions(partitions, nowMs: nowMs())
            entries[id]?.pending = target.state
            return await write(target, coordinatorEpoch: epoch)
        }
    }

    /// EndTxn: PrepareCommit or PrepareAbort is written and answered; markers and the Complete* state follow.
    /// A retry of a finished end with the same result succeeds.
    public func endTransaction(transactionalID id: String, producerID: Int64, producerEpoch: Int16, commit: Bool)
        async -> KafkaErrorCode
    {
        let epoch: Int32, current: TransactionMetadata
        switch producerCheck(id, producerID: producerID, producerEpoch: producerEpoch) {
        case .failure(let code): return code
        case .success(let checked): (epoch, current) = checked
        }
        switch (current.state, commit) {
        case (.ongoing, _):
            return await prepare(current.preparing(commit: commit, nowMs: nowMs()), coordinatorEpoch: epoch)
        case (.completeCommit, true), (.completeAbort, false):
            return .none
        case (.prepareCommit, true), (.prepareAbort, false), (.prepareEpochFence, _):
            return .concurrentTransactions
        case (.completeCommit, false), (.completeAbort, true), (.prepareCommit, false), (.prepareAbort, true),
            (.empty, _), (.dead, _):
            return .invalidTxnState
        }
    }

    /// The checks of AddPartitionsToTxn, AddOffsetsToTxn and EndTxn, in Kafka's order: a valid id this broker
    /// coordinates, known, of this producer id, at this epoch, with no write in flight. Gives the coordinator epoch
    /// and the current metadata.
    func producerCheck(_ id: String, producerID: Int64, producerEpoch: Int16)
        -> Answer<(Int32, TransactionMetadata)>
    {
        guard Self.isValid(id) else { return .failure(.invalidRequest) }
        let epoch: Int32
        switch coordinatorEpoch(for: id) {
        case .failure(let code): return .failure(code)
        case .success(let value): epoch = value
        }
        guard let entry = entries[id] else { return .failure(.invalidProducerIdMapping) }
        guard entry.metadata.producerID == producerID else { return .failure(.invalidProducerIdMapping) }
        guard entry.metadata.producerEpoch == producerEpoch else { return .failure(.producerFenced) }
        guard entry.pending == nil else { return .failure(.concurrentTransactions) }
        return .success((epoch, entry.metadata))
    }

    /// Writes a Prepare* state (the entry not pending) and starts its markers.
    func prepare(_ target: TransactionMetadata, coordinatorEpoch epoch: Int32) async -> KafkaErrorCode {
        entries[target.transactionalID]?.pending = target.state
        let result = await write(target, coordinatorEpoch: epoch)
        if result == .none { startMarkers(for: target, coordinatorEpoch: epoch) }
        return result
    }

    /// Fences the producer of an Ongoing transaction (epoch bumped, held as PrepareEpochFence) and writes
    /// PrepareAbort under the new epoch; markers follow. On failure the transaction stays Ongoing.
    func fenceAndAbort(_ id: String, coordinatorEpoch epoch: Int32) async -> KafkaErrorCode {
        guard let entry = entries[id], entry.pending == nil, entry.metadata.state == .ongoing else {
            return .concurrentTransactions
        }
        let fenced = entry.metadata.fencingEpoch()
        logger.info("fencing producer and aborting its transaction", metadata: [
            "transactional id": "\(id)", "producer id": "\(fenced.producerID)", "new epoch": "\(fenced.producerEpoch)"])
        return await prepare(fenced.preparing(commit: false, nowMs: nowMs()), coordinatorEpoch: epoch)
    }
}
