import NIOCore

/// Splits a byte stream into Kafka frames: an int32 size, then that many bytes (header + body).
///
/// Emits each frame's content, without the size prefix, as a `ByteBuffer`. A negative size or one above
/// `maximumFrameSize` throws `KafkaProtocolError`, which closes the connection: the stream cannot be resynchronised.
public struct KafkaFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    /// The largest frame accepted, in bytes (Kafka's `socket.request.max.bytes` defaults to 100 MiB).
    public let maximumFrameSize: Int

    public init(maximumFrameSize: Int = 100 * 1024 * 1024) {
        self.maximumFrameSize = maximumFrameSize
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try Self.readFrame(from: &buffer, maximumFrameSize: maximumFrameSize) else {
            return .needMoreData
        }
        context.fireChannelRead(wrapInboundOut(frame))
        return .continue
    }

    /// Reads one whole frame's content from `buffer`, or returns nil (consuming nothing) when it has not all
    /// arrived yet. Usable without a channel.
    /// - Throws: `KafkaProtocolError.negativeFrameSize` or `.frameTooLarge`.
    public static func readFrame(from buffer: inout ByteBuffer, maximumFrameSize: Int) throws -> ByteBuffer? {
        guard let size = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: Int32.self) else {
            return nil
        }
        guard size >= 0 else { throw KafkaProtocolError.negativeFrameSize(size) }
        guard Int(size) <= maximumFrameSize else {
            throw KafkaProtocolError.frameTooLarge(size: Int(size), limit: maximumFrameSize)
        }
        guard buffer.readableBytes >= 4 + Int(size) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer.readSlice(length: Int(size))
    }
}
