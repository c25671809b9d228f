import KafkaClient
import KafkaProtocol
import NIOCore
import Testing

@Suite struct ApiVersionNegotiationTests {
    @Test func picksTheHighestVersionBothSidesSpeak() {
        #expect(ApiVersionNegotiation.select(client: 0...9, broker: 0...7) == 7)
        #expect(ApiVersionNegotiation.select(client: 3...9, broker: 0...12) == 9)
        #expect(ApiVersionNegotiation.select(client: 4...12, broker: 4...4) == 4)
        #expect(ApiVersionNegotiation.select(client: 3...3, broker: 3...9) == 3)
    }

    @Test func findsNoVersionWhenTheRangesDoNotMeet() {
        #expect(ApiVersionNegotiation.select(client: 3...9, broker: 0...2) == nil)
        #expect(ApiVersionNegotiation.select(client: 0...2, broker: 5...9) == nil)
    }

    @Test func negotiatedVersionsChoosePerApiAndRefuseMissingOnes() throws {
        let versions = NegotiatedApiVersions(ApiVersionsResponse(apiKeys: [
            .init(apiKey: ApiKey.produce.rawValue, minVersion: 0, maxVersion: 7),
            .init(apiKey: ApiKey.fetch.rawValue, minVersion: 0, maxVersion: 15),
            .init(apiKey: ApiKey.metadata.rawValue, minVersion: 0, maxVersion: 11),
        ]))
        #expect(try versions.version(for: ProduceRequest.self) == 7)
        #expect(try versions.version(for: FetchRequest.self) == FetchRequest.versions.upperBound)
        #expect(try versions.version(for: MetadataRequest.self) == 11)
        #expect(try versions.version(for: .produce, client: 3...5) == 5)
        #expect(versions.supports(.produce))
        #expect(!versions.supports(.initProducerId))
        #expect(throws: KafkaClientError.noCommonVersion(api: "\(ApiKey.initProducerId)")) {
            try versions.version(for: InitProducerIdRequest.self)
        }
        #expect(throws: KafkaClientError.self) { try versions.version(for: .produce, client: 8...9) }
    }

    /// A broker that does not serve ApiVersions v3 answers with a v0 body carrying UNSUPPORTED_VERSION and its
    /// ApiVersions range; the client decodes it at v0 and retries at the broker's highest.
    @Test func readsAnUnsupportedVersionAnswerAtV0AndRetriesAtTheListedVersion() throws {
        let answer = ApiVersionsResponse(errorCode: .unsupportedVersion, apiKeys: [
            .init(apiKey: ApiKey.apiVersions.rawValue, minVersion: 0, maxVersion: 2),
        ])
        var frame = ByteBuffer()
        ResponseHeader(correlationID: 7).write(into: &frame, headerVersion: 0)
        answer.write(into: &frame, version: 0)

        let (correlationID, decoded, version) = try ApiVersionNegotiation.decodeApiVersionsFrame(frame, askedVersion: 3)
        #expect(correlationID == 7)
        #expect(version == 0)
        #expect(decoded.errorCode == .unsupportedVersion)
        #expect(ApiVersionNegotiation.retryVersion(afterUnsupported: decoded) == 2)
    }

    @Test func retriesAtV0WhenTheBrokerListsNoApiVersionsRange() {
        let answer = ApiVersionsResponse(errorCode: .unsupportedVersion, apiKeys: [])
        #expect(ApiVersionNegotiation.retryVersion(afterUnsupported: answer) == 0)
    }

    @Test func readsASuccessfulAnswerAtTheAskedVersion() throws {
        let answer = ApiVersionsResponse(errorCode: .none, apiKeys: [
            .init(apiKey: ApiKey.produce.rawValue, minVersion: 0, maxVersion: 9),
            .init(apiKey: ApiKey.apiVersions.rawValue, minVersion: 0, maxVersion: 3),
        ], throttleTimeMs: 0)
        var frame = ByteBuffer()
        ResponseHeader(correlationID: 1).write(into: &frame, headerVersion: 0)
        answer.write(into: &frame, version: 3)
        let (_, decoded, version) = try ApiVersionNegotiation.decodeApiVersionsFrame(frame, askedVersion: 3)
        #expect(version == 3)
        #expect(decoded == answer)
        #expect(NegotiatedApiVersions(decoded).brokerRanges[ApiKey.produce.rawValue] == 0...9)
    }
}

@Suite struct BrokerAddressTests {
    @Test func parsesBootstrapLists() throws {
        #expect(try BrokerAddress.parseList("127.0.0.1:9092") == [BrokerAddress(host: "127.0.0.1", port: 9092)])
        #expect(try BrokerAddress.parseList("a:1, b:2,[::1]:9093") == [
            BrokerAddress(host: "a", port: 1), BrokerAddress(host: "b", port: 2), BrokerAddress(host: "::1", port: 9093),
        ])
    }

    @Test(arguments: ["", "host", "host:", ":9092", "host:notaport", "host:70000"])
    func rejectsMalformedAddresses(text: String) {
        #expect(throws: KafkaClientError.self) { try BrokerAddress.parseList(text) }
    }
}
