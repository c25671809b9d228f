import Controller
import KafkaModel
import Testing

@Suite struct ReplicaAssignmentTests {
    let five = (0...4).map { BrokerID(Int32($0)) }

    func ids(_ lists: [[Int32]]) -> [[BrokerID]] { lists.map { $0.map { BrokerID($0) } } }

    @Test func matchesKafkasPlacementForAFixedStart() throws {
        // Kafka's AdminUtils places 10 partitions x 3 replicas over brokers 0-4 (start 0) exactly so.
        let assignment = try ReplicaAssignment.assign(brokers: five, partitionCount: 10, replicationFactor: 3,
                                                      startIndex: 0)
        #expect(assignment == ids([[0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 0], [4, 0, 1],
                                   [0, 2, 3], [1, 3, 4], [2, 4, 0], [3, 0, 1], [4, 1, 2]]))
    }

    @Test func randomStartStillBalancesLeadersAndNeverRepeatsABroker() throws {
        let assignment = try ReplicaAssignment.assign(brokers: five, partitionCount: 20, replicationFactor: 3)
        for replicas in assignment { #expect(Set(replicas).count == 3) }
        let leaders = Dictionary(grouping: assignment.map { $0[0] }, by: { $0 }).mapValues(\.count)
        #expect(leaders.values.allSatisfy { $0 == 4 }, "20 partitions over 5 brokers: 4 leaderships each")
    }

    @Test func refusesMoreReplicasThanBrokers() {
        #expect(throws: ReplicaAssignment.Failure.invalidReplicationFactor(requested: 4, availableBrokers: 3)) {
            try ReplicaAssignment.assign(brokers: Array(five.prefix(3)), partitionCount: 1, replicationFactor: 4)
        }
        #expect(throws: ReplicaAssignment.Failure.noBrokers) {
            try ReplicaAssignment.assign(brokers: [], partitionCount: 1, replicationFactor: 1)
        }
    }

    @Test func additionalPartitionsContinueThePattern() throws {
        let existing = try ReplicaAssignment.assign(brokers: five, partitionCount: 3, replicationFactor: 2,
                                                    startIndex: 0)
        let added = try ReplicaAssignment.assignAdditional(brokers: five, existing: existing, newPartitionCount: 6)
        let whole = try ReplicaAssignment.assign(brokers: five, partitionCount: 6, replicationFactor: 2,
                                                 startIndex: 0)
        #expect(added == Array(whole.suffix(3)))
    }
}

@Suite struct LeaderElectionTests {
    let b1 = BrokerID(1), b2 = BrokerID(2), b3 = BrokerID(3)

    @Test func offlineElectionPrefersAssignmentOrderWithinTheLiveISR() {
        let result = LeaderElection.offline(assignment: [b1, b2, b3], isr: [b3, b2], live: [b2, b3],
                                            uncleanAllowed: false)
        #expect(result == .init(leader: b2, isr: [b3, b2], unclean: false))
    }

    @Test func noLiveISRMeansNoLeaderUnlessUncleanIsAllowed() {
        let clean = LeaderElection.offline(assignment: [b1, b2], isr: [b1], live: [b2], uncleanAllowed: false)
        #expect(clean == nil)
        let unclean = LeaderElection.offline(assignment: [b1, b2], isr: [b1], live: [b2], uncleanAllowed: true)
        #expect(unclean == .init(leader: b2, isr: [b2], unclean: true))
    }

    @Test func preferredOnlyWhenLiveAndInSync() {
        #expect(LeaderElection.preferred(assignment: [b1, b2], isr: [b2], live: [b1, b2]) == nil)
        #expect(LeaderElection.preferred(assignment: [b1, b2], isr: [b1, b2], live: [b1, b2])?.leader == b1)
    }

    @Test func controlledShutdownMovesLeadershipAndShrinksISR() {
        let result = LeaderElection.controlledShutdown(assignment: [b1, b2, b3], isr: [b1, b2, b3],
                                                       live: [b1, b2, b3], shuttingDown: [b1])
        #expect(result == .init(leader: b2, isr: [b2, b3], unclean: false))
    }

    @Test func newPartitionTakesTheFirstLiveReplica() {
        #expect(LeaderElection.newPartition(assignment: [b1, b2, b3], live: [b2, b3])
                == .init(leader: b2, isr: [b2, b3], unclean: false))
    }
}
