import KafkaModel
import KafkaRecords
import NIOCore

/// Turns the `Records` bytes of one partition in a Fetch response into records, as a consumer must:
/// - records before the fetch offset are dropped (a compressed batch is returned whole even when the fetch
///   offset points into its middle);
/// - control batches (transaction markers) are skipped but still move the position past them (records are read
///   uncommitted: transactional records are returned whether their transaction committed or not);
/// - a batch cut off at the end of the response is normal (the broker sends log chunks up to the size limit):
///   it is ignored and fetched whole next time;
/// - a damaged batch is an error.
public enum FetchedRecordsDecoder {
    /// What one partition's records decoded to.
    public struct Result: Hashable, Sendable {
        public var records: [ConsumerRecord]
        /// Where the next fetch starts: after the last complete batch, or the fetch offset when there was none.
        public var nextOffset: Int64
        /// Complete batches in the response, control batches included.
        public var completeBatches = 0
        public var skippedControlBatches = 0
        /// Bytes of a batch cut off at the end (0 when the last batch was complete).
        public var partialTrailingBytes = 0
        /// Bytes the cut-off batch needs in full (0 when none was cut off).
        public var partialBatchSize = 0

        /// The response held only the beginning of a batch: it is larger than the fetch allowed.
        public var onlyPartialBatch: Bool { partialTrailingBytes > 0 && completeBatches == 0 }
    }

    /// Decodes `records` fetched at `fetchOffset`.
    /// - Throws: `KafkaClientError.corruptRecords` for a damaged batch or records that do not decode.
    public static func decode(_ records: ByteBuffer?, topicPartition: TopicPartition, fetchOffset: Int64) throws -> Result
    {
        var result = Result(records: [], nextOffset: fetchOffset)
        guard let records else { return result }
        var batches = RecordBatchSequence(records)
        while let entry = batches.next() {
            switch entry {
            case .batch(let batch):
                result.completeBatches += 1
                let header = batch.header
                guard header.lastOffset >= fetchOffset else { continue }  // wholly before the fetch offset
                if header.isControl {
                    result.skippedControlBatches += 1
                } else {
                    let timestampType: ConsumerRecord.TimestampType =
                        header.isLogAppendTime ? .logAppendTime : .createTime
                    do {
                        for record in try batch.records() where record.offset >= fetchOffset {
                            result.records.append(ConsumerRecord(
                                topicPartition: topicPartition, offset: record.offset, timestamp: record.timestamp,
                                timestampType: timestampType, key: record.key, value: record.value,
                                headers: record.headers, leaderEpoch: header.partitionLeaderEpoch))
                        }
                    } catch {
                        throw KafkaClientError.corruptRecords(
                            "\(topicPartition) batch at offset \(header.baseOffset): \(error)")
                    }
                }
                result.nextOffset = max(result.nextOffset, header.nextOffset)
            case let .partial(_, available, needed):
                result.partialTrailingBytes = available
                result.partialBatchSize = needed
            case let .corrupt(error, position):
                throw KafkaClientError.corruptRecords("\(topicPartition) at byte \(position): \(error)")
            }
        }
        return result
    }
}
