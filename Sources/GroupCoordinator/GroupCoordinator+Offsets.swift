import KafkaModel
import NIOCore

// OffsetCommit and OffsetFetch.
extension GroupCoordinator {
    /// Commits offsets, acknowledged only once `GroupLog.append` has returned.
    /// - Parameters:
    ///   - generationID: -1 (with an empty member id) for a standalone commit, accepted while the group is
    ///     Empty (or unknown, which creates it).
    ///   - retentionTimeMs: OffsetCommit v2–v4's retention time; -1 for the broker's retention.
    /// - Returns: one error per partition: NONE, OFFSET_METADATA_TOO_LARGE, ILLEGAL_GENERATION,
    ///   UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS, FENCED_INSTANCE_ID, NOT_COORDINATOR,
    ///   COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE or the error of a failed write.
    public func commitOffsets(
        groupID: String, generationID: Int32, memberID: String, groupInstanceID: String? = nil,
        retentionTimeMs: Int64 = -1, offsets: [OffsetCommitEntry]
    ) async -> [TopicPartition: GroupErrorCode] {
        func all(_ error: GroupErrorCode) -> [TopicPartition: GroupErrorCode] {
            Dictionary(offsets.map { ($0.partition, error) }, uniquingKeysWith: { first, _ in first })
        }
        if let error = checkGroupStatus(groupID, allowEmptyID: true) { return all(error) }
        let group: ConsumerGroup
        if let existing = groups[groupID] {
            group = existing
        } else if generationID < 0 {
            // A group that uses Kafka only to store offsets.
            group = ConsumerGroup(id: groupID, partition: partitionFor(groupID: groupID), nowMs: clock.nowMs)
            groups[groupID] = group
        } else {
            return all(.illegalGeneration)
        }

        if group.state == .dead { return all(.coordinatorNotAvailable) }
        if group.isFenced(memberID: memberID, instanceID: groupInstanceID) { return all(.fencedInstanceID) }
        if !(generationID < 0 && group.state == .empty) {
            guard let member = group.member(memberID) else { return all(.unknownMemberID) }
            if generationID != group.generation { return all(.illegalGeneration) }
            switch group.state {
            case .stable, .preparingRebalance:
                // Commits stay possible while rebalancing; the heartbeat tells the member to rejoin.
                member.heartbeatDeadlineMs = clock.nowMs.saturatingAdd(Int64(member.sessionTimeoutMs))
            case .completingRebalance:
                // The member has its new generation but not its assignment yet.
                return all(.rebalanceInProgress)
            case .empty, .dead:
                return all(.unknownMemberID)
            }
        }
        return await storeOffsets(group, retentionTimeMs: retentionTimeMs, offsets: offsets)
    }

    private func storeOffsets(
        _ group: ConsumerGroup, retentionTimeMs: Int64, offsets: [OffsetCommitEntry]
    ) async -> [TopicPartition: GroupErrorCode] {
        let checked = offsetValues(offsets, retentionTimeMs: retentionTimeMs)
        let values = checked.values
        var errors = checked.errors
        guard !values.isEmpty else { return errors }

        let committed = values.sorted { $0.key < $1.key }
        let records = committed.map { partition, value in
            (
                key: OffsetsRecordKey.offsetCommit(group: group.id, partition: partition).encoded(),
                value: Optional(value.encoded())
            )
        }
        for (partition, _) in committed { group.pendingOffsetCommits[partition, default: 0] += 1 }
        let error = await append(partition: group.partition, records: records)
        // After the await: the group may have been deleted or unloaded meanwhile.
        for (partition, _) in committed {
            let remaining = (group.pendingOffsetCommits[partition] ?? 1) - 1
            group.pendingOffsetCommits[partition] = remaining > 0 ? remaining : nil
        }
        if error == .noError && groups[group.id] === group && group.state != .dead {
            for (partition, value) in committed { group.offsets[partition] = value }
        }
        for (partition, _) in committed { errors[partition] = error }
        return errors
    }

    /// The values to store for committed offsets, and the error of each entry that cannot be stored.
    func offsetValues(_ offsets: [OffsetCommitEntry], retentionTimeMs: Int64)
        -> (values: [TopicPartition: OffsetCommitValue], errors: [TopicPartition: GroupErrorCode])
    {
        let now = clock.nowMs
        var errors: [TopicPartition: GroupErrorCode] = [:]
        var values: [TopicPartition: OffsetCommitValue] = [:]
        for entry in offsets {
            // Topic names are at most 249 characters; a longer one (flexible versions allow it) names no topic
            // and could not be stored with the int16 length the commit key uses.
            if entry.partition.topic.rawValue.utf8.count > Int(Int16.max) {
                errors[entry.partition] = .unknownTopicOrPartition
                continue
            }
            let metadata = entry.metadata ?? ""
            // Kafka measures the metadata in Java chars.
            if metadata.utf16.count > config.offsetMetadataMaxBytes {
                errors[entry.partition] = .offsetMetadataTooLarge
                continue
            }
            // OffsetCommit v2-v4 let the client pick the retention; any Int64 may arrive. An expiry past
            // Int64.max saturates there, which `expiredOffsets` reads as never expiring.
            values[entry.partition] = OffsetCommitValue(
                offset: entry.offset, leaderEpoch: entry.leaderEpoch, metadata: metadata, commitTimestampMs: now,
                expireTimestampMs: retentionTimeMs >= 0 ? now.saturatingAdd(retentionTimeMs) : nil)
        }
        return (values, errors)
    }

    /// Reads committed offsets exactly as committed (offset, leader epoch, metadata).
    /// - Parameters:
    ///   - partitions: nil for every partition the group has committed.
    ///   - requireStable: OffsetFetch v7+; a partition with a commit still being written answers
    ///     UNSTABLE_OFFSET_COMMIT.
    /// - Returns: offset -1 with NONE for partitions without a commit (and for unknown groups); a group-level
    ///   NOT_COORDINATOR or COORDINATOR_LOAD_IN_PROGRESS also copied onto each requested partition.
    public func fetchOffsets(
        groupID: String, partitions: [TopicPartition]?, requireStable: Bool = false
    ) -> GroupOffsets {
        func missing(_ partition: TopicPartition, _ error: GroupErrorCode = .noError) -> FetchedOffset {
            FetchedOffset(partition: partition, offset: Offset(-1), leaderEpoch: .unknown, metadata: "", error: error)
        }
        if let error = checkGroupStatus(groupID, allowEmptyID: true) {
            return GroupOffsets(error: error, partitions: (partitions ?? []).map { missing($0, error) })
        }
        guard let group = groups[groupID], group.state != .dead else {
            return GroupOffsets(error: .noError, partitions: (partitions ?? []).map { missing($0) })
        }
        let requested = partitions ?? group.offsets.keys.sorted()
        return GroupOffsets(
            error: .noError,
            partitions: requested.map { partition in
                if requireStable && (group.pendingOffsetCommits[partition] != nil
                    || group.pendingTransactionalOffsets.values.contains { $0[partition] != nil }) {
                    return missing(partition, .unstableOffsetCommit)
                }
                guard let value = group.offsets[partition] else { return missing(partition) }
                return FetchedOffset(
                    partition: partition, offset: value.offset, leaderEpoch: value.leaderEpoch,
                    metadata: value.metadata, error: .noError)
            })
    }
}
