import ClusterMetadata
import KafkaModel
import Testing
import TestSupport
import ZooKeeperClient

@Suite("broker registration and controller election", .timeLimit(.minutes(3)))
struct BrokerMembershipTests {
    @Test func persistentPathsAndClusterID() async throws {
        let context = try await ClusterTestContext()
        let store = try await context.store()
        try await store.ensurePersistentPaths()
        try await store.ensurePersistentPaths()  // idempotent
        for path in PersistentZNodes.paths { #expect(try await store.zooKeeper.exists(path) != nil, "\(path)") }
        #expect(try await store.clusterID() == nil)
        let id = try await store.getOrCreateClusterID()
        #expect(id.count == 22)
        let other = try await context.store()
        #expect(try await other.getOrCreateClusterID() == id)
        let raw = try await store.zooKeeper.getData(ClusterIDZNode.path).data
        #expect(try sameJSON(raw, #"{"version":"1","id":"\#(id)"}"#))
        await context.closeAll()
    }

    @Test func registrationWritesKafkaJSONAndReturnsTheBrokerEpoch() async throws {
        let context = try await ClusterTestContext()
        let store = try await context.store()
        try await store.ensurePersistentPaths()
        let registration = ClusterTestContext.registration(1)
        let epoch = try await store.registerBroker(registration)
        let node = try await store.zooKeeper.getData(BrokerIDZNode.path(BrokerID(1)))
        #expect(node.stat.czxid == epoch)
        #expect(node.stat.ephemeralOwner == store.zooKeeper.sessionID)
        #expect(try BrokerIDZNode.decode(node.data, id: BrokerID(1)) == registration)
        // The same session registering again (a retry) is accepted with the same epoch.
        #expect(try await store.registerBroker(registration) == epoch)
        #expect(try await store.liveBrokers() == [RegisteredBroker(registration: registration, epoch: epoch)])
        await context.closeAll()
    }

    @Test func sameBrokerIDFromTwoSessionsIsRefused() async throws {
        let context = try await ClusterTestContext()
        let first = try await context.store()
        try await first.ensurePersistentPaths()
        _ = try await first.registerBroker(ClusterTestContext.registration(7))
        let second = try await context.store()
        do {
            _ = try await second.registerBroker(ClusterTestContext.registration(7))
            Issue.record("a second broker registered id 7")
        } catch let error as ClusterMetadataError {
            guard case .brokerAlreadyRegistered(let id, let owner) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(id == BrokerID(7))
            #expect(owner == first.zooKeeper.sessionID)
            #expect(error.description.contains("broker.id 7 is already registered"))
        }
        await context.closeAll()
    }

    @Test func electionHasExactlyOneWinnerAndTheNextTakesOver() async throws {
        let context = try await ClusterTestContext()
        try await context.store().ensurePersistentPaths()
        let brokers = try await withThrowingTaskGroup(of: TestBroker.self) { group in
            for id in Int32(1)...3 { group.addTask { try await context.broker(id) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        try await eventually("one controller and everyone agreeing") {
            var controllers: [BrokerID] = []
            for broker in brokers where await broker.isController() { controllers.append(broker.id) }
            guard controllers.count == 1 else { return false }
            for broker in brokers where broker.id != controllers[0] {
                if await broker.activeController() != controllers[0] { return false }
            }
            return true
        }
        var winner: TestBroker?
        for broker in brokers where await broker.isController() { winner = broker }
        let first = try #require(winner)
        let firstFence = try #require(await first.fence())
        #expect(firstFence.epoch == ControllerEpoch(1))
        let store = try await context.store()
        #expect(try await store.controller()?.brokerID == first.id)
        #expect(try await store.controllerEpoch() == firstFence)

        // The winner's session ends: another broker takes over with the next epoch.
        await first.membership.stop()
        await first.session.close()
        let rest = brokers.filter { $0.id != first.id }
        try await eventually("a new controller") {
            var count = 0
            for broker in rest where await broker.isController() { count += 1 }
            return count == 1
        }
        var next: TestBroker?
        for broker in rest where await broker.isController() { next = broker }
        let second = try #require(next)
        let secondFence = try #require(await second.fence())
        #expect(secondFence.epoch == ControllerEpoch(2))
        #expect(secondFence.epochZkVersion > firstFence.epochZkVersion)
        let loser = try #require(rest.first { $0.id != second.id })
        try await eventually("the loser follows the new controller") { await loser.activeController() == second.id }
        #expect(await first.events.contains { $0 == .becameController(firstFence) })
        await context.closeAll()
    }

    @Test func staleControllerCannotWriteAfterExpiryAndDoesNotRegainTheRole() async throws {
        let context = try await ClusterTestContext()
        try await context.store().ensurePersistentPaths()
        let old = try await context.broker(1)
        try await eventually("broker 1 elected") { await old.isController() }
        let staleFence = try #require(await old.fence())
        let staleClient = try await old.session.client()
        let oldEpoch = await old.membership.brokerEpoch
        let other = try await context.broker(2)
        try await eventually("broker 2 follows 1") { await other.activeController() == old.id }

        try await context.server.expireSession(try #require(staleClient.credentials))

        // The old controller resigns; broker 2 wins the next election.
        try await eventually("broker 1 resigned") { await old.events.contains { $0 == .resigned } }
        try await eventually("broker 2 elected") { await other.isController() }
        let newFence = try #require(await other.fence())
        #expect(newFence.epoch == ControllerEpoch(staleFence.epoch.rawValue + 1))

        // Broker 1 is back in a new session: registered again with a new epoch, following broker 2.
        try await eventually("broker 1 re-registered and following 2") {
            guard let epoch = await old.membership.brokerEpoch, epoch != oldEpoch else { return false }
            return await old.activeController() == other.id
        }
        #expect(await old.isController() == false)

        // Its stale fence cannot write, even from a live session.
        let store = ClusterMetadataStore(try await old.session.client())
        do {
            _ = try await store.epochCheckedMulti([.create(path: "/stale-write", data: nil, mode: .persistent)],
                                                  fence: staleFence)
            Issue.record("a stale controller wrote")
        } catch let error as ClusterMetadataError {
            #expect(error == .controllerMoved)
        }
        #expect(try await store.zooKeeper.exists("/stale-write") == nil)
        _ = try await store.epochCheckedMulti([.create(path: "/fresh-write", data: nil, mode: .persistent)],
                                              fence: newFence)
        #expect(try await store.zooKeeper.exists("/fresh-write") != nil)
        await context.closeAll()
    }

    @Test func abdicatingForcesAReelection() async throws {
        let context = try await ClusterTestContext()
        try await context.store().ensurePersistentPaths()
        let first = try await context.broker(1)
        try await eventually("broker 1 elected") { await first.isController() }
        let second = try await context.broker(2)
        try await eventually("broker 2 follows") { await second.activeController() == first.id }
        try await first.membership.abdicate()
        // Either may win the new election, but the epoch moves on and exactly one holds the role.
        try await eventually("a new election") {
            let firstFence = await first.fence()
            let secondFence = await second.fence()
            let fences = [firstFence, secondFence].compactMap { $0 }
            return fences.count == 1 && fences[0].epoch == ControllerEpoch(2)
        }
        await context.closeAll()
    }
}
