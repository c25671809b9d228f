import GroupCoordinator
import KafkaModel
import KafkaRecords
import NIOCore
import Replication

/// The coordinator's `GroupLog` over the `__consumer_offsets` partitions this broker hosts (and, with `topic` set,
/// the transaction coordinator's log over `__transaction_state`).
///
/// An append is one uncompressed record batch (keys and values as `GroupCoordinator` encodes them, the append
/// time as timestamp) written with `Partition.appendAsLeader` and acknowledged with acks=all semantics: only
/// once the high watermark has passed it, i.e. every in-sync replica has it, within `offsets.commit.timeout.ms`.
struct OffsetsPartitionLog: GroupLog {
    let replicas: ReplicaManager
    let topicConfigs: TopicConfigProvider
    /// `offsets.commit.timeout.ms`.
    let commitTimeout: TimeAmount
    let nowMs: @Sendable () -> Int64
    var topic: TopicName = OffsetsTopic.name

    private func partition(_ index: Int32) -> Partition? {
        replicas.partition(TopicPartition(topic, PartitionIndex(index)))
    }

    func append(partition index: Int32, records: [(key: ByteBuffer, value: ByteBuffer?)]) async throws {
        try await append(partition: index, records: records, producerID: -1, producerEpoch: -1)
    }

    /// TxnOffsetCommit's batch carries the producer's id and epoch, so the partition checks its epoch and the
    /// transaction's marker later commits or aborts it. It has no sequence, as Kafka's coordinator writes it.
    func appendTransactional(partition index: Int32, records: [(key: ByteBuffer, value: ByteBuffer?)],
                             producerID: Int64, producerEpoch: Int16) async throws {
        try await append(partition: index, records: records, producerID: producerID, producerEpoch: producerEpoch)
    }

    private func append(partition index: Int32, records: [(key: ByteBuffer, value: ByteBuffer?)],
                        producerID: Int64, producerEpoch: Int16) async throws {
        guard !records.isEmpty else { return }
        guard let partition = partition(index), partition.isLeader else { throw GroupLogError.notLeader }
        var builder = RecordBatchBuilder(producerID: producerID, producerEpoch: producerEpoch,
                                         isTransactional: producerID >= 0)
        let now = nowMs()
        for record in records { builder.append(key: record.key, value: record.value, timestamp: now) }
        let batch = try builder.build()
        guard let header = RecordBatchHeader(from: batch, at: batch.readerIndex) else {
            throw GroupLogError.recordTooLarge
        }
        let config = topicConfigs.config(for: topic)
        guard batch.readableBytes <= config.maxMessageBytes else { throw GroupLogError.recordTooLarge }
        let lastOffset: Offset
        switch partition.appendAsLeader(batch, header: header, requiredAcks: -1,
                                        minInsyncReplicas: config.minInsyncReplicas) {
        case .appended(let result):
            lastOffset = result.lastOffset
        case .duplicate(_, let last, _):
            lastOffset = last
        case .rejected(let code):
            switch code {
            case .notLeaderOrFollower: throw GroupLogError.notLeader
            case .invalidProducerEpoch: throw GroupLogError.invalidProducerEpoch
            case .messageTooLarge, .recordListTooLarge: throw GroupLogError.recordTooLarge
            default: throw GroupLogError.notReplicated
            }
        }
        switch await replicas.awaitReplication(of: .init(partition: partition, lastOffset: lastOffset),
                                               timeout: .nanoseconds(commitTimeout.nanoseconds)) {
        case .replicated: return
        case .leadershipLost: throw GroupLogError.notLeader
        case .timedOut: throw GroupLogError.notReplicated
        }
    }

    /// Every record from the log start to the log end, control batches skipped.
    func readAll(partition index: Int32) async throws -> [(key: ByteBuffer, value: ByteBuffer?)] {
        try await readAllResolvingTransactions(partition: index).records
    }

    /// Every record from the log start to the log end; a transaction's records join the others at its COMMIT
    /// marker, are dropped at its ABORT marker, and are returned apart while it has no marker yet.
    func readAllResolvingTransactions(partition index: Int32) async throws -> GroupLogContents {
        guard let partition = partition(index) else { throw GroupLogError.notLeader }
        let log = partition.log
        let end = log.logEndOffset
        var position = log.logStartOffset
        var contents = GroupLogContents(records: [])
        while position < end {
            let read = try log.read(from: position, maxBytes: 8 << 20, upperBound: end)
            guard let next = read.nextOffset, next > position else { break }
            let bytes = try read.readBytes()
            var index = bytes.readerIndex
            while let header = RecordBatchHeader(from: bytes, at: index), index + header.totalSize <= bytes.writerIndex {
                defer { index += header.totalSize }
                guard let slice = bytes.getSlice(at: index, length: header.totalSize) else { continue }
                let records = try RecordBatch(slice).records()
                if header.isControl {
                    guard header.producerID >= 0, let marker = records.first.flatMap(ControlRecord.init) else { continue }
                    let pending = contents.openTransactions.removeValue(forKey: header.producerID) ?? []
                    if marker.kind == .commit { contents.records += pending }
                    continue
                }
                for record in records {
                    guard let key = record.key else { continue }
                    if header.isTransactional && header.producerID >= 0 {
                        contents.openTransactions[header.producerID, default: []].append((key, record.value))
                    } else {
                        contents.records.append((key, record.value))
                    }
                }
            }
            position = next
        }
        return contents
    }
}
