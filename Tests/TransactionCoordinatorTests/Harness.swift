import KafkaModel
import KafkaProtocol
import NIOConcurrencyHelpers
import NIOCore
import TransactionCoordinator

/// An in-memory `__transaction_state`: appended records kept per partition, failures injectable.
final class MemoryTransactionLog: TransactionLog {
    // Safe to share: every field sits behind the lock.
    private let state = NIOLockedValueBox<(records: [Int32: [(key: ByteBuffer, value: ByteBuffer?)]], failing: Error?)>(
        ([:], nil))

    func append(partition: Int32, records: [(key: ByteBuffer, value: ByteBuffer?)]) async throws {
        try state.withLockedValue { state in
            if let failure = state.failing { throw failure }
            state.records[partition, default: []] += records
        }
    }

    func readAll(partition: Int32) async throws -> [(key: ByteBuffer, value: ByteBuffer?)] {
        state.withLockedValue { $0.records[partition] ?? [] }
    }

    func fail(with error: Error?) { state.withLockedValue { $0.failing = error } }

    /// The states written for `id`, in order (nil for a tombstone).
    func states(of id: String, partition: Int32 = 0) throws -> [TransactionState?] {
        try state.withLockedValue { $0.records[partition] ?? [] }.compactMap { record in
            guard try TransactionLogRecord.decodeKey(record.key) == id else { return nil }
            return try record.value.map { try TransactionLogRecord.decodeValue($0, transactionalID: id).state }
                ?? TransactionState?.none
        }
    }
}

/// Producer ids counting up from 1000.
final class CountingProducerIDs: ProducerIDSource {
    private let next = NIOLockedValueBox<Int64>(1000)
    func nextProducerID() async throws -> Int64 {
        next.withLockedValue { value in
            defer { value += 1 }
            return value
        }
    }
}

/// Marker sends recorded; answered `written` unless told to hold them.
final class RecordingMarkers: TransactionMarkerWriter {
    private let state = NIOLockedValueBox<(sent: [TransactionMarkers], hold: Bool)>(([], false))

    func write(_ markers: TransactionMarkers, isCurrent: @escaping @Sendable () async -> Bool) async
        -> TransactionMarkerOutcome
    {
        state.withLockedValue { $0.sent.append(markers) }
        while state.withLockedValue({ $0.hold }) {
            guard await isCurrent() else { return .abandoned }
            try? await Task.sleep(nanoseconds: 1_000_000)
        }
        return .written
    }

    var sent: [TransactionMarkers] { state.withLockedValue { $0.sent } }
    func hold(_ hold: Bool) { state.withLockedValue { $0.hold = hold } }
}

final class ManualClock: Sendable {
    private let now = NIOLockedValueBox<Int64>(1_700_000_000_000)
    var nowMs: Int64 { now.withLockedValue { $0 } }
    func advance(byMs ms: Int64) { now.withLockedValue { $0 += ms } }
}

struct Harness {
    let log: MemoryTransactionLog
    let markers = RecordingMarkers()
    let clock: ManualClock
    let coordinator: TransactionCoordinator

    /// A coordinator leading the single `__transaction_state` partition 0 with `coordinatorEpoch`.
    init(log: MemoryTransactionLog = MemoryTransactionLog(), clock: ManualClock = ManualClock(),
         coordinatorEpoch: Int32 = 5, config: TransactionCoordinatorConfig = TransactionCoordinatorConfig()) async throws {
        self.log = log
        self.clock = clock
        coordinator = TransactionCoordinator(
            config: config, log: log, producerIDs: CountingProducerIDs(), markers: markers, partitioner: { _ in 0 },
            nowMs: { clock.nowMs })
        try await coordinator.becameLeader(ofPartition: 0, coordinatorEpoch: coordinatorEpoch)
    }

    /// Waits until `id` reaches `state` (markers complete in a task of their own).
    func waitFor(_ id: String, _ state: TransactionState) async throws -> Bool {
        for _ in 0..<2_000 {
            if case .success(let metadata) = await coordinator.describe(transactionalID: id), metadata.state == state {
                return true
            }
            try await Task.sleep(nanoseconds: 1_000_000)
        }
        return false
    }
}

func tp(_ topic: String, _ partition: Int32) -> TopicPartition { TopicPartition(TopicName(topic), PartitionIndex(partition)) }
