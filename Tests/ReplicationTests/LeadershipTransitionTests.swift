import Foundation
import KafkaModel
import KafkaProtocol
import LogStorage
import NIOConcurrencyHelpers
import Replication
import Testing

/// LeaderAndIsr and StopReplica through `ReplicaManager`, on real logs.
@Suite struct LeadershipTransitionTests {
    let orders0 = TopicPartition("orders", PartitionIndex(0))
    let orders1 = TopicPartition("orders", PartitionIndex(1))
    let orders2 = TopicPartition("orders", PartitionIndex(2))

    /// Every call of the two listeners, in order.
    final class Hooks: Sendable {
        let following = NIOLockedValueBox<[(following: [TopicPartition: BrokerID], stopped: [TopicPartition])]>([])
        let leadership = NIOLockedValueBox<[(leading: Set<TopicPartition>, notLeading: Set<TopicPartition>)]>([])

        init(_ replicas: ReplicaManager) {
            replicas.followerChanges.withLockedValue {
                $0 = { [following] changed, stopped in following.withLockedValue { $0.append((changed, stopped)) } }
            }
            replicas.leadershipChanges.withLockedValue {
                $0 = { [leadership] leading, notLeading in
                    leadership.withLockedValue { $0.append((Set(leading), Set(notLeading))) }
                }
            }
        }
    }

    @Test func becomingLeaderAcceptsAppendsStampedWithItsEpochFromTheLogEnd() throws {
        let broker = try TestBroker(1)
        defer { broker.shutDown() }
        #expect(broker.leaderAndIsr(orders0, leader: 1, epoch: 3, isr: [1], replicas: [1]) == KafkaErrorCode.none)
        try broker.produce(orders0, 4)
        // A re-election with a higher epoch: the new epoch starts where the log ends.
        #expect(broker.leaderAndIsr(orders0, leader: 1, epoch: 5, isr: [1], replicas: [1]) == KafkaErrorCode.none)
        let partition = try broker.partition(orders0)
        #expect(partition.isLeader)
        #expect(partition.leaderEpoch == LeaderEpoch(5))
        #expect(partition.log.leaderEpochCache.all == [
            .init(epoch: LeaderEpoch(3), startOffset: Offset(0)), .init(epoch: LeaderEpoch(5), startOffset: Offset(4)),
        ])

        let appended = try broker.produce(orders0, 2)
        #expect(appended.firstOffset == Offset(4))
        #expect(try broker.batches(orders0) == [BatchSummary(baseOffset: 0, lastOffset: 3, leaderEpoch: 3),
                                                BatchSummary(baseOffset: 4, lastOffset: 5, leaderEpoch: 5)])
        #expect(try broker.replicas.leaderPartition(orders0, knownTopic: true).get() === partition)
    }

    @Test func becomingFollowerRefusesLeaderAppends() throws {
        let broker = try TestBroker(1)
        defer { broker.shutDown() }
        #expect(broker.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1, 2], replicas: [1, 2]) == KafkaErrorCode.none)
        try broker.produce(orders0, 3)
        #expect(broker.leaderAndIsr(orders0, leader: 2, epoch: 2, isr: [1, 2], replicas: [1, 2]) == KafkaErrorCode.none)

        let partition = try broker.partition(orders0)
        #expect(!partition.isLeader)
        #expect(partition.replicaState.role == .follower)
        #expect(partition.replicaState.leader == BrokerID(2))
        #expect(partition.isFollowing(at: LeaderEpoch(2)))
        let batch = try recordBatch(1, value: "late")
        guard case .rejected(let code) = partition.appendAsLeader(batch.bytes, header: batch.header, requiredAcks: 1,
                                                                  minInsyncReplicas: 1)
        else {
            Issue.record("a follower accepted a leader append")
            return
        }
        #expect(code == .notLeaderOrFollower)
        #expect(try broker.logEnd(orders0) == Offset(3))
        guard case .failure(let lookup) = broker.replicas.leaderPartition(orders0, knownTopic: true) else {
            Issue.record("a follower was offered as leader")
            return
        }
        #expect(lookup == .notLeaderOrFollower)
        // A follower records nothing in its epoch cache for the new leader's epoch: the leader's batches will.
        #expect(partition.log.leaderEpochCache.latestEpoch == LeaderEpoch(1))
    }

    @Test func aLeaderAndIsrWithAStaleEpochIsRefusedAndChangesNothing() throws {
        let broker = try TestBroker(1)
        defer { broker.shutDown() }
        #expect(broker.leaderAndIsr(orders0, leader: 1, epoch: 4, isr: [1, 2], replicas: [1, 2],
                                    zkVersion: 7) == KafkaErrorCode.none)
        for staleEpoch: Int32 in [4, 3] {
            #expect(broker.leaderAndIsr(orders0, leader: 2, epoch: staleEpoch, isr: [2], replicas: [1, 2],
                                        zkVersion: 9) == .staleControllerEpoch)
        }
        let state = try broker.partition(orders0).replicaState
        #expect(state.role == .leader)
        #expect(state.leaderEpoch == LeaderEpoch(4))
        #expect(state.isr == [BrokerID(1), BrokerID(2)])
        #expect(state.zkVersion == 7)
    }

    @Test func aPartitionNotAssignedHereIsRefused() throws {
        let broker = try TestBroker(1)
        defer { broker.shutDown() }
        #expect(broker.leaderAndIsr(orders0, leader: 2, epoch: 1, isr: [2, 3], replicas: [2, 3])
                == .unknownTopicOrPartition)
        #expect(broker.replicas.partition(orders0) == nil)
        #expect(broker.replicas.logManager.log(for: orders0) == nil)
    }

    @Test func theListenersHearWhichPartitionsAreFollowedAndLed() throws {
        let broker = try TestBroker(1)
        defer { broker.shutDown() }
        let hooks = Hooks(broker.replicas)
        func state(_ tp: TopicPartition, leader: Int32, epoch: Int32) -> ReplicaManager.LeadershipChange {
            .init(partition: tp, leader: BrokerID(leader), leaderEpoch: LeaderEpoch(epoch),
                  isr: [BrokerID(1), BrokerID(2), BrokerID(3)], replicas: [BrokerID(1), BrokerID(2), BrokerID(3)],
                  zkVersion: 0)
        }

        _ = broker.replicas.applyLeadership(
            [state(orders0, leader: 1, epoch: 1), state(orders1, leader: 2, epoch: 1), state(orders2, leader: 3, epoch: 1)],
            nowMs: 0)
        // orders-1 moves to this broker, orders-0 to broker 3; a stale state for orders-2 is no change.
        _ = broker.replicas.applyLeadership(
            [state(orders0, leader: 3, epoch: 2), state(orders1, leader: 1, epoch: 2), state(orders2, leader: 2, epoch: 1)],
            nowMs: 0)

        let following = hooks.following.withLockedValue { $0 }
        #expect(following.count == 2)
        #expect(following.first?.following == [orders1: BrokerID(2), orders2: BrokerID(3)])
        #expect(following.first?.stopped == [])
        #expect(following.last?.following == [orders0: BrokerID(3)])
        #expect(following.last?.stopped == [orders1])
        let leadership = hooks.leadership.withLockedValue { $0 }
        #expect(leadership.count == 2)
        #expect(leadership.first?.leading == [orders0])
        #expect(leadership.first?.notLeading == [orders1, orders2])
        #expect(leadership.last?.leading == [orders1])
        #expect(leadership.last?.notLeading == [orders0])
    }

    @Test func stopReplicaWithoutDeleteStopsServingAndKeepsTheLog() throws {
        let broker = try TestBroker(1)
        defer { broker.shutDown() }
        broker.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1], replicas: [1])
        try broker.produce(orders0, 3)
        let hooks = Hooks(broker.replicas)

        #expect(broker.replicas.stopReplicas([(orders0, delete: false)]) == [orders0: KafkaErrorCode.none])

        #expect(hooks.following.withLockedValue { $0.map { $0.stopped } } == [[orders0]])
        #expect(hooks.leadership.withLockedValue { $0.map { $0.notLeading } } == [[orders0]])
        let partition = try broker.partition(orders0)
        #expect(partition.replicaState.role == ReplicaState.Role.none)
        let batch = try recordBatch(1, value: "late")
        guard case .rejected(.notLeaderOrFollower) = partition.appendAsLeader(
            batch.bytes, header: batch.header, requiredAcks: 1, minInsyncReplicas: 1)
        else {
            Issue.record("a stopped replica accepted an append")
            return
        }
        #expect(partition.log.logEndOffset == Offset(3))
        #expect(FileManager.default.fileExists(atPath: partition.log.directory))
    }

    @Test func stopReplicaWithDeleteForgetsThePartitionAndRemovesItsLog() throws {
        let broker = try TestBroker(1)
        defer { broker.shutDown() }
        broker.leaderAndIsr(orders0, leader: 1, epoch: 1, isr: [1], replicas: [1])
        broker.leaderAndIsr(orders1, leader: 1, epoch: 1, isr: [1], replicas: [1])
        try broker.produce(orders0, 3)
        let directory = try broker.partition(orders0).log.directory
        let hooks = Hooks(broker.replicas)

        #expect(broker.replicas.stopReplicas([(orders0, delete: true)]) == [orders0: KafkaErrorCode.none])

        #expect(hooks.following.withLockedValue { $0.map { $0.stopped } } == [[orders0]])
        #expect(broker.replicas.partition(orders0) == nil)
        #expect(broker.replicas.logManager.log(for: orders0) == nil)
        #expect(!FileManager.default.fileExists(atPath: directory))
        #expect(try broker.partition(orders1).isLeader, "other partitions are untouched")
    }
}
