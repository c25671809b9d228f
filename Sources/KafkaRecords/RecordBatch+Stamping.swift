import CRC32C
import NIOCore

/// Edits the leader makes to a batch it appends, in place in the buffer that holds it.
extension RecordBatch {
    /// Sets `baseOffset` and, when given, `partitionLeaderEpoch` of the batch at `index`. Both lie outside the
    /// CRC, so the checksum stays valid.
    public static func assign(
        baseOffset: Int64, partitionLeaderEpoch: Int32? = nil, in buffer: inout ByteBuffer, at index: Int
    ) {
        buffer.setInteger(baseOffset, at: index)
        if let partitionLeaderEpoch { buffer.setInteger(partitionLeaderEpoch, at: index + 12) }
    }

    /// Marks the batch at `index` as LogAppendTime: sets the timestamp-type bit and `maxTimestamp` (which
    /// readers then use as every record's timestamp) and recomputes the CRC, as Kafka's
    /// `DefaultRecordBatch.setMaxTimestamp` does.
    public static func setLogAppendTime(_ timestamp: Int64, in buffer: inout ByteBuffer, at index: Int) {
        let attributes = buffer.getInteger(at: index + RecordBatchHeader.attributesOffset, as: Int16.self)!
        buffer.setInteger(attributes | 0x8, at: index + RecordBatchHeader.attributesOffset)
        buffer.setInteger(timestamp, at: index + 35)
        updateChecksum(in: &buffer, at: index)
    }

    /// Sets a CreateTime batch's `maxTimestamp` (to its largest record timestamp, as Kafka's LogValidator does)
    /// and recomputes the CRC.
    public static func setMaxTimestamp(_ timestamp: Int64, in buffer: inout ByteBuffer, at index: Int) {
        buffer.setInteger(timestamp, at: index + 35)
        updateChecksum(in: &buffer, at: index)
    }

    /// Recomputes and stores the CRC-32C of the complete batch at `index` (after edits inside the CRC's range).
    public static func updateChecksum(in buffer: inout ByteBuffer, at index: Int) {
        let batchLength = Int(buffer.getInteger(at: index + 8, as: Int32.self)!)
        let crc = checksum(of: buffer, at: index, totalSize: batchLength + RecordBatchHeader.logOverhead)
        buffer.setInteger(crc, at: index + RecordBatchHeader.crcOffset)
    }
}
