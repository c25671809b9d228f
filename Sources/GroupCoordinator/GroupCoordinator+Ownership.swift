import KafkaModel
import NIOCore

// Loading and unloading groups as this broker gains and loses leadership of offsets partitions, and the
// periodic expiry of old offsets.
extension GroupCoordinator {
    /// This broker now leads an offsets partition: load its groups and offsets from the log. Until the load
    /// finishes, its groups answer COORDINATOR_LOAD_IN_PROGRESS.
    /// - Throws: the `GroupLog.readAll` error; the partition is then not served (NOT_COORDINATOR).
    public func becameLeader(ofPartition partition: Int32) async throws {
        nextLoadToken += 1
        let token = nextLoadToken
        ownership[partition] = .loading(token)
        let contents: GroupLogContents
        do {
            contents = try await log.readAllResolvingTransactions(partition: partition)
        } catch {
            if ownership[partition] == .loading(token) {
                ownership[partition] = nil
                completionsWhileLoading[partition] = nil
            }
            logger.error("loading offsets partition \(partition) failed: \(error)")
            throw error
        }
        // Resigned (or re-elected) while reading: that newer event decides.
        guard ownership[partition] == .loading(token) else { return }
        install(contents.records, partition: partition)
        installOpenTransactions(contents.openTransactions, partition: partition)
        ownership[partition] = .loaded
        for completion in completionsWhileLoading.removeValue(forKey: partition) ?? [] {
            completeTransaction(offsetsPartition: partition, producerID: completion.producerID,
                                commit: completion.commit)
        }
    }

    /// This broker no longer leads an offsets partition: drop its groups. Held calls answer NOT_COORDINATOR
    /// and so will later ones, sending clients to the new coordinator.
    public func resigned(fromPartition partition: Int32) {
        ownership[partition] = nil
        completionsWhileLoading[partition] = nil
        let now = clock.nowMs
        for group in groups.values where group.partition == partition {
            group.markDead(nowMs: now, answering: .notCoordinator)
            groups[group.id] = nil
        }
    }

    /// Replays an offsets partition: the last record of each key wins, tombstones delete.
    private func install(_ records: [(key: ByteBuffer, value: ByteBuffer?)], partition: Int32) {
        var offsets: [String: [TopicPartition: OffsetCommitValue]] = [:]
        var metadata: [String: GroupMetadataValue] = [:]
        for record in records {
            do {
                switch try OffsetsRecordKey(decoding: record.key) {
                case .offsetCommit(let group, let topicPartition):
                    offsets[group, default: [:]][topicPartition] = try record.value.map(OffsetCommitValue.init)
                case .groupMetadata(let group):
                    metadata[group] = try record.value.map(GroupMetadataValue.init)
                }
            } catch {
                logger.warning("offsets partition \(partition): skipping undecodable record: \(error)")
            }
        }
        let now = clock.nowMs
        let groupIDs = Set(metadata.keys).union(offsets.filter { !$0.value.isEmpty }.keys)
        for groupID in groupIDs {
            if let stale = groups[groupID] {
                stale.markDead(nowMs: now, answering: .notCoordinator)
            }
            let group = ConsumerGroup(id: groupID, partition: partition, nowMs: nil)
            if let value = metadata[groupID] { group.restore(from: value, nowMs: now) }
            group.offsets = offsets[groupID] ?? [:]
            groups[groupID] = group
        }
        logger.info("offsets partition \(partition): loaded \(groupIDs.count) groups")
    }

    /// Expires offsets older than `offsets.retention.minutes` (Kafka's `cleanupGroupMetadata`): all offsets of
    /// an Empty group once it has been empty that long, offsets of topics a consumer group no longer
    /// subscribes to, and standalone commits; Empty groups left without offsets are removed. Writes tombstones.
    public func expireOffsets() async {
        let now = clock.nowMs
        var writes: [Int32: [(key: ByteBuffer, value: ByteBuffer?)]] = [:]
        for group in groups.values.sorted(by: { $0.id < $1.id }) {
            let expired = expiredOffsets(group, nowMs: now)
            for partition in expired { group.offsets[partition] = nil }
            writes[group.partition, default: []] += tombstones(for: group, partitions: expired)
            if group.state == .empty && group.offsets.isEmpty && group.pendingOffsetCommits.isEmpty
                && group.pendingTransactionalOffsets.isEmpty {
                group.markDead(nowMs: now, answering: .coordinatorNotAvailable)
                groups[group.id] = nil
                writes[group.partition, default: []].append(
                    (OffsetsRecordKey.groupMetadata(group: group.id).encoded(), nil))
                logger.info("group \(group.id): removed, empty and without offsets")
            } else if !expired.isEmpty {
                logger.info("group \(group.id): expired \(expired.count) offsets")
            }
        }
        for (partition, records) in writes.sorted(by: { $0.key < $1.key }) {
            enqueue(partition: partition, records: records)
        }
        await flushOutbox()
    }

    private func expiredOffsets(_ group: ConsumerGroup, nowMs now: Int64) -> [TopicPartition] {
        let retention = config.offsetsRetentionMs
        func expired(since base: (OffsetCommitValue) -> Int64, keeping subscribed: Set<String> = []) -> [TopicPartition]
        {
            group.offsets.filter { partition, value in
                guard !subscribed.contains(partition.topic.rawValue), group.pendingOffsetCommits[partition] == nil
                else { return false }
                // Commits with an explicit retention time keep the old rule: expire at their own timestamp.
                if let expireAt = value.expireTimestampMs { return now >= expireAt }
                // `base` comes from a record on disk and may be any value.
                return now.saturatingSubtract(base(value)) >= retention
            }.keys.sorted()
        }
        switch (group.protocolType, group.state) {
        case (.some, .empty):
            // Retention counts from when the group became empty (or, for old records, from each commit).
            return expired(since: { group.stateTimestampMs ?? $0.commitTimestampMs })
        case (.some(ConsumerProtocolSubscription.protocolType), _):
            guard let subscribed = group.subscribedTopics else { return [] }
            return expired(since: \.commitTimestampMs, keeping: subscribed)
        case (nil, _):
            return expired(since: \.commitTimestampMs)
        default:
            return []
        }
    }
}
