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
        guard !records.isEmpty else { return }
        guard let partition = partition(index), partition.isLeader else { throw GroupLogError.notLeader }
        var builder = RecordBatchBuilder()
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
        guard let partition = partition(index) else { throw GroupLogError.notLeader }
        let log = partition.log
        let end = log.logEndOffset
        var position = log.logStartOffset
        var records: [(key: ByteBuffer, value: ByteBuffer?)] = []
        while position < end {
            let read = try log.read(from: position, maxBytes: 8 << 20, upperBound: end)
            guard let next = read.nextOffset, next > position else { break }
            let bytes = try read.readBytes()
            var index = bytes.readerIndex
            while let header = RecordBatchHeader(from: bytes, at: index), index + header.totalSize <= bytes.writerIndex {
                defer { index += header.totalSize }
                guard !header.isControl, let slice = bytes.getSlice(at: index, length: header.totalSize) else {
                    continue
                }
                for record in try RecordBatch(slice).records() {
                    guard let key = record.key else { continue }
                    records.append((key, record.value))
                }
            }
            position = next
        }
        return records
    }
}
