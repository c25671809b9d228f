import GroupCoordinator
import KafkaModel
import Logging
import NIOCore
import Testing

/// A coordinator leading every offsets partition, over an in-memory log and a manual clock.
struct Harness {
    static let partitionCount: Int32 = 4

    let clock: ManualGroupClock
    let log: InMemoryGroupLog
    let coordinator: GroupCoordinator
    let config: GroupCoordinatorConfig

    init(
        config: GroupCoordinatorConfig = Harness.defaultConfig(), log: InMemoryGroupLog = InMemoryGroupLog(),
        clock: ManualGroupClock = ManualGroupClock()
    ) async throws {
        self.config = config
        self.clock = clock
        self.log = log
        var logger = Logger(label: "tributary.groups.test")
        logger.logLevel = .error
        coordinator = GroupCoordinator(config: config, log: log, clock: clock, logger: logger)
        for partition in 0..<config.offsetsTopicPartitionCount {
            try await coordinator.becameLeader(ofPartition: partition)
        }
    }

    static func defaultConfig() -> GroupCoordinatorConfig {
        var config = GroupCoordinatorConfig()
        config.offsetsTopicPartitionCount = partitionCount
        return config
    }

    /// Moves time and fires what is due.
    func advance(byMs milliseconds: Int64) async {
        clock.advance(byMs: milliseconds)
        await coordinator.runDueTimers()
    }

    func describe(_ groupID: String = "g") async -> GroupDescription {
        await coordinator.describeGroups([groupID])[0]
    }

    /// Waits (briefly, in real time) until `count` members are known, i.e. concurrent JoinGroup calls arrived.
    func waitForMembers(_ count: Int, in groupID: String = "g") async throws {
        try await eventually { await describe(groupID).members.count == count }
    }

    func offsetsPartition(of groupID: String) -> Int32 {
        OffsetsPartitioner.partition(for: groupID, partitionCount: config.offsetsTopicPartitionCount)
    }
}

/// Polls a condition until it holds, failing after a real-time deadline.
func eventually(
    within milliseconds: Int = 5_000, sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () async throws -> Bool
) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now + .milliseconds(milliseconds)
    while clock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(1))
    }
    Issue.record("condition not met within \(milliseconds) ms", sourceLocation: sourceLocation)
    throw EventuallyTimeout()
}

struct EventuallyTimeout: Error {}

/// A consumer-protocol JoinGroup request.
func joinRequest(
    group: String = "g", memberID: String = "", instance: String? = nil, client: String = "client",
    sessionTimeoutMs: Int32 = 10_000, rebalanceTimeoutMs: Int32 = 30_000,
    protocols: [(name: String, topics: [String])] = [("range", ["orders"])], requireKnownMemberID: Bool = false
) -> GroupJoinRequest {
    GroupJoinRequest(
        groupID: group, memberID: memberID, groupInstanceID: instance, clientID: client, clientHost: "/10.0.0.1",
        rebalanceTimeoutMs: rebalanceTimeoutMs, sessionTimeoutMs: sessionTimeoutMs, protocolType: "consumer",
        protocols: protocols.map {
            GroupProtocol(name: $0.name, metadata: ConsumerProtocolSubscription.encode(topics: $0.topics))
        },
        requireKnownMemberID: requireKnownMemberID)
}

func bytes(hex: String) -> [UInt8] {
    let digits = hex.filter { !$0.isWhitespace }.map { UInt8(String($0), radix: 16)! }
    return stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
}

func hexString(_ buffer: ByteBuffer) -> String {
    buffer.readableBytesView.map { byte in
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }.joined()
}

func tp(_ topic: String, _ partition: Int32) -> TopicPartition {
    TopicPartition(TopicName(topic), PartitionIndex(partition))
}

extension ByteBuffer {
    init(_ string: String) { self.init(string: string) }
}
