import ClusterMetadata
import KafkaModel
import TestSupport
import ZooKeeperClient

/// A fresh chroot on the shared server, and the sessions and brokers a test opens in it.
actor ClusterTestContext {
    let server: ZooKeeperServer
    let connectString: String
    private var sessions: [ZooKeeperSession] = []
    private var memberships: [BrokerMembership] = []

    init() async throws {
        server = try await ZooKeeperServer.shared()
        connectString = try await server.makeChroot(prefix: "cluster")
    }

    var configuration: ZooKeeperClient.Configuration {
        server.configuration(chrootedConnectString: connectString)
    }

    func session() async throws -> ZooKeeperSession {
        let session = ZooKeeperSession(configuration: configuration, retryDelay: .milliseconds(100))
        try await session.start()
        sessions.append(session)
        return session
    }

    func store() async throws -> ClusterMetadataStore {
        ClusterMetadataStore(try await session().client())
    }

    /// A broker with one PLAINTEXT endpoint, registered and electing in its own session.
    func broker(_ id: Int32) async throws -> TestBroker {
        let session = try await session()
        try await ClusterMetadataStore(session.client()).ensurePersistentPaths()  // as a broker does first
        let membership = BrokerMembership(session: session, registration: Self.registration(id),
                                          retryDelay: .milliseconds(100))
        let events = await membership.events()
        try await membership.start()
        memberships.append(membership)
        return TestBroker(session: session, membership: membership, events: RoleRecorder(events))
    }

    static func registration(_ id: Int32) -> BrokerIDZNode {
        BrokerIDZNode(id: BrokerID(id),
                      endpoints: [BrokerIDZNode.Endpoint(listenerName: "PLAINTEXT", host: "127.0.0.1",
                                                         port: 9000 + id)],
                      timestamp: 0)
    }

    func closeAll() async {
        for membership in memberships { await membership.stop() }
        for session in sessions { await session.close() }
    }
}

struct TestBroker {
    let session: ZooKeeperSession
    let membership: BrokerMembership
    let events: RoleRecorder

    var id: BrokerID { membership.brokerID }

    func isController() async -> Bool {
        if case .controller = await membership.role { return true }
        return false
    }

    func fence() async -> ControllerEpochVersion? {
        if case .controller(let fence) = await membership.role { return fence }
        return nil
    }

    func activeController() async -> BrokerID? {
        if case .follower(let active) = await membership.role { return active }
        return nil
    }
}

/// Keeps every role event, so tests can wait for one and check what came before.
actor RoleRecorder {
    private(set) var seen: [BrokerMembership.Event] = []

    init(_ events: AsyncStream<BrokerMembership.Event>) {
        Task { await self.consume(events) }
    }

    private func consume(_ events: AsyncStream<BrokerMembership.Event>) async {
        for await event in events { seen.append(event) }
    }

    func contains(where predicate: (BrokerMembership.Event) -> Bool) -> Bool { seen.contains(where: predicate) }
}
