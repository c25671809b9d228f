import KafkaProtocol

/// Decides whether a request only the controller may send (LeaderAndIsr, UpdateMetadata, StopReplica) comes
/// from the current controller and is meant for this broker's current registration.
///
/// - The controller epoch must equal the one in `/controller_epoch`, not merely be the highest seen: a client
///   that invents a large epoch would otherwise be believed, and every later request of the real controller
///   refused as stale. The epoch is read again from ZooKeeper only when a request names a newer one than known,
///   which happens once per election; concurrent requests share that read.
/// - The broker epoch (KIP-380) must equal the czxid of this broker's registration: a request meant for an
///   earlier life of this broker, or forged without knowing the registration, is refused.
///
/// An actor: its only state is the last epoch read, and the read in flight that callers share.
public actor ControllerRequestFence {
    /// The epoch in `/controller_epoch`, nil before any controller was elected.
    private let readControllerEpoch: @Sendable () async throws -> Int32?
    /// The czxid of this broker's registration, as ZooKeeper last told it.
    private let readBrokerEpoch: @Sendable () async -> Int64
    private var knownControllerEpoch: Int32?
    private var refreshing: Task<Int32?, any Error>?

    public init(readControllerEpoch: @escaping @Sendable () async throws -> Int32?,
         readBrokerEpoch: @escaping @Sendable () async -> Int64) {
        self.readControllerEpoch = readControllerEpoch
        self.readBrokerEpoch = readBrokerEpoch
    }

    /// NONE when the request may be applied; STALE_CONTROLLER_EPOCH or STALE_BROKER_EPOCH when not.
    /// `brokerEpoch` nil: a request version from before KIP-380 carries none, and Kafka then checks the controller
    /// epoch alone.
    public func admit(controllerEpoch: Int32, brokerEpoch: Int64?) async -> KafkaErrorCode {
        guard await isCurrent(controllerEpoch: controllerEpoch) else { return .staleControllerEpoch }
        if let brokerEpoch, brokerEpoch != (await readBrokerEpoch()) { return .staleBrokerEpoch }
        return .none
    }

    private func isCurrent(controllerEpoch: Int32) async -> Bool {
        if let known = knownControllerEpoch, controllerEpoch <= known { return controllerEpoch == known }
        // Newer than known (or nothing known yet): only ZooKeeper can say whether that controller exists.
        if let shared = refreshing, await read(shared) == controllerEpoch { return true }
        // A shared read may have started before this controller's election committed: read once more, alone.
        return await read(startRead()) == controllerEpoch
    }

    private func startRead() -> Task<Int32?, any Error> {
        let read = readControllerEpoch
        let task = Task { try await read() }
        refreshing = task
        return task
    }

    private func read(_ task: Task<Int32?, any Error>) async -> Int32? {
        let current = try? await task.value
        if refreshing == task { refreshing = nil }
        if let current { knownControllerEpoch = max(knownControllerEpoch ?? current, current) }
        return current
    }
}
