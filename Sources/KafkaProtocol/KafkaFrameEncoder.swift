import NIOCore

/// Prefixes each outbound message (header + body) with its int32 size.
public struct KafkaFrameEncoder: MessageToByteEncoder {
    public typealias OutboundIn = ByteBuffer

    public init() {}

    public func encode(data: ByteBuffer, out: inout ByteBuffer) throws {
        out.writeKafkaInteger(Int32(data.readableBytes))
        out.writeImmutableBuffer(data)
    }
}

extension ByteBuffer {
    /// Writes a size-prefixed frame whose content `writeContent` writes.
    public mutating func writeKafkaFrame(_ writeContent: (inout ByteBuffer) -> Void) {
        let sizeIndex = writerIndex
        writeKafkaInteger(Int32(0))
        writeContent(&self)
        setInteger(Int32(writerIndex - sizeIndex - 4), at: sizeIndex, endianness: .big)
    }

    /// Writes a request header and body (no size prefix): what a client sends.
    public mutating func writeKafkaRequest<Request: KafkaRequestMessage>(
        _ request: Request, version: Int16, correlationID: Int32, clientID: String?
    ) {
        RequestHeader(apiKey: Request.apiKey, apiVersion: version, correlationID: correlationID, clientID: clientID)
            .write(into: &self)
        request.write(into: &self, version: version)
    }

    /// Writes a response header and body (no size prefix): what a broker answers, using the header version
    /// that goes with the response's API and version.
    public mutating func writeKafkaResponse<Response: KafkaResponseMessage>(
        _ response: Response, version: Int16, correlationID: Int32
    ) {
        ResponseHeader(correlationID: correlationID)
            .write(into: &self, headerVersion: Response.apiKey.responseHeaderVersion(for: version))
        response.write(into: &self, version: version)
    }
}

extension KafkaResponseMessage {
    /// Reads a response header and this body from one frame's content (what a client receives).
    /// - Throws: `KafkaProtocolError`.
    public static func decodeFrame(_ frame: ByteBuffer, version: Int16) throws -> (ResponseHeader, Self) {
        var buffer = frame
        let header = try ResponseHeader(from: &buffer, headerVersion: apiKey.responseHeaderVersion(for: version))
        return (header, try Self(from: &buffer, version: version))
    }
}
