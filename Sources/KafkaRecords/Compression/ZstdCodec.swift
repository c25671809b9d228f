import CCodecs
import NIOCore

/// Zstandard. Written as one frame at level 3 (Kafka's default level); read as a stream, which handles frames
/// without a content size (librdkafka and Java's `ZstdOutputStream` write those) and concatenated frames.
enum ZstdCodec {
    static let level: Int32 = 3
    /// log2 of the largest decompression window accepted (see `decompress`).
    static let maxWindowLog: Int32 = 27

    private static func errorName(_ code: Int) -> String { String(cString: ZSTD_getErrorName(code)) }

    static func compress(_ input: UnsafeRawBufferPointer, into output: inout ByteBuffer) throws {
        var result = 0
        output.writeWithUnsafeMutableBytes(minimumWritableBytes: ZSTD_compressBound(input.count)) { space in
            result = ZSTD_compress(space.baseAddress, space.count, input.baseAddress, input.count, level)
            return ZSTD_isError(result) != 0 ? 0 : result
        }
        guard ZSTD_isError(result) == 0 else { throw CodecFailure(reason: errorName(result)) }
    }

    static func decompress(_ input: UnsafeRawBufferPointer, into sink: inout DecompressionSink) throws {
        guard let context = ZSTD_createDCtx() else { throw CodecFailure(reason: "cannot create a zstd context") }
        defer { ZSTD_freeDCtx(context) }
        // A frame header names its window size, and the decoder allocates that much before producing a byte.
        // Bound it explicitly rather than rely on the library's default: 2^27 bytes (128 MiB) is zstd's own
        // default limit, which librdkafka and the Java client (zstd-jni) also decode with, and the largest
        // window any compression level (up to 22) writes, so every batch a real producer sends still decodes.
        let windowSet = ZSTD_DCtx_setParameter(context, ZSTD_d_windowLogMax, Self.maxWindowLog)
        if ZSTD_isError(windowSet) != 0 { throw CodecFailure(reason: errorName(windowSet)) }
        var source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        while true {
            let (hint, filledWindow) = try sink.fill { window in
                var target = ZSTD_outBuffer(dst: window.baseAddress, size: window.count, pos: 0)
                let hint = ZSTD_decompressStream(context, &target, &source)
                return (ZSTD_isError(hint) != 0 ? 0 : target.pos, (hint, target.pos == target.size))
            }
            if ZSTD_isError(hint) != 0 { throw CodecFailure(reason: errorName(hint)) }
            let inputDone = source.pos == source.size
            if hint == 0 && inputDone { return }  // last frame complete
            // Input used up, room left, frame not finished: nothing more can come.
            if inputDone && hint != 0 && !filledWindow { throw CodecFailure(reason: "zstd frame is truncated") }
        }
    }
}
