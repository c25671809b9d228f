import CRC32C
import NIOCore

/// Builds one complete record batch (magic 2), as a producer or the broker writes it.
///
/// The header layout is described on `RecordBatchHeader`. Each record: length varint (bytes after it) ·
/// attributes int8 (0) · timestampDelta varlong · offsetDelta varint · keyLength varint (-1 = null) · key ·
/// valueLength varint (-1 = null) · value · headerCount varint · headers[keyLength varint · key UTF-8 ·
/// valueLength varint (-1 = null) · value], varints zig-zag encoded (`ZigZagVarint`). Records are
/// encoded as they are appended; `build` compresses them (when a codec is set), writes the header and the
/// CRC-32C over attributes…end. `baseTimestamp` is the first record's timestamp and `maxTimestamp` the largest
/// one, or the LogAppendTime when the batch carries one. Like the Java client, the batch is compressed even when
/// compression does not make it smaller.
public struct RecordBatchBuilder: Sendable {
    /// Bit 3 of the attributes: which clock `maxTimestamp` (and, for readers, every record's timestamp) comes from.
    public enum TimestampType: Hashable, Sendable {
        /// Records carry the producer's timestamps.
        case createTime
        /// The broker's append time, in milliseconds, replaces every record's timestamp for readers.
        case logAppendTime(Int64)
    }

    public var baseOffset: Int64
    /// -1 (none) from producers; the leader stamps its epoch.
    public var partitionLeaderEpoch: Int32
    public var compression: CompressionCodec
    public var timestampType: TimestampType
    /// -1 when the producer is not idempotent.
    public var producerID: Int64
    public var producerEpoch: Int16
    /// Sequence number of the first record, -1 when the producer is not idempotent.
    public var baseSequence: Int32
    public var isTransactional: Bool
    /// Control batches hold transaction markers (see `ControlRecord`).
    public var isControl: Bool

    private var encodedRecords: ByteBuffer
    /// Number of records appended so far.
    public private(set) var recordCount = 0
    private var firstTimestamp: Int64?
    private var maxRecordTimestamp: Int64 = -1
    private var lastOffsetDelta: Int32 = -1

    public init(
        baseOffset: Int64 = 0, partitionLeaderEpoch: Int32 = -1, compression: CompressionCodec = .none,
        timestampType: TimestampType = .createTime, producerID: Int64 = -1, producerEpoch: Int16 = -1,
        baseSequence: Int32 = -1, isTransactional: Bool = false, isControl: Bool = false,
        allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) {
        self.baseOffset = baseOffset
        self.partitionLeaderEpoch = partitionLeaderEpoch
        self.compression = compression
        self.timestampType = timestampType
        self.producerID = producerID
        self.producerEpoch = producerEpoch
        self.baseSequence = baseSequence
        self.isTransactional = isTransactional
        self.isControl = isControl
        self.encodedRecords = allocator.buffer(capacity: 256)
    }

    public var isEmpty: Bool { recordCount == 0 }

    /// Size of the batch if built without compression: what a producer compares with `batch.size`.
    public var uncompressedSize: Int { RecordBatchHeader.size + encodedRecords.readableBytes }

    /// Appends a record at the next offset (`baseOffset + recordCount`).
    public mutating func append(key: ByteBuffer?, value: ByteBuffer?, headers: [RecordHeader] = [], timestamp: Int64) {
        append(offsetDelta: lastOffsetDelta + 1, timestamp: timestamp, key: key, value: value, headers: headers)
    }

    /// Appends `record` at its own offset, which must be above the previous record's and within 2^31 - 1 of
    /// `baseOffset`.
    /// - Throws: `RecordBatchError.inconsistentOffsets` otherwise (the offset may come from anywhere, so this
    ///   is an error, not a precondition).
    public mutating func append(_ record: Record) throws(RecordBatchError) {
        let (delta, overflow) = record.offset.subtractingReportingOverflow(baseOffset)
        guard !overflow, delta > Int64(lastOffsetDelta), delta <= Int64(Int32.max) else {
            throw .inconsistentOffsets(
                "record offset \(record.offset) does not follow delta \(lastOffsetDelta) of base offset \(baseOffset)")
        }
        append(
            offsetDelta: Int32(delta), timestamp: record.timestamp, key: record.key, value: record.value,
            headers: record.headers)
    }

    private mutating func append(
        offsetDelta: Int32, timestamp: Int64, key: ByteBuffer?, value: ByteBuffer?, headers: [RecordHeader]
    ) {
        let first = firstTimestamp ?? timestamp
        firstTimestamp = first
        maxRecordTimestamp = recordCount == 0 ? timestamp : max(maxRecordTimestamp, timestamp)
        let timestampDelta = timestamp &- first
        let headerKeys = headers.map { Array($0.key.utf8) }

        func lengthPrefixedSize(_ count: Int?) -> Int {
            guard let count else { return 1 }  // -1 is one byte
            return ZigZagVarint.encodedSize(of: Int64(count)) + count
        }
        var bodySize = 1 + ZigZagVarint.encodedSize(of: timestampDelta)
        bodySize += ZigZagVarint.encodedSize(of: Int64(offsetDelta))
        bodySize += lengthPrefixedSize(key?.readableBytes) + lengthPrefixedSize(value?.readableBytes)
        bodySize += ZigZagVarint.encodedSize(of: Int64(headers.count))
        for (header, key) in zip(headers, headerKeys) {
            bodySize += lengthPrefixedSize(key.count) + lengthPrefixedSize(header.value?.readableBytes)
        }

        ZigZagVarint.write(Int32(bodySize), to: &encodedRecords)
        encodedRecords.writeInteger(UInt8(0))  // record attributes: unused
        ZigZagVarint.write(timestampDelta, to: &encodedRecords)
        ZigZagVarint.write(offsetDelta, to: &encodedRecords)
        writeNullable(key)
        writeNullable(value)
        ZigZagVarint.write(Int32(headers.count), to: &encodedRecords)
        for (header, key) in zip(headers, headerKeys) {
            ZigZagVarint.write(Int32(key.count), to: &encodedRecords)
            encodedRecords.writeBytes(key)
            writeNullable(header.value)
        }
        recordCount += 1
        lastOffsetDelta = offsetDelta
    }

    private mutating func writeNullable(_ bytes: ByteBuffer?) {
        guard var bytes else {
            ZigZagVarint.write(Int32(-1), to: &encodedRecords)
            return
        }
        ZigZagVarint.write(Int32(bytes.readableBytes), to: &encodedRecords)
        encodedRecords.writeBuffer(&bytes)
    }

    /// The attributes field this builder writes.
    public var attributes: Int16 {
        var attributes = Int16(compression.rawValue)
        if case .logAppendTime = timestampType { attributes |= 0x8 }
        if isTransactional { attributes |= 0x10 }
        if isControl { attributes |= 0x20 }
        return attributes
    }

    /// Returns the finished batch.
    /// - Throws: `RecordBatchError.compressionFailed` if the codec library fails.
    public func build() throws(RecordBatchError) -> ByteBuffer {
        var output = ByteBufferAllocator().buffer(capacity: uncompressedSize)
        try build(into: &output)
        return output
    }

    /// Appends the finished batch to `output`.
    /// - Throws: `RecordBatchError.compressionFailed` if the codec library fails.
    public func build(into output: inout ByteBuffer) throws(RecordBatchError) {
        let start = output.writerIndex
        let maxTimestamp: Int64
        switch timestampType {
        case .createTime: maxTimestamp = maxRecordTimestamp
        case .logAppendTime(let time): maxTimestamp = time
        }
        output.writeInteger(baseOffset)
        output.writeInteger(Int32(0))  // batchLength, set below
        output.writeInteger(partitionLeaderEpoch)
        output.writeInteger(Int8(2))  // magic
        output.writeInteger(UInt32(0))  // crc, set below
        output.writeInteger(attributes)
        output.writeInteger(max(lastOffsetDelta, 0))
        output.writeInteger(firstTimestamp ?? -1)
        output.writeInteger(maxTimestamp)
        output.writeInteger(producerID)
        output.writeInteger(producerEpoch)
        output.writeInteger(baseSequence)
        output.writeInteger(Int32(recordCount))
        try RecordBatch.finish(records: encodedRecords, codec: compression, in: &output, batchStart: start)
    }
}

extension RecordBatch {
    /// Completes the batch whose header was just written at `batchStart` of `output`: appends `records`
    /// (compressed with `codec`), then sets the batch length and the CRC-32C.
    /// - Throws: `RecordBatchError.compressionFailed`; `output` is then cut back to `batchStart`.
    static func finish(records: ByteBuffer, codec: CompressionCodec, in output: inout ByteBuffer,
                       batchStart start: Int) throws(RecordBatchError) {
        if codec == .none {
            output.writeImmutableBuffer(records)
        } else {
            let failure = records.withUnsafeReadableBytes { bytes -> RecordBatchError? in
                do throws(RecordBatchError) {
                    try RecordCompression.compress(bytes, codec: codec, into: &output)
                    return nil
                } catch {
                    return error
                }
            }
            if let failure {
                output.moveWriterIndex(to: start)
                throw failure
            }
        }
        output.setInteger(Int32(output.writerIndex - start - RecordBatchHeader.logOverhead), at: start + 8)
        updateChecksum(in: &output, at: start)
    }
}
