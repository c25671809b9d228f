/// Why a record batch was rejected. Each case maps to the error code Kafka answers a produce request with.
public enum RecordBatchError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Magic (offset 16) is not 2; only the v2 batch format is supported.
    case unsupportedMagic(Int8)
    /// `batchLength` is smaller than the rest of a 61-byte header.
    case batchLengthTooSmall(Int32)
    /// The bytes do not hold the whole batch that `batchLength` announces (or not even a header).
    case truncated(needed: Int, available: Int)
    /// The CRC-32C stored in the header differs from the one computed over attributes…end.
    case checksumMismatch(stored: UInt32, computed: UInt32)
    /// Attributes name a compression codec that does not exist (5, 6 or 7).
    case unsupportedCompression(Int)
    /// The compressed payload could not be decompressed.
    case decompressionFailed(CompressionCodec, reason: String)
    /// Decompressing would produce more than the allowed number of bytes (a decompression bomb, or a limit set
    /// too low).
    case decompressedSizeExceedsLimit(CompressionCodec, limit: Int)
    /// Compressing failed inside the codec library.
    case compressionFailed(CompressionCodec, reason: String)
    /// A record inside the batch does not parse (bad varint, lengths past the end, negative header count…).
    case malformedRecord(index: Int, reason: String)
    /// `recordCount` differs from the number of records actually present.
    case recordCountMismatch(declared: Int32, actual: Int)
    /// Produce rules (Kafka `LogValidator`): the offset range, the count and the offset deltas must agree.
    case inconsistentOffsets(String)
    /// Produce rules: clients may not write control batches.
    case controlBatchFromClient
    /// Produce rules: a batch with a producer id must carry a base sequence.
    case invalidSequence(Int32)
    /// Produce rules: a magic-2 produce request holds exactly one batch per partition.
    case notExactlyOneBatch(Int)
    /// Produce rules (Kafka `LogValidator`): a record timestamp (`baseTimestamp + timestampDelta`) overflows, the
    /// batch's CreateTime `maxTimestamp` is not its largest record timestamp, or a timestamp lies further from the
    /// broker's clock than `message.timestamp.difference.max.ms`.
    case invalidTimestamp(String)

    /// Kafka's error code for a produce response: CORRUPT_MESSAGE (2) when the bytes are damaged,
    /// UNSUPPORTED_COMPRESSION_TYPE (76) for an unknown codec, INVALID_TIMESTAMP (32) for timestamps, INVALID_RECORD (87) when well-formed bytes break
    /// a rule (as Kafka's `InvalidRecordException` does, including a magic other than 2 in a v3+ produce request).
    public var kafkaErrorCode: Int16 {
        switch self {
        case .batchLengthTooSmall, .truncated, .checksumMismatch, .decompressionFailed,
            .decompressedSizeExceedsLimit, .compressionFailed:
            return 2
        case .unsupportedCompression:
            return 76
        case .invalidTimestamp:
            return 32
        case .unsupportedMagic, .malformedRecord, .recordCountMismatch, .inconsistentOffsets,
            .controlBatchFromClient, .invalidSequence, .notExactlyOneBatch:
            return 87
        }
    }

    public var description: String {
        switch self {
        case .unsupportedMagic(let magic): "unsupported record batch magic \(magic) (only 2 is supported)"
        case .batchLengthTooSmall(let length): "batch length \(length) is smaller than a record batch header"
        case .truncated(let needed, let available): "batch needs \(needed) bytes but only \(available) are present"
        case .checksumMismatch(let stored, let computed):
            "CRC-32C mismatch: stored \(hex(stored)), computed \(hex(computed))"
        case .unsupportedCompression(let id): "unsupported compression codec id \(id)"
        case .decompressionFailed(let codec, let reason): "\(codec) decompression failed: \(reason)"
        case .decompressedSizeExceedsLimit(let codec, let limit):
            "\(codec) payload decompresses to more than the limit of \(limit) bytes"
        case .compressionFailed(let codec, let reason): "\(codec) compression failed: \(reason)"
        case .malformedRecord(let index, let reason): "record \(index) is malformed: \(reason)"
        case .recordCountMismatch(let declared, let actual):
            "batch declares \(declared) records but holds \(actual)"
        case .inconsistentOffsets(let reason): "inconsistent offsets: \(reason)"
        case .controlBatchFromClient: "clients are not allowed to write control batches"
        case .invalidSequence(let sequence): "invalid base sequence \(sequence) for a batch with a producer id"
        case .notExactlyOneBatch(let count): "a produce request must hold exactly one batch, found \(count)"
        case .invalidTimestamp(let reason): "invalid timestamp: \(reason)"
        }
    }
}

private func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
