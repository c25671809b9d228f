import CCodecs
import NIOCore

/// Compresses and decompresses the records part of a batch (everything after `recordCount`) with the codecs
/// Kafka clients use, in the framings they use:
/// - gzip: a gzip stream (RFC 1952), as Java's `GZIPOutputStream`; several concatenated members are read.
/// - snappy: written in snappy-java's "xerial" framing, as the Java client does; read in that framing or raw.
/// - lz4: the LZ4 frame format (64 KiB independent blocks, as Java's `KafkaLZ4BlockOutputStream`).
/// - zstd: one zstd frame; read as a stream, so frames without a content size (librdkafka, Java) work.
///
/// Decompression stops with `RecordBatchError.decompressedSizeExceedsLimit` once the output would pass `limit`,
/// so a small malicious payload cannot make the broker allocate gigabytes.
public enum RecordCompression {
    /// The decompressed-size limit used when none is given: 64 MiB, above any batch the default broker and
    /// client size limits let through (message.max.bytes ≈ 1 MiB, fetch.max.bytes 50 MiB).
    public static let defaultDecompressionLimit = 64 << 20

    /// Compresses `input` with `codec` and appends the result to `output`. `.none` appends `input` unchanged.
    /// - Throws: `RecordBatchError.compressionFailed` when the codec library reports an error.
    public static func compress(
        _ input: UnsafeRawBufferPointer, codec: CompressionCodec, into output: inout ByteBuffer
    ) throws(RecordBatchError) {
        do {
            try withNonNilBase(input) { input in
                switch codec {
                case .none: output.writeBytes(input)
                case .gzip: try GzipCodec.compress(input, into: &output)
                case .snappy: try SnappyCodec.compressXerial(input, into: &output)
                case .lz4: try LZ4Codec.compress(input, into: &output)
                case .zstd: try ZstdCodec.compress(input, into: &output)
                }
            }
        } catch let failure as CodecFailure {
            throw .compressionFailed(codec, reason: failure.reason)
        } catch {
            throw .compressionFailed(codec, reason: "\(error)")
        }
    }

    /// Decompresses `input` (one whole compressed payload) into a new buffer.
    /// - Parameters:
    ///   - limit: the most bytes the output may hold.
    /// - Throws: `RecordBatchError.decompressionFailed` for damaged or truncated input,
    ///   `RecordBatchError.decompressedSizeExceedsLimit` when the output would exceed `limit`.
    public static func decompress(
        _ input: UnsafeRawBufferPointer, codec: CompressionCodec, limit: Int = defaultDecompressionLimit,
        allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) throws(RecordBatchError) -> ByteBuffer {
        // Compressed records are usually a few times smaller than the records; start there and grow.
        var output = allocator.buffer(capacity: min(limit, max(256, input.count * 4)))
        do {
            try withNonNilBase(input) { input in
                var sink = DecompressionSink(output: output, limit: limit)
                output = ByteBuffer()  // keep one reference so the sink's writes do not copy
                switch codec {
                case .none: try sink.append(input)
                case .gzip: try GzipCodec.decompress(input, into: &sink)
                case .snappy: try SnappyCodec.decompress(input, into: &sink)
                case .lz4: try LZ4Codec.decompress(input, into: &sink)
                case .zstd: try ZstdCodec.decompress(input, into: &sink)
                }
                output = sink.output
            }
        } catch is DecompressionSink.LimitExceeded {
            throw .decompressedSizeExceedsLimit(codec, limit: limit)
        } catch let failure as CodecFailure {
            throw .decompressionFailed(codec, reason: failure.reason)
        } catch {
            throw .decompressionFailed(codec, reason: "\(error)")
        }
        return output
    }

    /// Decompresses the readable bytes of `input`. See `decompress(_:codec:limit:allocator:)`.
    public static func decompress(
        _ input: ByteBuffer, codec: CompressionCodec, limit: Int = defaultDecompressionLimit
    ) throws(RecordBatchError) -> ByteBuffer {
        let result = input.withUnsafeReadableBytes { bytes in
            Result { () throws(RecordBatchError) in try decompress(bytes, codec: codec, limit: limit) }
        }
        return try result.get()
    }

    /// Compresses the readable bytes of `input` into a new buffer.
    public static func compress(_ input: ByteBuffer, codec: CompressionCodec) throws(RecordBatchError) -> ByteBuffer {
        var output = ByteBuffer()
        let result = input.withUnsafeReadableBytes { bytes in
            Result { () throws(RecordBatchError) in try compress(bytes, codec: codec, into: &output) }
        }
        try result.get()
        return output
    }

    /// C libraries want a real pointer even for zero bytes; an empty buffer may have a nil base address.
    private static func withNonNilBase<T>(
        _ input: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> T
    ) throws -> T {
        if input.baseAddress != nil { return try body(input) }
        var zero: UInt8 = 0
        return try withUnsafeBytes(of: &zero) { try body(UnsafeRawBufferPointer(rebasing: $0[0..<0])) }
    }
}

/// An error reported by a codec library, with its message.
struct CodecFailure: Error {
    let reason: String
}

/// The growing output of a decompression, which refuses to pass its limit.
struct DecompressionSink {
    struct LimitExceeded: Error {}

    var output: ByteBuffer
    let limit: Int

    var written: Int { output.readableBytes }

    /// Appends bytes already decompressed elsewhere.
    mutating func append(_ bytes: UnsafeRawBufferPointer) throws(LimitExceeded) {
        guard bytes.count <= limit - written else { throw LimitExceeded() }
        output.writeBytes(bytes)
    }

    /// Checks that `count` more bytes fit under the limit (for codecs that know the size up front).
    func ensureRoom(for count: Int) throws(LimitExceeded) {
        guard count >= 0, count <= limit - written else { throw LimitExceeded() }
    }

    /// Lets `body` write into free space (at most up to the limit) and returns what it returned.
    /// `body` gets a non-empty window and returns the number of bytes it wrote plus its own result.
    /// - Throws: `LimitExceeded` when the limit is already reached and the codec still wants room.
    mutating func fill<T>(_ body: (UnsafeMutableRawBufferPointer) throws -> (written: Int, result: T)) throws -> T {
        let room = limit - written
        guard room > 0 else { throw LimitExceeded() }
        if output.writableBytes == 0 {
            output.reserveCapacity(minimumWritableBytes: min(room, max(4096, output.capacity)))
        }
        var result: T?
        try output.writeWithUnsafeMutableBytes(minimumWritableBytes: 1) { space in
            let window = UnsafeMutableRawBufferPointer(rebasing: space[0..<min(space.count, room)])
            let (count, value) = try body(window)
            result = value
            return count
        }
        return result!
    }
}
