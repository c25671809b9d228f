import GroupCoordinator
import NIOCore
import TransactionCoordinator

/// The transaction coordinator's `TransactionLog`: the same acks=all appends and full reads as the group
/// coordinator's log, over `__transaction_state`, with its errors told in the transaction coordinator's terms.
struct TransactionStatePartitionLog: TransactionLog {
    let base: OffsetsPartitionLog

    func append(partition: Int32, records: [(key: ByteBuffer, value: ByteBuffer?)]) async throws {
        do {
            try await base.append(partition: partition, records: records)
        } catch let error as GroupLogError {
            switch error {
            case .notLeader: throw TransactionLogError.notLeader
            case .notReplicated: throw TransactionLogError.notReplicated
            case .recordTooLarge: throw TransactionLogError.recordTooLarge
            // Only transactional offset commits carry a producer epoch; the coordinator's writes never do.
            case .invalidProducerEpoch: throw TransactionLogError.notReplicated
            }
        }
    }

    func readAll(partition: Int32) async throws -> [(key: ByteBuffer, value: ByteBuffer?)] {
        try await base.readAll(partition: partition)
    }
}
