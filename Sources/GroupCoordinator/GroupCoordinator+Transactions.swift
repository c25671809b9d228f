import KafkaModel
import NIOCore

// TxnOffsetCommit: offsets committed inside a producer's transaction (KIP-98, with KIP-447's group checks).
extension GroupCoordinator {
    /// Writes offsets as a transactional batch of `producerID` and holds them pending until the transaction's
    /// marker reaches the group's offsets partition (`completeTransaction`).
    /// - Parameters:
    ///   - generationID, memberID, groupInstanceID: TxnOffsetCommit v3+ (KIP-447); -1, "" and nil before, which
    ///     skip the member checks as Kafka does.
    /// - Returns: one error per partition: NONE, OFFSET_METADATA_TOO_LARGE, FENCED_INSTANCE_ID, UNKNOWN_MEMBER_ID,
    ///   ILLEGAL_GENERATION, NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE,
    ///   INVALID_PRODUCER_EPOCH or the error of a failed write.
    public func commitTransactionalOffsets(
        groupID: String, producerID: Int64, producerEpoch: Int16, generationID: Int32 = -1, memberID: String = "",
        groupInstanceID: String? = nil, offsets: [OffsetCommitEntry]
    ) async -> [TopicPartition: GroupErrorCode] {
        func all(_ error: GroupErrorCode) -> [TopicPartition: GroupErrorCode] {
            Dictionary(offsets.map { ($0.partition, error) }, uniquingKeysWith: { first, _ in first })
        }
        if let error = checkGroupStatus(groupID, allowEmptyID: true) { return all(error) }
        // Kafka creates the group for a transactional commit whatever its generation: the producer need not be
        // a member (before KIP-447 it never names one).
        let group = groups[groupID] ?? {
            let created = ConsumerGroup(id: groupID, partition: partitionFor(groupID: groupID), nowMs: clock.nowMs)
            groups[groupID] = created
            return created
        }()
        if group.state == .dead { return all(.coordinatorNotAvailable) }
        if group.isFenced(memberID: memberID, instanceID: groupInstanceID) { return all(.fencedInstanceID) }
        if !memberID.isEmpty && group.member(memberID) == nil { return all(.unknownMemberID) }
        if generationID >= 0 && generationID != group.generation { return all(.illegalGeneration) }

        let checked = offsetValues(offsets, retentionTimeMs: -1)
        let values = checked.values
        var errors = checked.errors
        guard !values.isEmpty else { return errors }
        let committed = values.sorted { $0.key < $1.key }
        let records = committed.map { partition, value in
            (key: OffsetsRecordKey.offsetCommit(group: group.id, partition: partition).encoded(),
             value: Optional(value.encoded()))
        }
        var error = GroupErrorCode.noError
        do {
            try await log.appendTransactional(partition: group.partition, records: records, producerID: producerID,
                                              producerEpoch: producerEpoch)
        } catch let failure {
            error = GroupErrorCode(appendFailure: failure)
        }
        // After the await: the group may have been deleted or unloaded meanwhile.
        if error == .noError && groups[group.id] === group && group.state != .dead {
            for (partition, value) in committed {
                group.pendingTransactionalOffsets[producerID, default: [:]][partition] = value
            }
        }
        for (partition, _) in committed { errors[partition] = error }
        return errors
    }

    /// A transaction marker of `producerID` was replicated on offsets partition `partition`: its pending offsets
    /// in that partition's groups become the committed ones (COMMIT) or are dropped (ABORT).
    public func completeTransaction(offsetsPartition partition: Int32, producerID: Int64, commit: Bool) {
        if case .loading? = ownership[partition] {
            completionsWhileLoading[partition, default: []].append((producerID, commit))
            return
        }
        for group in groups.values where group.partition == partition {
            guard let pending = group.pendingTransactionalOffsets.removeValue(forKey: producerID) else { continue }
            if commit {
                for (topicPartition, value) in pending { group.offsets[topicPartition] = value }
            }
        }
    }

    /// Loading: offsets of transactions still open in the log wait for their marker, as they did before.
    func installOpenTransactions(_ open: [Int64: [(key: ByteBuffer, value: ByteBuffer?)]], partition: Int32) {
        for (producerID, records) in open {
            for record in records {
                guard case .offsetCommit(let groupID, let topicPartition)? = try? OffsetsRecordKey(decoding: record.key),
                    let value = try? record.value.map(OffsetCommitValue.init)
                else { continue }
                let group = groups[groupID] ?? {
                    let created = ConsumerGroup(id: groupID, partition: partition, nowMs: nil)
                    groups[groupID] = created
                    return created
                }()
                group.pendingTransactionalOffsets[producerID, default: [:]][topicPartition] = value
            }
        }
    }
}
