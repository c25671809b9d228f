import KafkaModel
import NIOCore

// Loading and unloading transactional ids as this broker gains and loses leadership of `__transaction_state`
// partitions; transactions found half-way (PrepareCommit, PrepareAbort) have their markers sent again.
extension TransactionCoordinator {
    /// This broker now leads a `__transaction_state` partition: load its ids. Until the load finishes they answer
    /// COORDINATOR_LOAD_IN_PROGRESS.
    /// - Parameter coordinatorEpoch: the partition's leader epoch, sent with every marker.
    /// - Throws: the `TransactionLog.readAll` error; the partition is then not served (NOT_COORDINATOR).
    public func becameLeader(ofPartition partition: Int32, coordinatorEpoch: Int32) async throws {
        nextLoadToken += 1
        let token = nextLoadToken
        ownership[partition] = .loading(token)
        dropEntries(ofPartition: partition)
        let records: [(key: ByteBuffer, value: ByteBuffer?)]
        do {
            records = try await log.readAll(partition: partition)
        } catch {
            if ownership[partition] == .loading(token) { ownership[partition] = nil }
            logger.error("loading transaction state partition \(partition) failed: \(error)")
            throw error
        }
        // Resigned (or re-elected) while reading: that newer event decides.
        guard ownership[partition] == .loading(token) else { return }
        var loaded: [String: TransactionMetadata] = [:]
        for record in records {
            do {
                let id = try TransactionLogRecord.decodeKey(record.key)
                if let value = record.value {
                    loaded[id] = try TransactionLogRecord.decodeValue(value, transactionalID: id)
                } else {
                    loaded[id] = nil
                }
            } catch {
                logger.warning("transaction state partition \(partition): skipping undecodable record: \(error)")
            }
        }
        for (id, metadata) in loaded where partitionFor(transactionalID: id) == partition {
            entries[id] = Entry(metadata: metadata)
        }
        ownership[partition] = .loaded(coordinatorEpoch)
        // A coordinator that failed between Prepare* and Complete*: send the markers again.
        let unfinished = loaded.values.filter { $0.state == .prepareCommit || $0.state == .prepareAbort }
        for metadata in unfinished.sorted(by: { $0.transactionalID < $1.transactionalID }) {
            startMarkers(for: metadata, coordinatorEpoch: coordinatorEpoch)
        }
        logger.info("transaction state partition \(partition) loaded", metadata: [
            "transactional ids": "\(loaded.count)", "completing": "\(unfinished.count)",
            "coordinator epoch": "\(coordinatorEpoch)"])
    }

    /// This broker no longer leads a `__transaction_state` partition: drop its ids (later calls answer
    /// NOT_COORDINATOR) and stop their markers; the new coordinator sends them again.
    public func resigned(fromPartition partition: Int32) {
        ownership[partition] = nil
        dropEntries(ofPartition: partition)
    }

    private func dropEntries(ofPartition partition: Int32) {
        for id in entries.keys where partitionFor(transactionalID: id) == partition {
            entries[id] = nil
            markerTasks.removeValue(forKey: id)?.cancel()
        }
    }
}
