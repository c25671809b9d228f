import NIOCore

extension LegacyMessageSet {
    /// The message format a Fetch of `version` can read: magic 0 up to v1, magic 1 for v2–v3, nil (record batches,
    /// no conversion) from v4, as Kafka's `KafkaApis` decides.
    public static func magic(forFetchVersion version: Int16) -> Int8? {
        switch version {
        case ...1: 0
        case 2...3: 1
        default: nil
        }
    }

    /// Down-converts record batches read from a log to a message set of `magic` 0 or 1 for an old consumer, as
    /// Kafka's `RecordsUtil.downConvert` does: control batches are left out (old clients know no transactions),
    /// each batch keeps its codec and timestamp type, and an uncompressed batch loses the records before
    /// `firstOffset` (the fetch offset may point into a batch; a compressed wrapper is sent whole, old clients skip
    /// what they did not ask for). Headers have no place in the old formats and are dropped. Magic 0 with lz4 is
    /// written uncompressed: Kafka 0.8–0.9 wrote a non-standard lz4 frame checksum there that modern readers only
    /// tolerate, never need. A partial batch at the end (the fetch size cut it) is left out.
    /// - Returns: the message set, empty when nothing in `batches` is for a consumer.
    /// - Throws: `.unsupportedCompression` for zstd (Kafka answers UNSUPPORTED_COMPRESSION_TYPE: Fetch before v10
    ///   predates it), a corrupt batch or record when it is the first one (after a good one the rest is simply
    ///   not sent, as when a fetch size cuts a batch), decompression errors.
    public static func downConvert(
        _ batches: ByteBuffer, toMagic magic: Int8, firstOffset: Int64,
        decompressionLimit: Int = RecordCompression.defaultDecompressionLimit
    ) throws(RecordBatchError) -> ByteBuffer {
        var output = ByteBufferAllocator().buffer(capacity: batches.readableBytes + batches.readableBytes / 4)
        var sequence = RecordBatchSequence(batches)
        loop: while let entry = sequence.next() {
            let batch: RecordBatch
            switch entry {
            case .batch(let found): batch = found
            case .partial: break loop
            case .corrupt(let error, _):
                if output.readableBytes == 0 { throw error }
                break loop
            }
            if batch.header.isControl { continue }
            guard let codec = batch.header.compression else {
                throw .unsupportedCompression(Int(batch.header.attributes & 0x7))
            }
            guard codec != .zstd else { throw .unsupportedCompression(codec.rawValue) }
            var messages: [Message] = []
            do throws(RecordBatchError) {
                for record in try batch.records(decompressionLimit: decompressionLimit)
                where codec != .none || record.offset >= firstOffset {
                    messages.append(Message(offset: record.offset, timestamp: record.timestamp, key: record.key,
                                            value: record.value))
                }
            } catch {
                if output.readableBytes == 0 { throw error }
                break loop
            }
            let logAppendTime = batch.header.isLogAppendTime ? batch.header.maxTimestamp : nil
            try write(messages, magic: magic, codec: magic == 0 && codec == .lz4 ? .none : codec,
                      logAppendTime: logAppendTime, into: &output)
        }
        return output
    }
}
