import CCodecs
import NIOCore

/// gzip (RFC 1952) through zlib, as Java's `GZIPOutputStream`/`GZIPInputStream` and librdkafka use it.
enum GzipCodec {
    /// zlib keeps a pointer back to its stream and checks it on every call, so the stream must not move:
    /// it lives in memory allocated here rather than in a Swift variable.
    private static func withStream<T>(_ body: (UnsafeMutablePointer<z_stream>) throws -> T) rethrows -> T {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        return try body(stream)
    }

    private static func message(_ stream: UnsafeMutablePointer<z_stream>, _ code: Int32) -> String {
        if let text = stream.pointee.msg { return String(cString: text) }
        return "zlib error \(code)"
    }

    static func compress(_ input: UnsafeRawBufferPointer, into output: inout ByteBuffer) throws {
        try withStream { stream in
            let initCode = tributary_deflate_init_gzip(stream, Z_DEFAULT_COMPRESSION)
            guard initCode == Z_OK else { throw CodecFailure(reason: message(stream, initCode)) }
            defer { deflateEnd(stream) }
            let bound = Int(deflateBound(stream, uLong(input.count)))
            stream.pointee.next_in = UnsafeMutablePointer(
                mutating: input.baseAddress!.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(input.count)
            var code: Int32 = Z_OK
            output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { space in
                stream.pointee.next_out = space.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = uInt(min(space.count, Int(Int32.max)))
                code = deflate(stream, Z_FINISH)
                return Int(stream.pointee.total_out)
            }
            // deflateBound guarantees one Z_FINISH call is enough.
            guard code == Z_STREAM_END else { throw CodecFailure(reason: message(stream, code)) }
        }
    }

    static func decompress(_ input: UnsafeRawBufferPointer, into sink: inout DecompressionSink) throws {
        try withStream { stream in
            let initCode = tributary_inflate_init_gzip(stream)
            guard initCode == Z_OK else { throw CodecFailure(reason: message(stream, initCode)) }
            defer { inflateEnd(stream) }
            stream.pointee.next_in = UnsafeMutablePointer(
                mutating: input.baseAddress!.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(input.count)
            while true {
                let code: Int32 = try sink.fill { window in
                    stream.pointee.next_out = window.baseAddress!.assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_out = uInt(min(window.count, Int(Int32.max)))
                    let before = stream.pointee.avail_out
                    let code = inflate(stream, Z_NO_FLUSH)
                    return (Int(before - stream.pointee.avail_out), code)
                }
                switch code {
                case Z_STREAM_END:
                    // Another gzip member may follow (GZIPInputStream reads them all); anything else ends the data.
                    let left = Int(stream.pointee.avail_in)
                    guard left >= 2, let next = stream.pointee.next_in, next[0] == 0x1f, next[1] == 0x8b else {
                        return
                    }
                    inflateReset(stream)
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.pointee.avail_out == 0:
                    continue  // the window was full; the sink grows on the next round
                case Z_BUF_ERROR:
                    throw CodecFailure(reason: "gzip stream is truncated")
                default:
                    throw CodecFailure(reason: message(stream, code))
                }
            }
        }
    }
}
