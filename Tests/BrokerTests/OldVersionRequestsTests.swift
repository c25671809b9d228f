@testable import Broker
import KafkaModel
import KafkaProtocol
import Testing

/// Controller requests of the versions from before KIP-380 and before topic grouping, as an old controller sends
/// them, read the way the current versions are.
@Suite struct OldVersionRequestsTests {
    @Test func everyServedApiGoesDownToVersion0() {
        let lowest: [ClosedRange<Int16>] = [
            ProduceHandler.servedVersions, FetchHandler.servedVersions, ListOffsetsHandler.servedVersions,
            ControlledShutdownHandler.servedVersions, LeaderAndIsrHandler.servedVersions,
            UpdateMetadataHandler.servedVersions, StopReplicaHandler.servedVersions,
        ]
        #expect(lowest.map(\.lowerBound) == [0, 0, 0, 0, 0, 0, 0])
        #expect(lowest.map(\.upperBound) == [9, 12, 7, 3, 5, 7, 3])
    }

    @Test func aRequestWithoutBrokerEpochIsFencedByTheControllerEpochAlone() async {
        let cluster = ControllerRequestFenceTests.Cluster()
        let fence = cluster.fence()
        #expect(await fence.admit(controllerEpoch: 5, brokerEpoch: nil) == .none)
        #expect(await fence.admit(controllerEpoch: 4, brokerEpoch: nil) == .staleControllerEpoch)
        // A version that carries the epoch is still checked, -1 included.
        #expect(await fence.admit(controllerEpoch: 5, brokerEpoch: -1) == .staleBrokerEpoch)
    }

    @Test func updateMetadataEndpointsOfOldVersionsGetKafkasListenerNames() {
        var broker = UpdateMetadataRequest.UpdateMetadataBroker(id: BrokerID(3), v0Host: "old-host", v0Port: 9092)
        let v0 = UpdateMetadataHandler.endpoints(of: broker, version: 0)
        #expect(v0 == [.init(port: 9092, host: "old-host", listener: "PLAINTEXT", securityProtocol: 0)])

        broker.endpoints = [.init(port: 9093, host: "h", securityProtocol: 1),
                            .init(port: 9094, host: "h", securityProtocol: 42),
                            .init(port: 9095, host: "h", securityProtocol: 2)]
        #expect(UpdateMetadataHandler.endpoints(of: broker, version: 2).map(\.listener) == ["SSL", "SASL_PLAINTEXT"])
        broker.endpoints = [.init(port: 9093, host: "h", listener: "INTERNAL", securityProtocol: 0)]
        #expect(UpdateMetadataHandler.endpoints(of: broker, version: 3) == broker.endpoints)
    }

    @Test func stopReplicaOfOldVersionsBecomesPerTopicStates() {
        let v0 = StopReplicaRequest(deletePartitions: true, ungroupedPartitions: [
            .init(topicName: TopicName("a"), partitionIndex: 1), .init(topicName: TopicName("b"), partitionIndex: 0),
        ])
        let states0 = StopReplicaHandler.topicStates(v0, version: 0)
        #expect(states0.map(\.topicName) == [TopicName("a"), TopicName("b")])
        #expect(states0.flatMap(\.partitionStates) == [
            .init(partitionIndex: 1, leaderEpoch: -1, deletePartition: true),
            .init(partitionIndex: 0, leaderEpoch: -1, deletePartition: true),
        ])

        let v1 = StopReplicaRequest(deletePartitions: false,
                                    topics: [.init(name: TopicName("c"), partitionIndexes: [0, 2])])
        let states1 = StopReplicaHandler.topicStates(v1, version: 1)
        #expect(states1.count == 1 && states1[0].topicName == TopicName("c"))
        #expect(states1[0].partitionStates.map(\.partitionIndex) == [0, 2])
        #expect(states1[0].partitionStates.allSatisfy { !$0.deletePartition && $0.leaderEpoch == -1 })

        let v3 = StopReplicaRequest(topicStates: [.init(topicName: TopicName("d"), partitionStates: [
            .init(partitionIndex: 4, leaderEpoch: 7, deletePartition: true),
        ])])
        #expect(StopReplicaHandler.topicStates(v3, version: 3) == v3.topicStates)
    }
}
