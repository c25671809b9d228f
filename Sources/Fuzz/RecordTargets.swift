import KafkaRecords
import NIOCore

/// Record batches as a Produce request or a replica fetch delivers them.
///
/// The first byte chooses what the rest is:
/// - low 3 bits 0…4: a compressed records payload for that codec (`CompressionCodec` raw value), decompressed
///   directly, so the codecs' framings get fuzzed without a batch around them;
/// - low 3 bits 5…7: batches. With bit 3 set the first batch's `batchLength` is set to fill the input and its
///   CRC-32C recomputed, so mutations reach past the checksum.
enum RecordTargets {
    /// Smaller than the broker's 64 MiB default so each input stays fast; the limit logic is the same.
    static let decompressionLimit = 1 << 20

    static func records(_ bytes: UnsafeRawBufferPointer) {
        guard let mode = bytes.first else { return }
        let rest = UnsafeRawBufferPointer(rebasing: bytes[1...])
        if let codec = CompressionCodec(rawValue: Int(mode & 0x07)) {
            if let output = try? RecordCompression.decompress(rest, codec: codec, limit: decompressionLimit) {
                precondition(output.readableBytes <= decompressionLimit, "\(codec) output exceeds the limit")
            }
            return
        }
        var buffer = ByteBuffer(bytes: rest)
        if mode & 0x08 != 0 { fillAndSign(&buffer) }

        // What a Produce handler does with one partition's records.
        if let summary = try? RecordBatchValidator.validateProduce(buffer, decompressionLimit: decompressionLimit) {
            // Accepted records must be readable by consumers and followers.
            guard let batch = try? RecordBatch(buffer), let records = try? batch.records(decompressionLimit: decompressionLimit)
            else { fatalError("validateProduce accepted a batch whose records do not read") }
            precondition(records.count == summary.recordCount, "validated \(summary.recordCount) records, read \(records.count)")
        }
        // What a follower or a client does with fetched records: batch by batch until the first bad one.
        var batches = RecordBatchSequence(buffer)
        while case .batch(let batch)? = batches.next() {
            _ = try? RecordBatchValidator.validate(batch, decompressionLimit: decompressionLimit)
            if let records = try? batch.records(decompressionLimit: decompressionLimit) {
                for record in records { _ = ControlRecord(record) }
            }
        }
        _ = try? RecordBatch(buffer, verifyingChecksum: false)
    }

    /// Makes the first batch span the whole buffer with a correct checksum.
    static func fillAndSign(_ buffer: inout ByteBuffer) {
        let size = buffer.readableBytes
        guard size >= RecordBatchHeader.size else { return }
        let start = buffer.readerIndex
        buffer.setInteger(Int32(size - RecordBatchHeader.logOverhead), at: start + 8)
        let covered = buffer.getSlice(
            at: start + RecordBatchHeader.attributesOffset, length: size - RecordBatchHeader.attributesOffset)!
        buffer.setInteger(CRC32CChecksum.compute(covered), at: start + RecordBatchHeader.crcOffset)
    }
}
