import KafkaModel
import KafkaProtocol
import Logging
import NIOCore

/// Kafka's transaction coordinator, without the wire protocol: InitProducerId (with a transactional id),
/// AddPartitionsToTxn, AddOffsetsToTxn, EndTxn, DescribeTransactions and ListTransactions map onto these methods;
/// durability goes through `TransactionLog`, markers through `TransactionMarkerWriter`.
///
/// One actor holds the transactional ids of the `__transaction_state` partitions this broker leads. An operation
/// checks and marks its id as having a write in flight (others answer CONCURRENT_TRANSACTIONS meanwhile) with no
/// `await` in between, writes with acks=all, and installs the new state only if the partition is still led with
/// the same coordinator epoch. The state is answered only after it is written.
public actor TransactionCoordinator {
    enum Ownership: Equatable {
        case loading(UInt64)
        /// Loaded; the number is the coordinator epoch (the partition's leader epoch).
        case loaded(Int32)
    }

    struct Entry {
        var metadata: TransactionMetadata
        /// The state a write in flight moves to; nil when none is.
        var pending: TransactionState?
    }

    let config: TransactionCoordinatorConfig
    let log: any TransactionLog
    let producerIDs: any ProducerIDSource
    let markers: any TransactionMarkerWriter
    let partitioner: @Sendable (String) -> Int32
    let nowMs: @Sendable () -> Int64
    let logger: Logger

    var entries: [String: Entry] = [:]
    var ownership: [Int32: Ownership] = [:]
    var nextLoadToken: UInt64 = 0
    /// Marker sends in progress, by transactional id.
    var markerTasks: [String: Task<Void, Never>] = [:]

    /// - Parameters:
    ///   - partitioner: the `__transaction_state` partition of a transactional id (Java's hash, as Kafka).
    ///   - nowMs: wall-clock milliseconds; timestamps are persisted and compared across brokers.
    public init(config: TransactionCoordinatorConfig, log: any TransactionLog, producerIDs: any ProducerIDSource,
                markers: any TransactionMarkerWriter, partitioner: @escaping @Sendable (String) -> Int32,
                nowMs: @escaping @Sendable () -> Int64, logger: Logger = Logger(label: "tributary.transactions")) {
        self.config = config
        self.log = log
        self.producerIDs = producerIDs
        self.markers = markers
        self.partitioner = partitioner
        self.nowMs = nowMs
        self.logger = logger
    }

    /// The `__transaction_state` partition holding `transactionalID`.
    public nonisolated func partitionFor(transactionalID: String) -> Int32 { partitioner(transactionalID) }

    // MARK: Checks shared by every operation

    /// NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS, or the coordinator epoch of the id's partition.
    func coordinatorEpoch(for transactionalID: String) -> Answer<Int32> {
        switch ownership[partitionFor(transactionalID: transactionalID)] {
        case nil: .failure(.notCoordinator)
        case .loading: .failure(.coordinatorLoadInProgress)
        case .loaded(let epoch): .success(epoch)
        }
    }

    /// A transactional id the records can hold (int16 length) and that is not empty.
    static func isValid(_ transactionalID: String) -> Bool {
        !transactionalID.isEmpty && transactionalID.utf8.count <= Int(Int16.max)
    }

    // MARK: Writing

    /// Writes `target` for its id, whose entry must already be marked pending by the caller; installs it if the
    /// partition is still led with `coordinatorEpoch`. Clears the pending mark either way.
    func write(_ target: TransactionMetadata, coordinatorEpoch: Int32) async -> KafkaErrorCode {
        let id = target.transactionalID
        let partition = partitionFor(transactionalID: id)
        let outcome: KafkaErrorCode
        do {
            let key = try TransactionLogRecord.encodeKey(transactionalID: id)
            let value = target.state == .dead ? nil : TransactionLogRecord.encodeValue(target)
            try await log.append(partition: partition, records: [(key, value)])
            outcome = .none
        } catch {
            logger.warning("writing transaction state failed",
                           metadata: ["transactional id": "\(id)", "state": "\(target.state)", "error": "\(error)"])
            outcome = Self.errorCode(appendFailure: error)
        }
        // After the await: the partition may have moved, or been reloaded under a new epoch.
        guard ownership[partition] == .loaded(coordinatorEpoch), entries[id] != nil else { return .notCoordinator }
        entries[id]?.pending = nil
        guard outcome == .none else { return outcome }
        if target.state == .dead {
            entries[id] = nil
        } else {
            entries[id]?.metadata = target
        }
        return .none
    }

    static func errorCode(appendFailure error: any Error) -> KafkaErrorCode {
        switch error as? TransactionLogError {
        case .notLeader: .notCoordinator
        case .notReplicated: .coordinatorNotAvailable
        case .recordTooLarge, nil: .unknownServerError
        }
    }

    // MARK: Markers

    /// Sends the markers of a Prepare* transaction, then writes CompleteCommit/CompleteAbort.
    func startMarkers(for metadata: TransactionMetadata, coordinatorEpoch: Int32) {
        let id = metadata.transactionalID
        let request = TransactionMarkers(
            transactionalID: id, producerID: metadata.producerID, producerEpoch: metadata.producerEpoch,
            commit: metadata.state == .prepareCommit, coordinatorEpoch: coordinatorEpoch,
            partitions: metadata.partitions)
        markerTasks[id]?.cancel()
        markerTasks[id] = Task { [markers] in
            let outcome = await markers.write(request, isCurrent: { [weak self] in
                await self?.isCurrent(request) ?? false
            })
            await self.markersDone(request, outcome: outcome)
        }
    }

    /// Whether `request` is still the transaction this coordinator is completing.
    func isCurrent(_ request: TransactionMarkers) -> Bool {
        guard !Task.isCancelled,
            ownership[partitionFor(transactionalID: request.transactionalID)] == .loaded(request.coordinatorEpoch),
            let entry = entries[request.transactionalID]
        else { return false }
        let metadata = entry.metadata
        return metadata.producerID == request.producerID && metadata.producerEpoch == request.producerEpoch
            && metadata.state == (request.commit ? .prepareCommit : .prepareAbort)
    }

    private func markersDone(_ request: TransactionMarkers, outcome: TransactionMarkerOutcome) async {
        defer { markerTasks[request.transactionalID] = nil }
        guard outcome == .written else {
            logger.info("markers abandoned", metadata: ["transactional id": "\(request.transactionalID)"])
            return
        }
        var delayMs: UInt64 = 50
        while isCurrent(request), let entry = entries[request.transactionalID], entry.pending == nil {
            let target = entry.metadata.completing(nowMs: nowMs())
            entries[request.transactionalID]?.pending = target.state
            let result = await write(target, coordinatorEpoch: request.coordinatorEpoch)
            if result == .none {
                logger.debug("transaction completed", metadata: [
                    "transactional id": "\(request.transactionalID)", "state": "\(target.state)"])
                return
            }
            guard result == .coordinatorNotAvailable else { return }
            try? await Task.sleep(nanoseconds: delayMs * 1_000_000)
            delayMs = min(delayMs * 2, 2_000)
        }
    }
}
