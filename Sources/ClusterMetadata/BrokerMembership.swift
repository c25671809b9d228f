import Foundation
import KafkaModel
import Logging
import ZooKeeperClient

/// A broker's place in the cluster across ZooKeeper sessions: its registration under `/brokers/ids` and the
/// controller election (Kafka's `KafkaController.elect`).
///
/// All work runs on one task consuming one event at a time (session established or expired, `/controller`
/// changed), as Kafka's controller event thread does. Election:
/// 1. read `/controller` (arming a watch); if someone holds it, note them and stop;
/// 2. read `/controller_epoch` (E, version V), creating it as `0` if absent;
/// 3. `multi{create EPHEMERAL /controller; setData /controller_epoch = E+1 at version V}`;
/// 4. success → controller with epoch E+1 and the setData's version; NODEEXISTS/BADVERSION → re-read: if
///    `/controller` names this broker in this session and the epoch is E+1, the multi did succeed; otherwise
///    another broker won.
/// When the watch reports `/controller` changed, a controller that lost it resigns; if it is gone, everyone
/// elects again. On session expiry the controller resigns at once; once the new session is up the broker
/// registers again (new broker epoch) and elects — it cannot take the role while another broker holds it.
///
/// An expired session's ephemerals can outlive the expiry the client was told of by up to a session timeout:
/// when the ensemble elects a new leader meanwhile (the whole ensemble was stopped, say), that leader revives
/// every session from its snapshot until it times out again. Waiting that out would leave the broker
/// unregistered, and `/controller` naming a controller that no longer acts, for a whole session timeout. So a
/// registration or a `/controller` claim still held by one of this broker's own expired sessions is deleted and
/// made again in the new session — nobody else can be relying on it.
public actor BrokerMembership {
    /// What this broker learns about its role.
    public enum Event: Sendable, Hashable {
        /// Registered under `/brokers/ids/<id>` with this broker epoch (czxid); again after each new session.
        case registered(brokerEpoch: Int64)
        /// This broker is the controller; every controller write must be fenced with `fence`.
        case becameController(ControllerEpochVersion)
        /// This broker is no longer the controller (another won, or its session expired).
        case resigned
        /// The active controller is now this broker id (another broker), or `nil` while there is none/unknown.
        case activeController(BrokerID?)
    }

    /// The role as last known.
    public enum Role: Sendable, Hashable {
        case controller(ControllerEpochVersion)
        case follower(activeController: BrokerID?)
    }

    private enum Work: Sendable {
        case established(ZooKeeperClient, generation: Int)
        case expired(generation: Int)
        case controllerChanged(generation: Int)
        case retryElection(generation: Int)
    }

    public nonisolated let brokerID: BrokerID
    private let session: ZooKeeperSession
    private var registration: BrokerIDZNode
    private let logger: Logger
    private let retryDelay: Duration
    /// The client `start()` registered with.
    private var registeredClient: ObjectIdentifier?

    private var store: ClusterMetadataStore?
    private var generation = 0
    private var registeredGeneration = 0
    private var controllerWatchArmed = false
    /// The id of the session `store` belongs to, read when it was established.
    private var currentSessionID: Int64 = 0
    /// This broker's sessions that ZooKeeper expired; whatever ephemerals they still hold are stale.
    private var expiredSessions: Set<Int64> = []
    public private(set) var role: Role = .follower(activeController: nil)
    public private(set) var brokerEpoch: Int64?

    private var work: AsyncStream<Work>.Continuation?
    private var loop: Task<Void, Never>?
    private var sessionFeed: Task<Void, Never>?
    private var subscribers: [Int: AsyncStream<Event>.Continuation] = [:]
    private var nextSubscriberID = 0

    /// - Parameters:
    ///   - session: a started session; this broker's ephemerals live in it.
    ///   - registration: what to write under `/brokers/ids/<id>` (its timestamp is refreshed at each registration).
    ///   - retryDelay: pause before retrying a registration or election that failed for a ZooKeeper reason.
    public init(
        session: ZooKeeperSession, registration: BrokerIDZNode, retryDelay: Duration = .milliseconds(500),
        logger: Logger = Logger(label: "tributary.zookeeper")
    ) {
        self.brokerID = registration.id
        self.session = session
        self.registration = registration
        self.retryDelay = retryDelay
        self.logger = logger
    }

    /// Registers the broker in the current session, then starts electing and following session changes.
    /// - Throws: `ClusterMetadataError.brokerAlreadyRegistered` if another live broker has this id;
    ///   `ZooKeeperError` if ZooKeeper cannot be reached.
    public func start() async throws {
        precondition(loop == nil, "BrokerMembership.start() called twice")
        let sessionEvents = await session.events()
        let client = try await session.client()
        let store = ClusterMetadataStore(client)
        currentSessionID = client.sessionID
        try await register(with: store)
        self.store = store
        // The session replays its current `established` event to new subscribers: that session is the one
        // just registered in, so it needs no second registration, only the election.
        registeredClient = ObjectIdentifier(client)

        let (stream, continuation) = AsyncStream.makeStream(of: Work.self)
        work = continuation
        loop = Task { [weak self] in
            for await item in stream { await self?.handle(item) }
        }
        sessionFeed = Task {
            for await event in sessionEvents {
                switch event {
                case .established(let client, let generation):
                    continuation.yield(.established(client, generation: generation))
                case .expired(let generation):
                    continuation.yield(.expired(generation: generation))
                case .closed:
                    continuation.finish()
                case .disconnected, .reconnected:
                    break
                }
            }
        }
    }

    /// Stops following the cluster; a controller reports `resigned`. The session is left to its owner, whose
    /// `close()` removes the registration and `/controller`.
    public func stop() {
        sessionFeed?.cancel()
        work?.finish()
        loop?.cancel()
        if case .controller = role {
            role = .follower(activeController: nil)
            publish(.resigned)
        }
        for subscriber in subscribers.values { subscriber.finish() }
        subscribers = [:]
    }

    /// Role changes. The stream starts with the current role (`becameController`, or `activeController` when
    /// known) and the broker epoch when registered.
    public func events() -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self)
        if let brokerEpoch { continuation.yield(.registered(brokerEpoch: brokerEpoch)) }
        switch role {
        case .controller(let fence): continuation.yield(.becameController(fence))
        case .follower(let active?): continuation.yield(.activeController(active))
        case .follower(nil): break
        }
        let id = nextSubscriberID
        nextSubscriberID += 1
        subscribers[id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.unsubscribe(id) }
        }
        return stream
    }

    /// Gives up the controller role on purpose (Kafka does this after an internal error): deletes
    /// `/controller` with an epoch check, which makes every broker elect again.
    public func abdicate() async throws {
        guard case .controller(let fence) = role, let store else { return }
        role = .follower(activeController: nil)
        publish(.resigned)
        _ = try await store.epochCheckedMulti([.delete(path: ControllerZNode.path, version: -1)], fence: fence)
    }

    // MARK: Event handling (one at a time)

    private func handle(_ item: Work) async {
        switch item {
        case .established(let client, let established):
            guard established >= generation else { return }
            generation = established
            controllerWatchArmed = false
            let store = ClusterMetadataStore(client)
            self.store = store
            currentSessionID = client.sessionID
            if registeredGeneration != established && registeredClient != ObjectIdentifier(client) {
                do {
                    try await register(with: store)
                } catch {
                    logger.error("broker registration failed", metadata: ["error": "\(error)"])
                    scheduleRetry(.established(client, generation: established))
                    return
                }
            }
            registeredGeneration = established
            await elect()
        case .expired(let expired):
            guard expired == generation else { return }
            // Kafka's Expire event: resign before the new session exists.
            if currentSessionID != 0 { expiredSessions.insert(currentSessionID) }
            currentSessionID = 0
            store = nil
            brokerEpoch = nil
            controllerWatchArmed = false
            if case .controller = role { publish(.resigned) }
            role = .follower(activeController: nil)
            publish(.activeController(nil))
        case .controllerChanged(let changed):
            guard changed == generation else { return }
            controllerWatchArmed = false
            await elect()
        case .retryElection(let retry):
            guard retry == generation else { return }
            await elect()
        }
    }

    private func register(with store: ClusterMetadataStore) async throws {
        registration.timestamp = Self.nowMilliseconds()
        let epoch: Int64
        do {
            epoch = try await store.registerBroker(registration)
        } catch ClusterMetadataError.brokerAlreadyRegistered(_, let owner) where expiredSessions.contains(owner) {
            // Our own registration from a session ZooKeeper expired, not yet removed by the ensemble.
            try await deleteStale(BrokerIDZNode.path(brokerID), ownedBy: owner, in: store)
            epoch = try await store.registerBroker(registration)
        }
        brokerEpoch = epoch
        registeredGeneration = max(registeredGeneration, generation)
        logger.info("registered broker", metadata: ["broker": "\(brokerID)", "epoch": "\(epoch)"])
        publish(.registered(brokerEpoch: epoch))
    }

    /// Reads `/controller` (re-arming its watch) and runs the election if nobody holds it.
    private func elect() async {
        guard let store else { return }
        let electedIn = generation
        do {
            if let holder = try await store.controller(watcher: controllerWatcher()) {
                if holder.brokerID == brokerID {
                    if case .controller = role { return }  // our own claim (the watch saw us create it)
                    // Ours from this session, but unknown here: a multi whose answer was lost. Adopt it.
                    if let node = try await store.dataIfExists(ControllerZNode.path),
                       node.stat.ephemeralOwner == store.zooKeeper.sessionID,
                       let fence = try await store.controllerEpoch()
                    {
                        becomeController(fence, in: electedIn)
                        return
                    }
                    // Ours from an expired session: no controller acts on it. Remove it and elect again.
                    if try await deleteStaleControllerClaim(in: store) {
                        await elect()
                        return
                    }
                }
                observe(holder: holder.brokerID, store: store)
                return
            }
            let fence = try await ensureControllerEpoch(store)
            // The epoch comes from ZooKeeper and may be anything: at Int32.max no election can win.
            let (bumped, overflow) = fence.epoch.rawValue.addingReportingOverflow(1)
            guard !overflow else { throw ClusterMetadataError.controllerEpochExhausted }
            let next = ControllerEpoch(bumped)
            let claim = ControllerZNode(brokerID: brokerID, timestamp: Self.nowMilliseconds())
            do {
                let results = try await store.zooKeeper.multi([
                    .create(path: ControllerZNode.path, data: claim.encoded(), mode: .ephemeral),
                    .setData(path: ControllerEpochZNode.path, data: ControllerEpochZNode.encode(next),
                             version: fence.epochZkVersion),
                ])
                guard results.count == 2, case .dataSet(let stat) = results[1] else {
                    throw ClusterMetadataError.unexpectedMultiResult
                }
                becomeController(ControllerEpochVersion(epoch: next, epochZkVersion: stat.version), in: electedIn)
            } catch let error as ZooKeeperError where error.code == .nodeExists || error.code == .badVersion {
                // Lost the race — or won it before a connection loss hid the answer: look again.
                let holder = try await store.dataIfExists(ControllerZNode.path)
                let current = try await store.controllerEpoch()
                if let holder, holder.stat.ephemeralOwner == store.zooKeeper.sessionID,
                   try ControllerZNode.decode(holder.data).brokerID == brokerID, let current, current.epoch == next
                {
                    becomeController(current, in: electedIn)
                } else {
                    let holderID = try holder.map { try ControllerZNode.decode($0.data).brokerID }
                    observe(holder: holderID, store: store)
                    if holderID == nil { scheduleRetry(.retryElection(generation: electedIn)) }
                }
            }
        } catch {
            logger.warning("controller election failed; retrying", metadata: ["error": "\(error)"])
            scheduleRetry(.retryElection(generation: electedIn))
        }
    }

    /// Deletes `path` if it is still an ephemeral of `owner`, one of this broker's expired sessions.
    private func deleteStale(_ path: String, ownedBy owner: Int64, in store: ClusterMetadataStore) async throws {
        guard let node = try await store.dataIfExists(path), node.stat.ephemeralOwner == owner else { return }
        do {
            try await store.zooKeeper.delete(path, expectedVersion: node.stat.version)
            logger.info("deleted what an expired session of this broker still held", metadata: [
                "path": "\(path)", "session": "0x\(String(UInt64(bitPattern: owner), radix: 16))"])
        } catch let error as ZooKeeperError where error.code == .noNode {}
    }

    /// Deletes `/controller` if one of this broker's expired sessions holds it; whether it did. The delete is
    /// checked against `/controller_epoch`'s version, so a claim made by a newer election is never removed.
    private func deleteStaleControllerClaim(in store: ClusterMetadataStore) async throws -> Bool {
        guard let fence = try await store.controllerEpoch(),
              let node = try await store.dataIfExists(ControllerZNode.path),
              expiredSessions.contains(node.stat.ephemeralOwner)
        else { return false }
        do {
            _ = try await store.epochCheckedMulti([.delete(path: ControllerZNode.path, version: node.stat.version)],
                                                  fence: fence)
        } catch ClusterMetadataError.controllerMoved {
            return false  // another election happened meanwhile; its claim stands
        } catch let error as ZooKeeperError where error.code == .noNode || error.code == .badVersion {
            return false
        }
        logger.info("deleted the controller claim of an expired session of this broker", metadata: [
            "session": "0x\(String(UInt64(bitPattern: node.stat.ephemeralOwner), radix: 16))", "fence": "\(fence)"])
        return true
    }

    /// `/controller_epoch`, created as `0` by the first election.
    private func ensureControllerEpoch(_ store: ClusterMetadataStore) async throws -> ControllerEpochVersion {
        if let fence = try await store.controllerEpoch() { return fence }
        do {
            try await store.zooKeeper.create(ControllerEpochZNode.path, data: ControllerEpochZNode.encode(ControllerEpoch(0)))
        } catch let error as ZooKeeperError where error.code == .nodeExists {}
        guard let fence = try await store.controllerEpoch() else {
            throw ZooKeeperError(code: .noNode, operation: "getData", path: ControllerEpochZNode.path)
        }
        return fence
    }

    private func becomeController(_ fence: ControllerEpochVersion, in electedIn: Int) {
        guard electedIn == generation else { return }
        // The broker logs the election once, at info, when it takes the event this publishes.
        logger.debug("won the controller election", metadata: ["broker": "\(brokerID)", "fence": "\(fence)"])
        role = .controller(fence)
        publish(.becameController(fence))
    }

    /// Someone (maybe nobody) holds `/controller`: resign if it was us, and report the holder.
    private func observe(holder: BrokerID?, store: ClusterMetadataStore) {
        if case .controller = role {
            // We were controller, and `/controller` is no longer ours (or is gone).
            role = .follower(activeController: holder)
            publish(.resigned)
        }
        if case .follower(let known) = role, known == holder, holder != nil { return }
        role = .follower(activeController: holder)
        publish(.activeController(holder))
    }

    /// A one-shot watch on `/controller` feeding the event queue, unless one is already armed this session.
    private func controllerWatcher() -> ZooKeeperWatcher? {
        guard !controllerWatchArmed, let work else { return nil }
        controllerWatchArmed = true
        let armedIn = generation
        return { event in
            if case .sessionEnded = event.kind { return }
            work.yield(.controllerChanged(generation: armedIn))
        }
    }

    private func scheduleRetry(_ item: Work) {
        guard let work else { return }
        let delay = retryDelay
        Task {
            try? await Task.sleep(for: delay)
            work.yield(item)
        }
    }

    private func publish(_ event: Event) {
        for subscriber in subscribers.values { subscriber.yield(event) }
    }

    private func unsubscribe(_ id: Int) { subscribers[id] = nil }

    private static func nowMilliseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
