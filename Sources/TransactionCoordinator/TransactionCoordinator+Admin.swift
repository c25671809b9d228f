import KafkaModel
import KafkaProtocol

// DescribeTransactions and ListTransactions (KIP-664), and the periodic aborts and expiry.
extension TransactionCoordinator {
    /// DescribeTransactions for one id: its metadata, or the error (TRANSACTIONAL_ID_NOT_FOUND when unknown).
    public func describe(transactionalID id: String) -> Answer<TransactionMetadata> {
        if case .failure(let code) = coordinatorEpoch(for: id) { return .failure(code) }
        guard let entry = entries[id], entry.metadata.state != .dead else { return .failure(.transactionalIdNotFound) }
        return .success(entry.metadata)
    }

    /// ListTransactions: the ids of every loaded partition, filtered by state and producer id (an empty filter
    /// passes everything); COORDINATOR_LOAD_IN_PROGRESS while any partition is loading.
    public func list(states: Set<TransactionState>, producerIDs: Set<Int64>)
        -> Answer<[TransactionMetadata]>
    {
        if ownership.values.contains(where: { if case .loading = $0 { true } else { false } }) {
            return .failure(.coordinatorLoadInProgress)
        }
        let listed = entries.values.map(\.metadata).filter {
            $0.state != .dead && (states.isEmpty || states.contains($0.state))
                && (producerIDs.isEmpty || producerIDs.contains($0.producerID))
        }
        return .success(listed.sorted { $0.transactionalID < $1.transactionalID })
    }

    /// Aborts Ongoing transactions open longer than their timeout, fencing their producer with a bumped epoch
    /// (Kafka's `abortTimedOutTransactions`).
    public func abortTimedOutTransactions() async {
        let now = nowMs()
        let expired = entries.values.filter { entry in
            entry.pending == nil && entry.metadata.state == .ongoing
                && now.subtractingReportingOverflow(entry.metadata.startTimestampMs).partialValue
                    > Int64(entry.metadata.timeoutMs)
        }.map(\.metadata.transactionalID).sorted()
        for id in expired {
            guard case .success(let epoch) = coordinatorEpoch(for: id) else { continue }
            logger.info("aborting timed-out transaction", metadata: ["transactional id": "\(id)"])
            _ = await fenceAndAbort(id, coordinatorEpoch: epoch)
        }
    }

    /// Removes ids idle (Empty, CompleteCommit, CompleteAbort) for `transactional.id.expiration.ms`: a tombstone
    /// is written and the id forgotten.
    public func expireTransactionalIDs() async {
        let now = nowMs()
        let idle = entries.values.filter { entry in
            entry.pending == nil && entry.metadata.state.isIdle
                && now.subtractingReportingOverflow(entry.metadata.lastUpdateTimestampMs).partialValue
                    >= config.idExpirationMs
        }.map(\.metadata).sorted { $0.transactionalID < $1.transactionalID }
        for metadata in idle {
            guard case .success(let epoch) = coordinatorEpoch(for: metadata.transactionalID),
                entries[metadata.transactionalID]?.pending == nil
            else { continue }
            var dead = metadata
            dead.state = .dead
            dead.lastUpdateTimestampMs = now
            entries[metadata.transactionalID]?.pending = .dead
            if await write(dead, coordinatorEpoch: epoch) == .none {
                logger.info("transactional id expired", metadata: ["transactional id": "\(metadata.transactionalID)"])
            }
        }
    }

    /// Runs the periodic aborts and expiry until the calling task is cancelled.
    public func run() async {
        let tick = max(Int64(10), min(config.abortTimedOutIntervalMs, config.removeExpiredIntervalMs))
        var nextAbort = nowMs() &+ config.abortTimedOutIntervalMs
        var nextExpiry = nowMs() &+ config.removeExpiredIntervalMs
        while !Task.isCancelled {
            try? await Task.sleep(nanoseconds: UInt64(tick) * 1_000_000)
            let now = nowMs()
            if now >= nextAbort {
                await abortTimedOutTransactions()
                nextAbort = now &+ config.abortTimedOutIntervalMs
            }
            if now >= nextExpiry {
                await expireTransactionalIDs()
                nextExpiry = now &+ config.removeExpiredIntervalMs
            }
        }
    }
}
