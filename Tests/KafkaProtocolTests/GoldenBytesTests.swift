import KafkaModel
import KafkaProtocol
import NIOCore
import Testing

/// Bytes written by real clients decode, and encode back to the very same bytes.
@Suite struct GoldenBytesTests {
    @Test func everyFixtureDecodesAndReencodesIdentically() throws {
        let names = Fixture.names
        #expect(names.count > 300)
        for name in names {
            guard let parsed = Fixture.parse(name) else {
                Issue.record("fixture name \(name) does not parse")
                continue
            }
            let wire = try Fixture.hex(name)
            if parsed.isRequest {
                let type = try #require(KafkaMessageCatalog.requestType(for: parsed.apiKey), "\(name)")
                try checkRequest(type, wire: wire, version: parsed.version, name: name)
            } else {
                let type = try #require(KafkaMessageCatalog.responseType(for: parsed.apiKey), "\(name)")
                try checkResponse(type, wire: wire, version: parsed.version, name: name)
            }
        }
    }

    private func checkRequest<Request: KafkaRequestMessage>(
        _ type: Request.Type, wire: ByteBuffer, version: Int16, name: String
    ) throws {
        var buffer = wire
        let header = try RequestHeader(from: &buffer)
        #expect(header.apiKey == Request.apiKey && header.apiVersion == version, "\(name)")
        let request = try Request(from: &buffer, version: version)
        #expect(buffer.readableBytes == 0, "\(name): \(buffer.readableBytes) bytes left")
        var encoded = ByteBuffer()
        encoded.writeKafkaRequest(request, version: version, correlationID: header.correlationID,
                                  clientID: header.clientID)
        #expect(encoded == wire, "\(name)")
    }

    private func checkResponse<Response: KafkaResponseMessage>(
        _ type: Response.Type, wire: ByteBuffer, version: Int16, name: String
    ) throws {
        let (header, response) = try Response.decodeFrame(wire, version: version)
        var encoded = ByteBuffer()
        encoded.writeKafkaResponse(response, version: version, correlationID: header.correlationID)
        #expect(encoded == wire, "\(name)")
    }

    @Test func decodesHeartbeatSentByKafkaPython() throws {
        var buffer = try Fixture.hex("heartbeat-v4-request-kafka-python")
        let header = try RequestHeader(from: &buffer)
        #expect(header == RequestHeader(apiKey: .heartbeat, apiVersion: 4, correlationID: 1004, clientID: "kafka-python"))
        let request = try HeartbeatRequest(from: &buffer, version: 4)
        #expect(request == HeartbeatRequest(groupID: "s1", generationID: 2, memberID: "s3", groupInstanceID: "s4"))
    }

    @Test func decodesMetadataResponseV12WrittenByKafkaPython() throws {
        let (header, response) = try MetadataResponse.decodeFrame(
            try Fixture.hex("metadata-v12-response-kafka-python"), version: 12)
        #expect(header.correlationID == 1012)
        #expect(response.brokers.count == 1)
        #expect(response.brokers.first?.nodeID == BrokerID(3))
        let topic = try #require(response.topics.first)
        #expect(topic.topicID == KafkaUUID(mostSignificantBits: 12, leastSignificantBits: 13))
        #expect(topic.partitions.first?.replicaNodes.count == 2)
    }

    @Test func decodesApiVersionsV3SentByLibrdkafka() throws {
        var buffer = try Fixture.hex("api-versions-v3-request-librdkafka")
        let header = try RequestHeader(from: &buffer)
        #expect(header == RequestHeader(apiKey: .apiVersions, apiVersion: 3, correlationID: 1, clientID: "rdkafka-fixture"))
        let request = try ApiVersionsRequest(from: &buffer, version: 3)
        #expect(request.clientSoftwareName == "confluent-kafka-python")
        #expect(request.clientSoftwareVersion.hasSuffix("rdkafka-2.16.0"))
    }

    @Test func decodesMetadataV12SentByLibrdkafka() throws {
        var buffer = try Fixture.hex("metadata-v12-request-librdkafka")
        let header = try RequestHeader(from: &buffer)
        #expect(header.apiKey == .metadata && header.apiVersion == 12 && header.clientID == "rdkafka-fixture")
        let request = try MetadataRequest(from: &buffer, version: 12)
        #expect(request.topics == [.init(topicID: .zero, name: "orders")])
        #expect(request.allowAutoTopicCreation)
        #expect(!request.includeTopicAuthorizedOperations)
    }
}
