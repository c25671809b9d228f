import NIOCore

/// The replicated, compacted `__consumer_offsets` partitions, as the broker exposes them to the coordinator.
///
/// The coordinator never touches disks or ZooKeeper: everything it must remember goes through this protocol,
/// encoded with `OffsetsRecordKey`, `OffsetCommitValue` and `GroupMetadataValue`.
public protocol GroupLog: Sendable {
    /// Appends records to an offsets partition and returns once they are replicated to the ISR (acks=all).
    /// - Parameters:
    ///   - partition: the `__consumer_offsets` partition.
    ///   - records: key and value of each record; a nil value is a tombstone.
    /// - Throws: `GroupLogError` (or any error) when this broker no longer leads the partition or the write
    ///   is not replicated in time.
    func append(partition: Int32, records: [(key: ByteBuffer, value: ByteBuffer?)]) async throws

    /// Reads every record of an offsets partition from its start, to load groups when this broker becomes
    /// the partition's leader.
    /// - Throws: when the partition cannot be read.
    func readAll(partition: Int32) async throws -> [(key: ByteBuffer, value: ByteBuffer?)]

    /// Appends records as one transactional batch of `producerID` at `producerEpoch` (TxnOffsetCommit): they
    /// count only once a COMMIT marker for the producer follows them. Returns once replicated, as `append`.
    /// - Throws: `GroupLogError` (`.invalidProducerEpoch` for a fenced producer epoch).
    func appendTransactional(partition: Int32, records: [(key: ByteBuffer, value: ByteBuffer?)],
                             producerID: Int64, producerEpoch: Int16) async throws

    /// Reads an offsets partition as `readAll` does, with transactions resolved by their markers: records of
    /// committed transactions are in `records` (at their marker), aborted ones are left out, and those of
    /// transactions with no marker yet are returned per producer in `openTransactions`.
    func readAllResolvingTransactions(partition: Int32) async throws -> GroupLogContents
}

/// An offsets partition's records with its transactions resolved (`GroupLog.readAllResolvingTransactions`).
public struct GroupLogContents: Sendable {
    public var records: [(key: ByteBuffer, value: ByteBuffer?)]
    public var openTransactions: [Int64: [(key: ByteBuffer, value: ByteBuffer?)]]

    public init(records: [(key: ByteBuffer, value: ByteBuffer?)],
                openTransactions: [Int64: [(key: ByteBuffer, value: ByteBuffer?)]] = [:]) {
        self.records = records
        self.openTransactions = openTransactions
    }
}

extension GroupLog {
    /// A log without transactions (test doubles) writes transactional records as plain ones.
    public func appendTransactional(partition: Int32, records: [(key: ByteBuffer, value: ByteBuffer?)],
                                    producerID: Int64, producerEpoch: Int16) async throws {
        try await append(partition: partition, records: records)
    }

    public func readAllResolvingTransactions(partition: Int32) async throws -> GroupLogContents {
        GroupLogContents(records: try await readAll(partition: partition))
    }
}

/// Why a `GroupLog` write failed, so the coordinator can answer with the error Kafka uses.
public enum GroupLogError: Error, Sendable, Equatable {
    /// This broker no longer leads the offsets partition (answered as NOT_COORDINATOR).
    case notLeader
    /// Not enough in-sync replicas, or replication timed out (answered as COORDINATOR_NOT_AVAILABLE).
    case notReplicated
    /// The batch is larger than the partition accepts (answered as INVALID_COMMIT_OFFSET_SIZE).
    case recordTooLarge
    /// A transactional write from a producer epoch the partition has fenced (answered as INVALID_PRODUCER_EPOCH).
    case invalidProducerEpoch
}

extension GroupErrorCode {
    /// The error a client sees when a `GroupLog` append fails, as Kafka's `GroupMetadataManager` maps them.
    init(appendFailure error: any Error) {
        switch error as? GroupLogError {
        case .notLeader: self = .notCoordinator
        case .notReplicated: self = .coordinatorNotAvailable
        case .recordTooLarge: self = .invalidCommitOffsetSize
        case .invalidProducerEpoch: self = .invalidProducerEpoch
        case nil: self = .unknownServerError
        }
    }
}
