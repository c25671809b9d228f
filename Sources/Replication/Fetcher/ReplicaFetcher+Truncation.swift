import KafkaClient
import KafkaModel
import KafkaProtocol
import LogStorage

extension ReplicaFetcher {
    /// The OffsetForLeaderEpoch version sent: v3 is the first with `ReplicaId`, which marks us as a follower.
    public static let offsetForLeaderEpochVersion: Int16 = 3

    /// Reconciles each partition's log with the leader's before it fetches (KIP-101/279): asks the leader where
    /// our latest epoch ended in its log and truncates past that. A partition whose decision is incomplete (we
    /// did not know the leader's epoch) stays in the truncating phase and asks again next round.
    /// - Throws: connection failures.
    public func truncate(_ partitions: [Work], over connection: any LeaderConnection) async throws {
        var asked: [TopicPartition: Work] = [:]
        var queries: [TopicName: [OffsetForLeaderEpochRequest.OffsetForLeaderPartition]] = [:]
        for work in partitions {
            guard let latest = work.partition.latestLocalEpoch else {
                let log = work.partition.log
                apply(FollowerTruncation.withoutLocalEpoch(localLogEndOffset: log.logEndOffset,
                                                           localHighWatermark: work.partition.highWatermark),
                      to: work)
                continue
            }
            asked[work.topicPartition] = work
            queries[work.topicPartition.topic, default: []].append(.init(
                partition: work.topicPartition.partition.rawValue, currentLeaderEpoch: work.leaderEpoch.rawValue,
                leaderEpoch: latest.rawValue))
        }
        guard !asked.isEmpty else { return }
        let request = OffsetForLeaderEpochRequest(
            replicaID: settings.localBroker,
            topics: queries.map { .init(topic: $0.key, partitions: $0.value) })
        let response = try await send(request, version: Self.offsetForLeaderEpochVersion, over: connection)
        for topic in response.topics {
            for answer in topic.partitions {
                let tp = TopicPartition(topic.topic, PartitionIndex(answer.partition))
                guard let work = asked.removeValue(forKey: tp) else { continue }
                guard answer.errorCode == .none else {
                    dropIfFenced(work)
                    delay(work, because: "OffsetForLeaderEpoch answered \(answer.errorCode)")
                    continue
                }
                let log = work.partition.log
                let decision = FollowerTruncation.decide(
                    leaderEpoch: LeaderEpoch(answer.leaderEpoch), leaderEndOffset: Offset(answer.endOffset),
                    localLogEndOffset: log.logEndOffset, localHighWatermark: work.partition.highWatermark,
                    localEndOffset: { epoch in
                        let local = log.leaderEpochCache.endOffset(for: epoch, logEndOffset: log.logEndOffset)
                        return local.endOffset.rawValue < 0 ? nil : local
                    })
                apply(decision, to: work)
            }
        }
        for work in asked.values { delay(work, because: "no OffsetForLeaderEpoch answer") }
    }

    /// Carries out a truncation decision if the partition is still assigned at that epoch.
    private func apply(_ decision: FollowerTruncation.Decision, to work: Work) {
        guard isAssigned(work) else { return }
        var fenced = false
        var failure: (any Error)?
        do {
            let before = work.partition.log.logEndOffset
            if try work.partition.truncateAsFollower(to: decision.truncateTo, leaderEpoch: work.leaderEpoch) {
                if decision.truncateTo < before {
                    logger.info("truncated divergent log tail", metadata: [
                        "partition": "\(work.topicPartition)", "from": "\(before)", "to": "\(decision.truncateTo)",
                    ])
                }
                if decision.completed { withCurrent(work) { $0.phase = .fetching } }
            } else {
                fenced = true
            }
        } catch {
            failure = error
        }
        if fenced { dropIfFenced(work) }
        if let failure { delay(work, because: "truncation failed: \(failure)") }
    }

    /// Handles OFFSET_OUT_OF_RANGE: asks the leader for its log end and start offsets (ListOffsets as replica)
    /// and truncates or restarts the log as `OutOfRangeRecovery` decides.
    /// - Throws: connection failures.
    public func recoverOutOfRange(_ partitions: [Work], over connection: any LeaderConnection) async throws {
        let latest = try await listOffsets(partitions, timestamp: Offset.latest.rawValue, over: connection)
        let earliest = try await listOffsets(partitions, timestamp: Offset.earliest.rawValue, over: connection)
        for work in partitions {
            guard case .success(let end)? = latest[work.topicPartition],
                case .success(let start)? = earliest[work.topicPartition]
            else {
                let code = [latest[work.topicPartition], earliest[work.topicPartition]].compactMap { result in
                    if case .failure(let code)? = result { return code } else { return nil }
                }.first
                dropIfFenced(work)
                delay(work, because: "offset out of range; ListOffsets answered \(code ?? .unknownServerError)")
                continue
            }
            let recovery = OutOfRangeRecovery.decide(localLogEndOffset: work.partition.log.logEndOffset,
                                                     leaderLogEndOffset: end, leaderLogStartOffset: start)
            var failure: (any Error)?
            if isAssigned(work) {
                do {
                    switch recovery {
                    case .truncate(let offset):
                        _ = try work.partition.truncateAsFollower(to: offset, leaderEpoch: work.leaderEpoch)
                    case .truncateFully(let offset):
                        _ = try work.partition.truncateFullyAsFollower(startingAt: offset,
                                                                       leaderEpoch: work.leaderEpoch)
                    case .fetch:
                        break
                    }
                } catch {
                    failure = error
                }
            }
            logger.info("recovered from offset out of range", metadata: [
                "partition": "\(work.topicPartition)", "action": "\(recovery)",
            ])
            if let failure { delay(work, because: "out-of-range recovery failed: \(failure)") }
        }
    }

    /// The ListOffsets version sent: v4 carries `CurrentLeaderEpoch`.
    public static let listOffsetsVersion: Int16 = 4

    private func listOffsets(_ partitions: [Work], timestamp: Int64, over connection: any LeaderConnection)
        async throws -> [TopicPartition: Result<Offset, KafkaErrorCode>]
    {
        let byTopic = Dictionary(grouping: partitions, by: \.topicPartition.topic)
        let request = ListOffsetsRequest(
            replicaID: settings.localBroker, isolationLevel: 0,
            topics: byTopic.map { topic, works in
                .init(name: topic, partitions: works.map {
                    .init(partitionIndex: $0.topicPartition.partition.rawValue,
                          currentLeaderEpoch: $0.leaderEpoch.rawValue, timestamp: timestamp)
                })
            })
        let response = try await send(request, version: Self.listOffsetsVersion, over: connection)
        var results: [TopicPartition: Result<Offset, KafkaErrorCode>] = [:]
        for topic in response.topics {
            for answer in topic.partitions {
                let tp = TopicPartition(topic.name, PartitionIndex(answer.partitionIndex))
                results[tp] = answer.errorCode == .none && answer.offset >= 0
                    ? .success(Offset(answer.offset)) : .failure(answer.errorCode)
            }
        }
        return results
    }
}
