import CRC32C
import NIOCore

/// One complete record batch (magic 2): its header and its bytes, shared with the buffer it was read from.
///
/// Records are decoded on demand: `makeRecordIterator` decompresses the records once when the batch is
/// compressed, then yields `Record`s whose key, value and headers are slices of that storage.
public struct RecordBatch: Hashable, Sendable {
    public let header: RecordBatchHeader
    /// The whole batch, header included: exactly `header.totalSize` readable bytes.
    public let bytes: ByteBuffer

    /// Reads the batch at the start of `buffer`'s readable bytes. Bytes after the batch are ignored.
    /// - Parameter verifyingChecksum: false skips the CRC-32C (for bytes already checked, e.g. our own log).
    /// - Throws: `.truncated` when the batch is incomplete, `.unsupportedMagic`, `.batchLengthTooSmall`,
    ///   `.checksumMismatch`.
    public init(_ buffer: ByteBuffer, verifyingChecksum: Bool = true) throws(RecordBatchError) {
        switch Self.frame(buffer, at: buffer.readerIndex, verifyingChecksum: verifyingChecksum) {
        case .complete(let header):
            self.header = header
            self.bytes = buffer.getSlice(at: buffer.readerIndex, length: header.totalSize)!
        case .partial(let needed):
            throw .truncated(needed: needed, available: buffer.readableBytes)
        case .corrupt(let error):
            throw error
        }
    }

    init(header: RecordBatchHeader, bytes: ByteBuffer) {
        self.header = header
        self.bytes = bytes
    }

    /// The records part decompressed (or, uncompressed, a slice of `bytes` without copying).
    /// - Throws: `.unsupportedCompression`, `.decompressionFailed`, `.decompressedSizeExceedsLimit`.
    public func recordsPayload(
        decompressionLimit: Int = RecordCompression.defaultDecompressionLimit
    ) throws(RecordBatchError) -> ByteBuffer {
        let compressed = bytes.getSlice(
            at: bytes.readerIndex + RecordBatchHeader.size, length: bytes.readableBytes - RecordBatchHeader.size)!
        guard let codec = header.compression else { throw .unsupportedCompression(Int(header.attributes & 0x7)) }
        if codec == .none { return compressed }
        return try RecordCompression.decompress(compressed, codec: codec, limit: decompressionLimit)
    }

    /// An iterator over the batch's records with absolute offsets and timestamps.
    /// - Throws: what `recordsPayload` throws.
    public func makeRecordIterator(
        decompressionLimit: Int = RecordCompression.defaultDecompressionLimit
    ) throws(RecordBatchError) -> RecordIterator {
        RecordIterator(header: header, payload: try recordsPayload(decompressionLimit: decompressionLimit))
    }

    /// All records of the batch.
    /// - Throws: what `recordsPayload` throws, `.malformedRecord`, `.recordCountMismatch`.
    public func records(
        decompressionLimit: Int = RecordCompression.defaultDecompressionLimit
    ) throws(RecordBatchError) -> [Record] {
        var iterator = try makeRecordIterator(decompressionLimit: decompressionLimit)
        var records: [Record] = []
        // The declared count is not trusted for the allocation: a record takes at least 7 bytes.
        records.reserveCapacity(min(Int(max(header.recordCount, 0)), iterator.payload.readableBytes / 7))
        while let record = try iterator.next() { records.append(record) }
        return records
    }

    // MARK: Framing

    /// What lies at a position of a buffer that should hold batches.
    enum Framing {
        case complete(RecordBatchHeader)
        /// The batch is cut short; `needed` is how many bytes it would need (as far as can be told).
        case partial(needed: Int)
        case corrupt(RecordBatchError)
    }

    /// Checks the batch at `index`: length, magic, completeness and (optionally) CRC, in the order that lets a
    /// cut-off batch at the end of a fetch response be told apart from a damaged one.
    static func frame(_ buffer: ByteBuffer, at index: Int, verifyingChecksum: Bool) -> Framing {
        let available = buffer.writerIndex - index
        guard available >= RecordBatchHeader.logOverhead,
            let batchLength = buffer.getInteger(at: index + 8, as: Int32.self)
        else { return .partial(needed: RecordBatchHeader.size) }
        guard batchLength >= Int32(RecordBatchHeader.size - RecordBatchHeader.logOverhead) else {
            return .corrupt(.batchLengthTooSmall(batchLength))
        }
        guard let magic = buffer.getInteger(at: index + RecordBatchHeader.magicOffset, as: Int8.self) else {
            return .partial(needed: Int(batchLength) + RecordBatchHeader.logOverhead)
        }
        guard magic == 2 else { return .corrupt(.unsupportedMagic(magic)) }
        let total = Int(batchLength) + RecordBatchHeader.logOverhead
        guard available >= total, let header = RecordBatchHeader(from: buffer, at: index) else {
            return .partial(needed: total)
        }
        if verifyingChecksum {
            let computed = checksum(of: buffer, at: index, totalSize: total)
            guard computed == header.crc else {
                return .corrupt(.checksumMismatch(stored: header.crc, computed: computed))
            }
        }
        return .complete(header)
    }

    /// CRC-32C over attributes…end of the complete batch at `index`.
    static func checksum(of buffer: ByteBuffer, at index: Int, totalSize: Int) -> UInt32 {
        buffer.withUnsafeReadableBytes { raw in
            let start = index - buffer.readerIndex + RecordBatchHeader.attributesOffset
            return tributary_crc32c_extend(0, raw.baseAddress! + start, totalSize - RecordBatchHeader.attributesOffset)
        }
    }
}

/// Yields the records of one batch in order. Fails, rather than stopping quietly, when the records do not
/// match the declared count or do not parse.
public struct RecordIterator: Sendable {
    let header: RecordBatchHeader
    let payload: ByteBuffer
    private var position = 0
    private var index = 0

    init(header: RecordBatchHeader, payload: ByteBuffer) {
        self.header = header
        self.payload = payload
    }

    /// The next record, nil after the last.
    /// - Throws: `.malformedRecord` for a record that does not parse, `.recordCountMismatch` when the bytes hold
    ///   fewer or more records than the header declares.
    public mutating func next() throws(RecordBatchError) -> Record? {
        let declared = header.recordCount
        let total = payload.readableBytes
        if index >= Int(max(declared, 0)) {
            guard position == total else {
                throw .recordCountMismatch(declared: declared, actual: index + countParsableRecords())
            }
            return nil
        }
        guard position < total else { throw .recordCountMismatch(declared: declared, actual: index) }
        let header = self.header
        let payload = self.payload
        let result = payload.withUnsafeReadableBytes { bytes -> Result<(Record, Int), RawReader.Failure> in
            var reader = RawReader(bytes, position: position)
            do throws(RawReader.Failure) {
                let layout = try RecordLayout.parse(&reader)
                let timestamp =
                    header.isLogAppendTime ? header.maxTimestamp : header.baseTimestamp &+ layout.timestampDelta
                let record = layout.materialize(
                    bytes: bytes, storage: payload, baseOffset: header.baseOffset, timestamp: timestamp)
                return .success((record, reader.position))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let (record, next)):
            position = next
            index += 1
            return record
        case .failure(let failure):
            throw .malformedRecord(index: index, reason: failure.reason)
        }
    }

    private func countParsableRecords() -> Int {
        payload.withUnsafeReadableBytes { bytes in
            var reader = RawReader(bytes, position: position)
            var count = 0
            while reader.remaining > 0, (try? RecordLayout.parse(&reader)) != nil { count += 1 }
            return count
        }
    }
}
