import KafkaModel
import Logging
import NIOCore

/// Kafka's consumer-group coordinator, without the wire protocol: the broker's request handlers map
/// JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit, OffsetFetch, ListGroups, DescribeGroups,
/// DeleteGroups and OffsetDelete onto these methods, and durability goes through `GroupLog`.
///
/// One actor holds every group of the offsets partitions this broker leads. Operations read, decide and
/// mutate with no `await` in between; held JoinGroup and SyncGroup calls are continuations stored on their
/// member and answered by later calls or timers. Writes whose outcome decides an answer (a leader's
/// assignment, a static member's new id, commits) are awaited before answering; other writes (a group
/// becoming empty, expiry tombstones) are queued and flushed in order before the operation returns.
///
/// Time comes from a `GroupClock`; `runDueTimers()` ends join phases and expires sessions (`run()` calls it
/// every few milliseconds), so tests drive time by hand.
public actor GroupCoordinator {
    /// How long a new member may wait in JoinGroup before it is dropped (Kafka's `NewMemberJoinTimeoutMs`).
    static let newMemberJoinTimeoutMs: Int64 = 300_000

    enum PartitionOwnership: Equatable {
        case loading(UInt64)
        case loaded
    }

    let config: GroupCoordinatorConfig
    let log: any GroupLog
    let clock: any GroupClock
    let logger: Logger

    var groups: [String: ConsumerGroup] = [:]
    var ownership: [Int32: PartitionOwnership] = [:]
    var nextLoadToken: UInt64 = 0
    /// Transaction markers that reached an offsets partition while it was loading, applied once it has loaded
    /// (the load may have read the log before they were appended).
    var completionsWhileLoading: [Int32: [(producerID: Int64, commit: Bool)]] = [:]
    /// Records whose outcome answers no request, written in order by `flushOutbox()`.
    var outbox: [(partition: Int32, records: [(key: ByteBuffer, value: ByteBuffer?)])] = []
    var isFlushing = false
    /// Rebalances started (join phases prepared), for `GroupCounts`.
    var rebalancesStarted: UInt64 = 0

    /// - Parameters:
    ///   - config: timeouts, limits and the offsets topic's partition count.
    ///   - log: the `__consumer_offsets` partitions.
    ///   - clock: wall-clock time; `SystemGroupClock` in the broker, `ManualGroupClock` in tests.
    ///   - logger: where rebalances and failures are reported.
    public init(
        config: GroupCoordinatorConfig = GroupCoordinatorConfig(), log: any GroupLog,
        clock: any GroupClock = SystemGroupClock(), logger: Logger = Logger(label: "tributary.groups")
    ) {
        self.config = config
        self.log = log
        self.clock = clock
        self.logger = logger
    }

    /// The `__consumer_offsets` partition that holds `groupID`; its leader is the group's coordinator.
    public nonisolated func partitionFor(groupID: String) -> Int32 {
        OffsetsPartitioner.partition(for: groupID, partitionCount: config.offsetsTopicPartitionCount)
    }

    // MARK: Checks shared by every operation

    /// Kafka's `validateGroupStatus`: a valid id, a partition this broker leads, loaded.
    /// - Parameter allowEmptyID: OffsetCommit, OffsetFetch, DescribeGroups and DeleteGroups accept "".
    func checkGroupStatus(_ groupID: String, allowEmptyID: Bool = false) -> GroupErrorCode? {
        if groupID.isEmpty && !allowEmptyID { return .invalidGroupID }
        // Records store the id with an int16 length; a longer one (possible in flexible versions) cannot be kept.
        if groupID.utf8.count > Int(Int16.max) { return .invalidGroupID }
        switch ownership[partitionFor(groupID: groupID)] {
        case nil: return .notCoordinator
        case .loading: return .coordinatorLoadInProgress
        case .loaded: return nil
        }
    }

    /// The most client id bytes a member id keeps: with a dash, a 36-character UUID and a possible replacement
    /// character for a cut code point it stays under `Int16.max` bytes.
    static let maxClientIDInMemberID = 32_000

    /// A fresh member id: the client id, a dash and a random UUID, as Kafka builds them.
    func makeMemberID(clientID: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        let hex = String(high, radix: 16).leftPadded(to: 16) + String(low, radix: 16).leftPadded(to: 16)
        let characters = Array(hex)
        let uuid = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
        // The id is stored with an int16 length: keep the client id part short enough for the whole to fit.
        let prefix = clientID.utf8.count <= Self.maxClientIDInMemberID
            ? clientID : String(decoding: clientID.utf8.prefix(Self.maxClientIDInMemberID), as: UTF8.self)
        return "\(prefix)-\(uuid)"
    }

    // MARK: Writing records

    func groupRecord(_ group: ConsumerGroup, assignments: [String: ByteBuffer]) -> (key: ByteBuffer, value: ByteBuffer?)
    {
        (
            OffsetsRecordKey.groupMetadata(group: group.id).encoded(),
            group.metadataValue(assignments: assignments).encoded()
        )
    }

    /// Appends and maps a failure to the error clients see.
    func append(partition: Int32, records: [(key: ByteBuffer, value: ByteBuffer?)]) async -> GroupErrorCode {
        do {
            try await log.append(partition: partition, records: records)
            return .noError
        } catch {
            logger.warning("appending \(records.count) records to offsets partition \(partition) failed: \(error)")
            return GroupErrorCode(appendFailure: error)
        }
    }

    /// Queues records whose outcome answers no request.
    func enqueue(partition: Int32, records: [(key: ByteBuffer, value: ByteBuffer?)]) {
        guard !records.isEmpty else { return }
        outbox.append((partition, records))
    }

    /// Writes queued records in order; a flush already running writes what is queued meanwhile.
    func flushOutbox() async {
        guard !isFlushing else { return }
        isFlushing = true
        defer { isFlushing = false }
        while !outbox.isEmpty {
            let next = outbox.removeFirst()
            _ = await append(partition: next.partition, records: next.records)
        }
    }

    /// The group still held under `id`, if it is the very object an operation started with.
    func group(_ id: String, identity: ObjectIdentifier) -> ConsumerGroup? {
        guard let group = groups[id], ObjectIdentifier(group) == identity else { return nil }
        return group
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
