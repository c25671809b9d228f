import CCodecs
import NIOCore

/// Snappy, in the two shapes Kafka clients send:
/// - xerial framing (snappy-java's `SnappyOutputStream`, used by the Java client and kafka-python):
///   header 0x82 'S' 'N' 'A' 'P' 'P' 'Y' 0x00 · version int32 (1) · compatible version int32 (1), then blocks of
///   [compressed length int32 big-endian · raw snappy block], each block holding at most 32 KiB of input;
/// - raw snappy (one block), which librdkafka can read and some clients write.
/// We write the xerial framing, as Java does, so every client can read our batches.
enum SnappyCodec {
    static let xerialMagic: [UInt8] = [0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]
    static let xerialHeaderSize = 16
    static let xerialBlockSize = 32 * 1024

    static func compressXerial(_ input: UnsafeRawBufferPointer, into output: inout ByteBuffer) throws {
        output.writeBytes(xerialMagic)
        output.writeInteger(Int32(1))  // format version
        output.writeInteger(Int32(1))  // oldest compatible version
        var start = 0
        while start < input.count {
            let end = min(start + xerialBlockSize, input.count)
            let block = UnsafeRawBufferPointer(rebasing: input[start..<end])
            let lengthIndex = output.writerIndex
            output.writeInteger(Int32(0))  // compressed length, filled in below
            var status = SNAPPY_OK
            let written = output.writeWithUnsafeMutableBytes(
                minimumWritableBytes: snappy_max_compressed_length(block.count)
            ) { space in
                var length = space.count
                status = snappy_compress(
                    block.baseAddress!.assumingMemoryBound(to: CChar.self), block.count,
                    space.baseAddress!.assumingMemoryBound(to: CChar.self), &length)
                return status == SNAPPY_OK ? length : 0
            }
            guard status == SNAPPY_OK else { throw CodecFailure(reason: "snappy_compress failed (\(status))") }
            output.setInteger(Int32(written), at: lengthIndex)
            start = end
        }
    }

    static func decompress(_ input: UnsafeRawBufferPointer, into sink: inout DecompressionSink) throws {
        guard isXerial(input, at: 0) else {
            try decompressBlock(input, into: &sink)
            return
        }
        var position = xerialHeaderSize
        while position < input.count {
            // snappy-java also reads several concatenated xerial streams.
            if isXerial(input, at: position) {
                position += xerialHeaderSize
                continue
            }
            guard input.count - position >= 4 else { throw CodecFailure(reason: "truncated xerial block length") }
            let length = Int(Int32(bigEndian: input.loadUnaligned(fromByteOffset: position, as: Int32.self)))
            position += 4
            guard length >= 0, length <= input.count - position else {
                throw CodecFailure(reason: "xerial block length \(length) runs past the end of the payload")
            }
            try decompressBlock(UnsafeRawBufferPointer(rebasing: input[position..<position + length]), into: &sink)
            position += length
        }
    }

    private static func isXerial(_ input: UnsafeRawBufferPointer, at position: Int) -> Bool {
        guard input.count - position >= xerialHeaderSize else { return false }
        for (index, byte) in xerialMagic.enumerated() where input[position + index] != byte { return false }
        return true
    }

    private static func decompressBlock(_ block: UnsafeRawBufferPointer, into sink: inout DecompressionSink) throws {
        guard block.count > 0 else { return }
        let source = block.baseAddress!.assumingMemoryBound(to: CChar.self)
        var size = 0
        guard snappy_uncompressed_length(source, block.count, &size) == SNAPPY_OK else {
            throw CodecFailure(reason: "not a snappy block")
        }
        // The block states its size up front, so a bomb is refused before anything is allocated.
        try sink.ensureRoom(for: size)
        guard size > 0 else { return }
        var status = SNAPPY_OK
        sink.output.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { space in
            var length = space.count
            let target = space.baseAddress!.assumingMemoryBound(to: CChar.self)
            status = snappy_uncompress(source, block.count, target, &length)
            return status == SNAPPY_OK ? length : 0
        }
        guard status == SNAPPY_OK else { throw CodecFailure(reason: "corrupt snappy block (\(status))") }
    }
}
