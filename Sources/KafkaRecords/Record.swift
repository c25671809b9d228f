import NIOCore

/// One record of a batch, with its absolute offset and timestamp.
///
/// Key, value and header values are `ByteBuffer` slices: reading a batch shares the batch's storage instead of
/// copying (so a kept record keeps its batch's storage alive; copy the bytes out to keep one alone).
/// `nil` is Kafka's null (length -1), which is different from an empty buffer.
public struct Record: Hashable, Sendable {
    /// Absolute offset: the batch's `baseOffset` + the record's `offsetDelta`.
    public var offset: Int64
    /// Absolute timestamp in milliseconds: `baseTimestamp` + `timestampDelta`, or the batch's `maxTimestamp`
    /// when the batch uses LogAppendTime.
    public var timestamp: Int64
    public var key: ByteBuffer?
    public var value: ByteBuffer?
    public var headers: [RecordHeader]

    public init(offset: Int64, timestamp: Int64, key: ByteBuffer?, value: ByteBuffer?, headers: [RecordHeader] = []) {
        self.offset = offset
        self.timestamp = timestamp
        self.key = key
        self.value = value
        self.headers = headers
    }
}

/// A record header: a UTF-8 key and a nullable value.
public struct RecordHeader: Hashable, Sendable {
    public var key: String
    public var value: ByteBuffer?

    public init(key: String, value: ByteBuffer?) {
        self.key = key
        self.value = value
    }
}

/// Where the parts of one record lie inside the records bytes, found without copying anything.
///
/// Record layout (magic 2): length varint · attributes int8 · timestampDelta varlong · offsetDelta varint ·
/// keyLength varint (-1 = null) · key · valueLength varint (-1 = null) · value · headerCount varint ·
/// headers[keyLength varint · key UTF-8 · valueLength varint (-1 = null) · value]. `length` counts the bytes
/// after itself, and a record must use exactly that many (Kafka rejects a record whose parts do not add up).
struct RecordLayout {
    var timestampDelta: Int64
    var offsetDelta: Int32
    var key: Range<Int>?
    var value: Range<Int>?
    /// Position of the first header, just after the header count.
    var headersStart: Int
    var headerCount: Int

    /// Parses and checks the record at the reader's position and moves the reader past it.
    @inline(__always)
    static func parse(_ reader: inout RawReader) throws(RawReader.Failure) -> RecordLayout {
        let length = try reader.varint()
        guard length > 0, Int(length) <= reader.remaining else {
            throw RawReader.Failure(
                reason: "record length \(length) does not fit in the \(reader.remaining) bytes left")
        }
        let end = reader.position + Int(length)
        // Parse inside a window ending at the record's end, so no part can spill into the next record.
        var inner = RawReader(UnsafeRawBufferPointer(rebasing: reader.bytes[..<end]), position: reader.position)
        _ = try inner.byte()  // attributes: unused in magic 2
        let timestampDelta = try inner.varlong()
        let offsetDelta = try inner.varint()
        let key = try inner.lengthPrefixed()
        let value = try inner.lengthPrefixed()
        let headerCount = try inner.varint()
        guard headerCount >= 0 else { throw RawReader.Failure(reason: "negative header count \(headerCount)") }
        let headersStart = inner.position
        for _ in 0..<Int(headerCount) {
            guard try inner.lengthPrefixed() != nil else { throw RawReader.Failure(reason: "null header key") }
            _ = try inner.lengthPrefixed()
        }
        guard inner.position == end else {
            throw RawReader.Failure(reason: "record length \(length) does not match the size of its parts")
        }
        reader.position = end
        return RecordLayout(
            timestampDelta: timestampDelta, offsetDelta: offsetDelta, key: key, value: value,
            headersStart: headersStart, headerCount: Int(headerCount))
    }

    /// Builds the `Record`, slicing `storage` (whose readable bytes are the ones parsed) for key, value and headers.
    func materialize(
        bytes: UnsafeRawBufferPointer, storage: ByteBuffer, baseOffset: Int64, timestamp: Int64
    ) -> Record {
        func slice(_ range: Range<Int>?) -> ByteBuffer? {
            guard let range else { return nil }
            return storage.getSlice(at: storage.readerIndex + range.lowerBound, length: range.count)
        }
        var headers: [RecordHeader] = []
        if headerCount > 0 {
            headers.reserveCapacity(headerCount)
            var reader = RawReader(bytes, position: headersStart)
            do {
                for _ in 0..<headerCount {
                    let keyRange = try reader.lengthPrefixed() ?? 0..<0
                    let valueRange = try reader.lengthPrefixed()
                    let key = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[keyRange]), as: UTF8.self)
                    headers.append(RecordHeader(key: key, value: slice(valueRange)))
                }
            } catch {
                // Unreachable: `parse` already walked these headers successfully.
            }
        }
        return Record(
            // Wrapping, as Java's long arithmetic does: the batch may come from anywhere, and a record's offset is
            // only reported, never used to index anything.
            offset: baseOffset &+ Int64(offsetDelta), timestamp: timestamp, key: slice(key), value: slice(value),
            headers: headers)
    }
}
