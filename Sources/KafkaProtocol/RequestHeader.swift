import NIOCore

/// The header in front of every request body.
///
/// Wire format (all versions start the same way, so the API key and version can be read first):
///   v0: ApiKey int16, ApiVersion int16, CorrelationId int32
///   v1: v0 + ClientId nullable string (int16 length)
///   v2: v1 + tagged fields (ClientId keeps the int16 length even though the header is flexible)
/// Which version goes with which request: `ApiKey.requestHeaderVersion(for:)`.
public struct RequestHeader: Hashable, Sendable {
    public var apiKey: ApiKey
    public var apiVersion: Int16
    public var correlationID: Int32
    /// The client's `client.id`; absent in header v0.
    public var clientID: String?

    public init(apiKey: ApiKey, apiVersion: Int16, correlationID: Int32, clientID: String?) {
        self.apiKey = apiKey
        self.apiVersion = apiVersion
        self.correlationID = correlationID
        self.clientID = clientID
    }

    /// The header version this request uses.
    public var headerVersion: Int16 { apiKey.requestHeaderVersion(for: apiVersion) }

    /// Reads a header, choosing its version from the API key and version it starts with.
    /// - Throws: `KafkaProtocolError.unknownApiKey`, or another `KafkaProtocolError` for malformed bytes.
    public init(from buffer: inout ByteBuffer) throws {
        let rawKey = try buffer.readKafkaInteger(as: Int16.self)
        guard let apiKey = ApiKey(rawValue: rawKey) else { throw KafkaProtocolError.unknownApiKey(rawKey) }
        let apiVersion = try buffer.readKafkaInteger(as: Int16.self)
        let correlationID = try buffer.readKafkaInteger(as: Int32.self)
        self.init(apiKey: apiKey, apiVersion: apiVersion, correlationID: correlationID, clientID: nil)
        let headerVersion = apiKey.requestHeaderVersion(for: apiVersion)
        if headerVersion >= 1 {
            clientID = try buffer.readKafkaNullableString(compact: false)
        }
        if headerVersion >= 2 {
            _ = try buffer.readTaggedFields()
        }
    }

    /// Writes the header in the version its API key and version call for.
    public func write(into buffer: inout ByteBuffer) {
        buffer.writeKafkaInteger(apiKey.rawValue)
        buffer.writeKafkaInteger(apiVersion)
        buffer.writeKafkaInteger(correlationID)
        let headerVersion = self.headerVersion
        if headerVersion >= 1 {
            buffer.writeKafkaNullableString(clientID, compact: false)
        }
        if headerVersion >= 2 {
            buffer.writeEmptyTaggedFields()
        }
    }
}
