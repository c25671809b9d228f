import GroupCoordinator
import NIOCore

/// `__consumer_offsets` in memory: appends land in arrays, and tests can make writes fail or reads wait.
actor InMemoryGroupLog: GroupLog {
    private(set) var partitions: [Int32: [(key: ByteBuffer, value: ByteBuffer?)]] = [:]
    private var failure: GroupLogError?
    private var readsBlocked = false
    private var blockedReads: [CheckedContinuation<Void, Never>] = []

    func append(partition: Int32, records: [(key: ByteBuffer, value: ByteBuffer?)]) async throws {
        if let failure { throw failure }
        partitions[partition, default: []] += records
    }

    func readAll(partition: Int32) async throws -> [(key: ByteBuffer, value: ByteBuffer?)] {
        if readsBlocked { await withCheckedContinuation { blockedReads.append($0) } }
        return partitions[partition] ?? []
    }

    func records(in partition: Int32) -> [(key: ByteBuffer, value: ByteBuffer?)] { partitions[partition] ?? [] }

    /// Every record, decoded keys with whether the value is a tombstone, in append order.
    func decodedRecords(in partition: Int32) throws -> [(key: OffsetsRecordKey, isTombstone: Bool)] {
        try records(in: partition).map { (try OffsetsRecordKey(decoding: $0.key), $0.value == nil) }
    }

    func failAppends(with error: GroupLogError?) { failure = error }

    func blockReads() { readsBlocked = true }

    var hasBlockedRead: Bool { !blockedReads.isEmpty }

    func releaseReads() {
        readsBlocked = false
        for read in blockedReads { read.resume() }
        blockedReads = []
    }
}
