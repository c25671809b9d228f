import Broker
import KafkaProtocol
import NIOConcurrencyHelpers
import Testing

/// Which LeaderAndIsr, UpdateMetadata and StopReplica requests a broker applies.
@Suite struct ControllerRequestFenceTests {
    /// A stand-in for ZooKeeper's `/controller_epoch` and this broker's registration, counting epoch reads.
    final class Cluster: Sendable {
        let controllerEpoch = NIOLockedValueBox<Int32?>(5)
        let brokerEpoch = NIOLockedValueBox<Int64>(4242)
        let reads = NIOLockedValueBox(0)

        func fence() -> ControllerRequestFence {
            ControllerRequestFence(
                readControllerEpoch: {
                    self.reads.withLockedValue { $0 += 1 }
                    return self.controllerEpoch.withLockedValue { $0 }
                },
                readBrokerEpoch: { self.brokerEpoch.withLockedValue { $0 } })
        }
    }

    @Test func theCurrentControllerIsAdmittedAndZooKeeperIsReadOncePerEpoch() async {
        let cluster = Cluster()
        let fence = cluster.fence()
        for _ in 0..<3 {
            #expect(await fence.admit(controllerEpoch: 5, brokerEpoch: 4242) == .none)
        }
        #expect(cluster.reads.withLockedValue { $0 } == 1)
    }

    @Test func anInventedNewerEpochIsRefusedAndDoesNotFenceTheRealController() async {
        let cluster = Cluster()
        let fence = cluster.fence()
        #expect(await fence.admit(controllerEpoch: 1_005, brokerEpoch: 4242) == .staleControllerEpoch)
        #expect(await fence.admit(controllerEpoch: Int32.max, brokerEpoch: 4242) == .staleControllerEpoch)
        #expect(await fence.admit(controllerEpoch: 5, brokerEpoch: 4242) == .none,
                "the real controller is still believed after a forged higher epoch")
    }

    @Test func anOlderControllerIsRefusedWithoutAskingZooKeeper() async {
        let cluster = Cluster()
        let fence = cluster.fence()
        #expect(await fence.admit(controllerEpoch: 5, brokerEpoch: 4242) == .none)
        #expect(await fence.admit(controllerEpoch: 4, brokerEpoch: 4242) == .staleControllerEpoch)
        #expect(cluster.reads.withLockedValue { $0 } == 1)
    }

    @Test func aNewlyElectedControllerIsAdmittedOnceZooKeeperShowsItsEpoch() async {
        let cluster = Cluster()
        let fence = cluster.fence()
        #expect(await fence.admit(controllerEpoch: 5, brokerEpoch: 4242) == .none)
        cluster.controllerEpoch.withLockedValue { $0 = 6 }
        #expect(await fence.admit(controllerEpoch: 6, brokerEpoch: 4242) == .none)
        #expect(await fence.admit(controllerEpoch: 5, brokerEpoch: 4242) == .staleControllerEpoch,
                "the previous controller is fenced once the new one was seen")
    }

    @Test func aRequestForAnotherRegistrationOfThisBrokerIsRefused() async {
        let cluster = Cluster()
        let fence = cluster.fence()
        #expect(await fence.admit(controllerEpoch: 5, brokerEpoch: 4241) == .staleBrokerEpoch)
        #expect(await fence.admit(controllerEpoch: 5, brokerEpoch: -1) == .staleBrokerEpoch)
        cluster.brokerEpoch.withLockedValue { $0 = 5000 }
        #expect(await fence.admit(controllerEpoch: 5, brokerEpoch: 4242) == .staleBrokerEpoch)
        #expect(await fence.admit(controllerEpoch: 5, brokerEpoch: 5000) == .none)
    }

    @Test func withoutAnElectedControllerOrWithZooKeeperUnreachableNothingIsAdmitted() async {
        let cluster = Cluster()
        cluster.controllerEpoch.withLockedValue { $0 = nil }
        let fence = cluster.fence()
        #expect(await fence.admit(controllerEpoch: 0, brokerEpoch: 4242) == .staleControllerEpoch)
        let unreachable = ControllerRequestFence(readControllerEpoch: { throw CancellationError() },
                                                 readBrokerEpoch: { 4242 })
        #expect(await unreachable.admit(controllerEpoch: 5, brokerEpoch: 4242) == .staleControllerEpoch)
    }
}
