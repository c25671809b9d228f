import KafkaModel
import NIOCore

/// The replicated, compacted `__transaction_state` partitions, as the broker exposes them to the coordinator.
/// Records are encoded with `TransactionLogRecord`.
public protocol TransactionLog: Sendable {
    /// Appends records and returns once every in-sync replica has them (acks=all).
    /// - Throws: `TransactionLogError` (or any error) when this broker no longer leads the partition or the
    ///   write is not replicated in time.
    func append(partition: Int32, records: [(key: ByteBuffer, value: ByteBuffer?)]) async throws

    /// Every record of a partition from its start, to load it when this broker becomes its leader.
    func readAll(partition: Int32) async throws -> [(key: ByteBuffer, value: ByteBuffer?)]
}

/// Why a `TransactionLog` write failed.
public enum TransactionLogError: Error, Sendable, Equatable {
    /// This broker no longer leads the partition (answered NOT_COORDINATOR).
    case notLeader
    /// Too few in-sync replicas, or replication timed out (answered COORDINATOR_NOT_AVAILABLE).
    case notReplicated
    /// The record does not fit (answered UNKNOWN_SERVER_ERROR, as Kafka does).
    case recordTooLarge
}

/// Hands out producer ids (from the cluster-wide `/latest_producer_id_block`).
public protocol ProducerIDSource: Sendable {
    /// - Throws: when no block can be allocated (ZooKeeper unreachable).
    func nextProducerID() async throws -> Int64
}

/// One transaction's markers: what the coordinator asks the partition leaders to append.
public struct TransactionMarkers: Sendable, Equatable {
    public var transactionalID: String
    public var producerID: Int64
    public var producerEpoch: Int16
    public var commit: Bool
    /// The leader epoch of the coordinator's `__transaction_state` partition; leaders refuse older ones.
    public var coordinatorEpoch: Int32
    public var partitions: Set<TopicPartition>

    public init(transactionalID: String, producerID: Int64, producerEpoch: Int16, commit: Bool,
                coordinatorEpoch: Int32, partitions: Set<TopicPartition>) {
        self.transactionalID = transactionalID
        self.producerID = producerID
        self.producerEpoch = producerEpoch
        self.commit = commit
        self.coordinatorEpoch = coordinatorEpoch
        self.partitions = partitions
    }
}

/// What came of writing one transaction's markers.
public enum TransactionMarkerOutcome: Sendable, Equatable {
    /// Every partition has its marker (or no longer exists): the transaction can complete.
    case written
    /// A leader refused this coordinator (a newer one exists), or this one stopped being current: stop.
    case abandoned
}

/// Sends WriteTxnMarkers to the leaders of a transaction's partitions.
public protocol TransactionMarkerWriter: Sendable {
    /// Writes the markers, retrying partitions whose leader moved or was unavailable, until every one is written
    /// or `isCurrent` answers false.
    func write(_ markers: TransactionMarkers, isCurrent: @escaping @Sendable () async -> Bool) async
        -> TransactionMarkerOutcome
}
