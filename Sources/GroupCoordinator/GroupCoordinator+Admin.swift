import KafkaModel
import NIOCore

// ListGroups, DescribeGroups, DeleteGroups and OffsetDelete.
extension GroupCoordinator {
    /// The groups of every loaded offsets partition.
    /// - Parameter states: only groups in these states; empty for all.
    /// - Returns: COORDINATOR_LOAD_IN_PROGRESS (with the groups known so far) while a partition loads.
    public func listGroups(states: Set<GroupState> = []) -> (error: GroupErrorCode, groups: [GroupListing]) {
        let loading = ownership.values.contains { if case .loading = $0 { true } else { false } }
        let listings = groups.values
            .filter { $0.state != .dead && (states.isEmpty || states.contains($0.state)) }
            .sorted { $0.id < $1.id }
            .map { GroupListing(groupID: $0.id, protocolType: $0.protocolType ?? "", state: $0.state) }
        return (loading ? .coordinatorLoadInProgress : .noError, listings)
    }

    /// Describes groups; members carry metadata and assignment while the group is Stable.
    /// An unknown group is reported Dead with NONE, as Kafka does.
    public func describeGroups(_ groupIDs: [String]) -> [GroupDescription] {
        groupIDs.map { groupID in
            if let error = checkGroupStatus(groupID, allowEmptyID: true) {
                return GroupDescription(
                    groupID: groupID, error: error, state: .dead, protocolType: "", protocolName: "", members: [])
            }
            guard let group = groups[groupID] else {
                return GroupDescription(
                    groupID: groupID, error: .noError, state: .dead, protocolType: "", protocolName: "", members: [])
            }
            let stableProtocol = group.state == .stable ? group.protocolName : nil
            return GroupDescription(
                groupID: groupID, error: .noError, state: group.state, protocolType: group.protocolType ?? "",
                protocolName: stableProtocol ?? "",
                members: group.orderedMembers.map { member in
                    GroupMemberDescription(
                        memberID: member.id, groupInstanceID: member.groupInstanceID, clientID: member.clientID,
                        clientHost: member.clientHost,
                        metadata: stableProtocol.flatMap { member.metadata(for: $0) } ?? ByteBuffer(),
                        assignment: stableProtocol == nil ? ByteBuffer() : member.assignment)
                })
        }
    }

    /// Deletes Empty groups with their offsets, writing tombstones.
    /// - Returns: per group: NONE, GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP, NOT_COORDINATOR,
    ///   COORDINATOR_LOAD_IN_PROGRESS, or the error of a failed write.
    public func deleteGroups(_ groupIDs: [String]) async -> [String: GroupErrorCode] {
        var errors: [String: GroupErrorCode] = [:]
        var writes: [Int32: [(key: ByteBuffer, value: ByteBuffer?)]] = [:]
        var groupsByPartition: [Int32: [String]] = [:]
        let now = clock.nowMs
        for groupID in groupIDs where errors[groupID] == nil {
            if let error = checkGroupStatus(groupID, allowEmptyID: true) {
                errors[groupID] = error
                continue
            }
            guard let group = groups[groupID] else {
                errors[groupID] = .groupIDNotFound
                continue
            }
            switch group.state {
            case .dead:
                errors[groupID] = .groupIDNotFound
            case .preparingRebalance, .completingRebalance, .stable:
                errors[groupID] = .nonEmptyGroup
            case .empty:
                group.markDead(nowMs: now, answering: .coordinatorNotAvailable)
                groups[groupID] = nil
                writes[group.partition, default: []] +=
                    tombstones(for: group, partitions: group.offsets.keys.sorted())
                    + [(OffsetsRecordKey.groupMetadata(group: groupID).encoded(), nil)]
                groupsByPartition[group.partition, default: []].append(groupID)
                logger.info("group \(groupID): deleted")
            }
        }
        for (partition, records) in writes.sorted(by: { $0.key < $1.key }) {
            let error = await append(partition: partition, records: records)
            for groupID in groupsByPartition[partition] ?? [] { errors[groupID] = error }
        }
        return errors
    }

    /// Deletes committed offsets (OffsetDelete): any of an Empty group's, and those of topics a consumer group
    /// does not subscribe to.
    /// - Returns: a group-level error (GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP for non-consumer groups with
    ///   members, NOT_COORDINATOR, …) or per partition NONE / GROUP_SUBSCRIBED_TO_TOPIC.
    public func deleteOffsets(groupID: String, partitions: [TopicPartition]) async -> OffsetDeleteResult {
        if let error = checkGroupStatus(groupID) { return OffsetDeleteResult(error: error, partitions: [:]) }
        guard let group = groups[groupID] else { return OffsetDeleteResult(error: .groupIDNotFound, partitions: [:]) }
        var errors: [TopicPartition: GroupErrorCode] = [:]
        var eligible: [TopicPartition] = []
        switch group.state {
        case .dead:
            return OffsetDeleteResult(error: .groupIDNotFound, partitions: [:])
        case .empty:
            for partition in partitions {
                if group.offsets[partition] != nil { eligible.append(partition) } else { errors[partition] = .noError }
            }
        case .preparingRebalance, .completingRebalance, .stable:
            guard group.protocolType == ConsumerProtocolSubscription.protocolType else {
                return OffsetDeleteResult(error: .nonEmptyGroup, partitions: [:])
            }
            let subscribed = group.subscribedTopics ?? []
            for partition in partitions {
                if subscribed.contains(partition.topic.rawValue) {
                    errors[partition] = .groupSubscribedToTopic
                } else {
                    eligible.append(partition)
                }
            }
        }
        guard !eligible.isEmpty else { return OffsetDeleteResult(error: .noError, partitions: errors) }
        let present = eligible.filter { group.offsets[$0] != nil }
        for partition in present { group.offsets[partition] = nil }
        let error = await append(partition: group.partition, records: tombstones(for: group, partitions: present))
        for partition in eligible { errors[partition] = error }
        return OffsetDeleteResult(error: .noError, partitions: errors)
    }

    func tombstones(for group: ConsumerGroup, partitions: [TopicPartition]) -> [(key: ByteBuffer, value: ByteBuffer?)] {
        partitions.map { (OffsetsRecordKey.offsetCommit(group: group.id, partition: $0).encoded(), nil) }
    }
}
