import KafkaModel
import LogStorage
import NIOCore
import Replication
import TransactionCoordinator

/// The on-disk transaction state a broker reads back at start-up: a segment's `.txnindex` (34-byte aborted
/// transaction entries, `TransactionIndex`) and a producer-state `.snapshot` (`ProducerStateSnapshot`). The whole
/// input is the file. Whatever decodes must encode to the same bytes (neither format has slack).
enum TransactionTargets {
    static func txnIndex(_ bytes: UnsafeRawBufferPointer) {
        let file = Array(bytes)
        guard let entries = try? TransactionIndex.decode(file) else { return }
        precondition(entries.count * TransactionIndex.entrySize == file.count, "entries do not cover the file")
        precondition(entries.allSatisfy { $0.firstOffset <= $0.lastOffset }, "an entry ends before it starts")
        precondition(TransactionIndex.encode(entries) == file, "decoded entries do not encode to the same bytes")
    }

    /// A snapshot's producers are re-encoded in producer id order; a decoded one must round-trip through that.
    static func producerSnapshot(_ bytes: UnsafeRawBufferPointer) {
        guard let table = try? ProducerStateSnapshot.decode(Array(bytes)) else { return }
        let encoded = ProducerStateSnapshot.encode(table)
        guard let again = try? ProducerStateSnapshot.decode(encoded) else {
            fatalError("a re-encoded snapshot does not decode")
        }
        precondition(again.producers == table.producers, "a snapshot changes through encode and decode")
        _ = table.lastStableOffset(highWatermark: Offset(Int64.max))
    }

    /// A `__transaction_state` record as a coordinator loads it: one byte splits the input into key and value. A
    /// value that decodes must encode to bytes that decode to the same metadata.
    static func transactionStateRecord(_ bytes: UnsafeRawBufferPointer) {
        guard let split = bytes.first else { return }
        let cut = min(Int(split), bytes.count - 1)
        let key = ByteBuffer(bytes: bytes[1..<(1 + cut)])
        let value = ByteBuffer(bytes: bytes[(1 + cut)...])
        let transactionalID = (try? TransactionLogRecord.decodeKey(key)) ?? "fuzz"
        guard let metadata = try? TransactionLogRecord.decodeValue(value, transactionalID: transactionalID) else { return }
        guard let again = try? TransactionLogRecord.decodeValue(TransactionLogRecord.encodeValue(metadata),
                                                                transactionalID: transactionalID)
        else { fatalError("a re-encoded transaction state value does not decode") }
        precondition(again == metadata, "transaction metadata changes through encode and decode")
    }
}
