import KafkaProtocol
import NIOCore
import Testing

/// Every message at every version: a sample with every field that version carries set to a non-default value
/// survives encode → decode unchanged, and decoding consumes exactly the bytes written.
@Suite struct MessageRoundTripTests {
    @Test func everyMessageRoundTripsAtEveryVersion() throws {
        var checked = 0
        for type in MessageSamples.all {
            checked += try roundTrip(type)
        }
        #expect(checked > 300)
    }

    private func roundTrip<Message: SampledMessage>(_ type: Message.Type) throws -> Int {
        for version in Message.versions {
            let sample = Message.sample(version: version)
            let bytes = sample.encoded(version: version)
            var reading = bytes
            let decoded = try Message(from: &reading, version: version)
            #expect(decoded == sample, "\(Message.self) v\(version)")
            #expect(reading.readableBytes == 0, "\(Message.self) v\(version) left bytes unread")
            #expect(decoded.encoded(version: version) == bytes, "\(Message.self) v\(version)")
        }
        return Message.versions.count
    }

    @Test func fieldsAbsentFromAVersionAreNotWritten() throws {
        // GroupInstanceId arrived in Heartbeat v3; at v2 it must be dropped and read back as the default.
        let request = HeartbeatRequest(groupID: "g", generationID: 3, memberID: "m", groupInstanceID: "i")
        let decoded = try HeartbeatRequest(decoding: request.encoded(version: 2), version: 2)
        #expect(decoded.groupInstanceID == nil)
        #expect(decoded.generationID == 3)
        let v3 = try HeartbeatRequest(decoding: request.encoded(version: 3), version: 3)
        #expect(v3 == request)
    }

    /// DescribeLogDirs: null topics (every partition) and an empty list (none) are different requests on the wire,
    /// in the classic and the compact encodings alike.
    @Test func describeLogDirsKeepsNullTopicsApartFromNone() throws {
        let all = DescribeLogDirsRequest(topics: nil)
        #expect(Array(all.encoded(version: 0).readableBytesView) == [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(Array(all.encoded(version: 2).readableBytesView) == [0x00, 0x00])
        #expect(Array(DescribeLogDirsRequest(topics: []).encoded(version: 2).readableBytesView) == [0x01, 0x00])
        for version in DescribeLogDirsRequest.versions {
            #expect(try DescribeLogDirsRequest(decoding: all.encoded(version: version), version: version).topics == nil)
        }
        let offline = DescribeLogDirsResponse(results: [.init(errorCode: .kafkaStorageError, logDir: "/data/b")])
        let decoded = try DescribeLogDirsResponse(decoding: offline.encoded(version: 1), version: 1)
        #expect(decoded.results.first?.errorCode == .kafkaStorageError && decoded.results.first?.topics == [])
    }

    @Test func decodingRejectsVersionsOutsideTheRange() {
        #expect(throws: KafkaProtocolError.unsupportedVersion(apiKey: 12, version: 5)) {
            try HeartbeatRequest(decoding: ByteBuffer(), version: 5)
        }
    }

    @Test func taggedFieldsAreWrittenOnlyWhenNotDefault() throws {
        // FetchRequest v12 carries ClusterId as tag 0; nil is the default and must not be written.
        let plain = FetchRequest(maxWaitMs: 500, minBytes: 1)
        let tagged = FetchRequest(clusterID: "c", maxWaitMs: 500, minBytes: 1)
        let plainBytes = plain.encoded(version: 12)
        let taggedBytes = tagged.encoded(version: 12)
        // Tag 0, size 2, compact string "c" (length + 1 = 2, then 'c') replace the empty section's count.
        #expect(taggedBytes.readableBytes == plainBytes.readableBytes + 4)
        #expect(try FetchRequest(decoding: taggedBytes, version: 12).clusterID == "c")
        #expect(try FetchRequest(decoding: plainBytes, version: 12).clusterID == nil)
    }

    @Test func unknownTaggedFieldsAreSkipped() throws {
        var bytes = HeartbeatRequest(groupID: "g", generationID: 1, memberID: "m").encoded(version: 4)
        // Replace the empty tagged section (last byte) with one holding an unknown tag 99 of 3 bytes.
        bytes.moveWriterIndex(to: bytes.writerIndex - 1)
        bytes.writeTaggedFields([TaggedField(tag: 99, data: ByteBuffer(bytes: [1, 2, 3]))])
        let decoded = try HeartbeatRequest(decoding: bytes, version: 4)
        #expect(decoded == HeartbeatRequest(groupID: "g", generationID: 1, memberID: "m"))
    }

    @Test func catalogListsEveryApiOnce() {
        let requestKeys = KafkaMessageCatalog.requests.map { $0.apiKey }
        let responseKeys = KafkaMessageCatalog.responses.map { $0.apiKey }
        #expect(Set(requestKeys).count == requestKeys.count)
        #expect(Set(requestKeys) == Set(responseKeys))
        #expect(KafkaMessageCatalog.requestType(for: .fetch) == FetchRequest.self)
        #expect(KafkaMessageCatalog.requestType(for: .vote) == nil)
        for request in KafkaMessageCatalog.requests {
            let response = KafkaMessageCatalog.responses.first { $0.apiKey == request.apiKey }!
            #expect(request.versions == response.versions, "\(request)")
        }
    }
}
