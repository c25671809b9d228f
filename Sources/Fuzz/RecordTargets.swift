import KafkaRecords
import NIOCore

/// Record batches as a Produce request or a replica fetch delivers them.
///
/// The first byte chooses what the rest is:
/// - low 3 bits 0…4: a compressed records payload for that codec (`CompressionCodec` raw value), decompressed
///   directly, so the codecs' framings get fuzzed without a batch around them;
/// - low 3 bits 5…7: batches. With bit 3 set the first batch's `batchLength` is set to fill the input and its
///   CRC-32C recomputed, so mutations reach past the checksum.
/// - bit 4 set (whatever the low bits): a message set of magic 0/1 (Produce v0–v2), decoded, converted to a batch
///   and down-converted back; with bit 3 set the first message's size and CRC-32 are made to fit, as above.
enum RecordTargets {
    /// Smaller than the broker's 64 MiB default so each input stays fast; the limit logic is the same.
    static let decompressionLimit = 1 << 20

    static func records(_ bytes: UnsafeRawBufferPointer) {
        guard let mode = bytes.first else { return }
        let rest = UnsafeRawBufferPointer(rebasing: bytes[1...])
        if mode & 0x10 != 0 { return legacyMessageSet(rest, signed: mode & 0x08 != 0) }
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

    /// What Produce v0–v2 does with one partition's message set, and what Fetch v0–v3 does with what it stored.
    static func legacyMessageSet(_ bytes: UnsafeRawBufferPointer, signed: Bool) {
        var buffer = ByteBuffer(bytes: bytes)
        if signed, buffer.readableBytes >= LegacyMessageSet.logOverhead + 6 {
            // The first message spans the input, with a correct CRC-32 over magic…end.
            buffer.setInteger(Int32(buffer.readableBytes - LegacyMessageSet.logOverhead), at: 8)
            let crc = buffer.withUnsafeReadableBytes {
                LegacyMessageSet.checksum(UnsafeRawBufferPointer(rebasing: $0[16...]))
            }
            buffer.setInteger(crc, at: 12)
        }
        guard let decoded = try? LegacyMessageSet.decode(buffer, decompressionLimit: decompressionLimit) else { return }
        // Accepted messages must convert to a batch; one that validates (timestamps far apart may not) must read
        // back the same and down-convert again.
        guard let batch = try? LegacyMessageSet.convertToBatch(buffer, decompressionLimit: decompressionLimit) else {
            fatalError("a decoded message set did not convert to a batch")
        }
        guard (try? RecordBatchValidator.validateProduce(batch, decompressionLimit: decompressionLimit)) != nil else {
            return
        }
        guard let records = try? RecordBatch(batch).records(decompressionLimit: decompressionLimit) else {
            fatalError("a validated converted batch does not read")
        }
        precondition(records.count == decoded.messages.count,
                     "converted \(decoded.messages.count), read \(records.count)")
        for magic: Int8 in [0, 1] {
            guard let old = try? LegacyMessageSet.downConvert(batch, toMagic: magic, firstOffset: 0),
                let again = try? LegacyMessageSet.decode(old, decompressionLimit: 4 * decompressionLimit)
            else { fatalError("a converted batch did not down-convert to magic \(magic)") }
            precondition(again.messages.map(\.value) == decoded.messages.map(\.value), "values changed")
        }
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
