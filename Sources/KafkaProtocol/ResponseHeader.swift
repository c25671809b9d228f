import NIOCore

/// The header in front of every response body.
///
/// Wire format:
///   v0: CorrelationId int32
///   v1: v0 + tagged fields (used by flexible response versions, except ApiVersions which always uses v0)
/// Which version goes with which response: `ApiKey.responseHeaderVersion(for:)`.
public struct ResponseHeader: Hashable, Sendable {
    public var correlationID: Int32

    public init(correlationID: Int32) {
        self.correlationID = correlationID
    }

    /// Reads a header of the given version (0 or 1).
    /// - Throws: `KafkaProtocolError` for malformed bytes.
    public init(from buffer: inout ByteBuffer, headerVersion: Int16) throws {
        correlationID = try buffer.readKafkaInteger(as: Int32.self)
        if headerVersion >= 1 {
            _ = try buffer.readTaggedFields()
        }
    }

    /// Writes the header in the given version (0 or 1).
    public func write(into buffer: inout ByteBuffer, headerVersion: Int16) {
        buffer.writeKafkaInteger(correlationID)
        if headerVersion >= 1 {
            buffer.writeEmptyTaggedFields()
        }
    }
}
