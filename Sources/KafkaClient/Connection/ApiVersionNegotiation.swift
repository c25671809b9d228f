import KafkaProtocol
import NIOCore

/// How a client and a broker agree on versions (KIP-35, KIP-511): per API, the highest version inside both the
/// client's range and the range the broker advertised in ApiVersions.
public enum ApiVersionNegotiation {
    /// The newest ApiVersions version we send first.
    public static let preferredApiVersionsVersion: Int16 = 3

    /// The highest version in both ranges, nil when they do not overlap.
    public static func select(client: ClosedRange<Int16>, broker: ClosedRange<Int16>) -> Int16? {
        let low = max(client.lowerBound, broker.lowerBound)
        let high = min(client.upperBound, broker.upperBound)
        return low <= high ? high : nil
    }

    /// The ApiVersions version to retry with after the broker answered UNSUPPORTED_VERSION: the highest one it
    /// listed for ApiVersions that we also speak, or v0 when it listed none (every broker serves v0).
    public static func retryVersion(afterUnsupported response: ApiVersionsResponse,
                                    client: ClosedRange<Int16> = ApiVersionsRequest.versions) -> Int16
    {
        guard let listed = response.apiKeys.first(where: { $0.apiKey == ApiKey.apiVersions.rawValue }),
            listed.minVersion <= listed.maxVersion
        else { return 0 }
        return select(client: client, broker: listed.minVersion...listed.maxVersion) ?? 0
    }

    /// Decodes an ApiVersions response frame (header v0 always). A broker that does not serve the version we
    /// asked answers with a v0 body carrying UNSUPPORTED_VERSION, so the error code is read first and the body
    /// decoded at v0 in that case.
    /// - Throws: `KafkaProtocolError` for bytes that do not decode.
    public static func decodeApiVersionsFrame(_ frame: ByteBuffer, askedVersion: Int16) throws
        -> (correlationID: Int32, response: ApiVersionsResponse, decodedVersion: Int16)
    {
        var buffer = frame
        let header = try ResponseHeader(from: &buffer, headerVersion: 0)
        let errorCode = buffer.getInteger(at: buffer.readerIndex, as: Int16.self)
        let version = errorCode == KafkaErrorCode.unsupportedVersion.rawValue ? 0 : askedVersion
        return (header.correlationID, try ApiVersionsResponse(from: &buffer, version: version), version)
    }
}

/// The API version ranges one broker advertised, and the choice of version per request type.
public struct NegotiatedApiVersions: Hashable, Sendable {
    /// Broker ranges by API key.
    public let brokerRanges: [Int16: ClosedRange<Int16>]

    public init(brokerRanges: [Int16: ClosedRange<Int16>]) {
        self.brokerRanges = brokerRanges
    }

    public init(_ response: ApiVersionsResponse) {
        var ranges: [Int16: ClosedRange<Int16>] = [:]
        for entry in response.apiKeys where entry.minVersion <= entry.maxVersion {
            ranges[entry.apiKey] = entry.minVersion...entry.maxVersion
        }
        self.init(brokerRanges: ranges)
    }

    /// Whether the broker serves `api` at all.
    public func supports(_ api: ApiKey) -> Bool { brokerRanges[api.rawValue] != nil }

    /// The version to send `api` at, given the versions this client speaks.
    /// - Throws: `KafkaClientError.noCommonVersion` when the broker serves none of them.
    public func version(for api: ApiKey, client: ClosedRange<Int16>) throws -> Int16 {
        guard let broker = brokerRanges[api.rawValue],
            let chosen = ApiVersionNegotiation.select(client: client, broker: broker)
        else { throw KafkaClientError.noCommonVersion(api: "\(api)") }
        return chosen
    }

    /// The version to send `Request` at, over every version our codec speaks.
    public func version<Request: KafkaRequestMessage>(for request: Request.Type) throws -> Int16 {
        try version(for: Request.apiKey, client: Request.versions)
    }
}
