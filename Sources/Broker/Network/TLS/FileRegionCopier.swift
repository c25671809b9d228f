#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// Turns the file regions of a zero-copy Fetch response into buffers on TLS connections: sendfile moves bytes
/// from a file straight to the socket, which TLS must encrypt first, and `NIOSSLHandler` takes only buffers.
/// Plaintext listeners keep sendfile; here the record bytes are read (from the page cache, on the event loop, as
/// the copying fetch path does) and passed on as one buffer per region.
///
/// The response's owner keeps the regions' file descriptors open until the write completes, which covers the
/// synchronous read here.
final class FileRegionCopier: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = IOData
    typealias OutboundOut = ByteBuffer

    struct ReadFailed: Error, CustomStringConvertible {
        let errno: Int32
        var description: String { "reading a segment file for a TLS fetch response failed (errno \(errno))" }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .byteBuffer(let buffer):
            context.write(wrapOutboundOut(buffer), promise: promise)
        case .fileRegion(let region):
            do {
                let buffer = try Self.read(region, allocator: context.channel.allocator)
                context.write(wrapOutboundOut(buffer), promise: promise)
            } catch {
                promise?.fail(error)
                context.fireErrorCaught(error)
            }
        }
    }

    private static func read(_ region: FileRegion, allocator: ByteBufferAllocator) throws -> ByteBuffer {
        let length = region.readableBytes
        var buffer = allocator.buffer(capacity: length)
        try region.fileHandle.withUnsafeFileDescriptor { descriptor in
            var offset = region.readerIndex
            var remaining = length
            while remaining > 0 {
                var count = 0
                buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: remaining) { target in
                    count = pread(descriptor, target.baseAddress, remaining, off_t(offset))
                    return max(count, 0)
                }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw ReadFailed(errno: errno)
                }
                // A segment shorter than its index promised (truncated under us): end the connection, not the broker.
                guard count > 0 else { throw ReadFailed(errno: EIO) }
                offset += count
                remaining -= count
            }
        }
        return buffer
    }
}
