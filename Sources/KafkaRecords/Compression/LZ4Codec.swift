import CCodecs
import NIOCore

/// LZ4 frame format (magic 0x184D2204). Written with 64 KiB independent blocks and no content size, the
/// layout Java's `KafkaLZ4BlockOutputStream` produces and reads; any valid frame is read.
enum LZ4Codec {
    static func compress(_ input: UnsafeRawBufferPointer, into output: inout ByteBuffer) throws {
        var preferences = LZ4F_preferences_t()
        preferences.frameInfo.blockSizeID = LZ4F_max64KB
        preferences.frameInfo.blockMode = LZ4F_blockIndependent
        let bound = LZ4F_compressFrameBound(input.count, &preferences)
        var result = 0
        output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { space in
            result = LZ4F_compressFrame(space.baseAddress, space.count, input.baseAddress, input.count, &preferences)
            return LZ4F_isError(result) != 0 ? 0 : result
        }
        guard LZ4F_isError(result) == 0 else { throw CodecFailure(reason: String(cString: LZ4F_getErrorName(result))) }
    }

    static func decompress(_ input: UnsafeRawBufferPointer, into sink: inout DecompressionSink) throws {
        var context: OpaquePointer?
        let created = LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))
        guard LZ4F_isError(created) == 0, let context else {
            throw CodecFailure(reason: "cannot create an LZ4 decompression context")
        }
        defer { LZ4F_freeDecompressionContext(context) }
        var consumed = 0
        while true {
            let (produced, taken, hint) = try sink.fill { window in
                var outputSize = window.count
                var inputSize = input.count - consumed
                let hint = LZ4F_decompress(
                    context, window.baseAddress, &outputSize, input.baseAddress! + consumed, &inputSize, nil)
                if LZ4F_isError(hint) != 0 { return (0, (0, 0, hint)) }
                return (outputSize, (outputSize, inputSize, hint))
            }
            if LZ4F_isError(hint) != 0 { throw CodecFailure(reason: String(cString: LZ4F_getErrorName(hint))) }
            consumed += taken
            if hint == 0 && consumed == input.count { return }  // frame complete, nothing follows
            if consumed == input.count && produced == 0 && taken == 0 {
                throw CodecFailure(reason: "LZ4 frame is truncated")
            }
        }
    }
}
