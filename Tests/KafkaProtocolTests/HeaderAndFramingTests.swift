import KafkaProtocol
import NIOCore
import NIOEmbedded
import Testing

@Suite struct HeaderAndFramingTests {
    @Test func requestHeaderVersionFollowsFlexibility() {
        #expect(ApiKey.metadata.requestHeaderVersion(for: 8) == 1)
        #expect(ApiKey.metadata.requestHeaderVersion(for: 9) == 2)
        #expect(ApiKey.controlledShutdown.requestHeaderVersion(for: 0) == 0)
        #expect(ApiKey.controlledShutdown.requestHeaderVersion(for: 1) == 1)
        #expect(ApiKey.offsetDelete.requestHeaderVersion(for: 0) == 1)
        #expect(ApiKey.apiVersions.requestHeaderVersion(for: 3) == 2)
    }

    @Test func responseHeaderVersionFollowsFlexibilityExceptApiVersions() {
        #expect(ApiKey.fetch.responseHeaderVersion(for: 11) == 0)
        #expect(ApiKey.fetch.responseHeaderVersion(for: 12) == 1)
        #expect(ApiKey.apiVersions.responseHeaderVersion(for: 3) == 0)
    }

    @Test func requestHeaderV2KeepsTheClassicClientIDAndAddsTags() throws {
        let header = RequestHeader(apiKey: .apiVersions, apiVersion: 3, correlationID: 1, clientID: "rdkafka")
        var buffer = ByteBuffer()
        header.write(into: &buffer)
        let expected: [UInt8] = [0, 18, 0, 3, 0, 0, 0, 1, 0, 7] + Array("rdkafka".utf8) + [0]
        #expect(buffer.getBytes(at: 0, length: buffer.readableBytes) == expected)
        #expect(try RequestHeader(from: &buffer) == header)
        #expect(buffer.readableBytes == 0)
    }

    @Test func controlledShutdownV0HasNoClientID() throws {
        let header = RequestHeader(apiKey: .controlledShutdown, apiVersion: 0, correlationID: 9, clientID: nil)
        var buffer = ByteBuffer()
        header.write(into: &buffer)
        #expect(buffer.readableBytes == 8)
        #expect(try RequestHeader(from: &buffer) == header)
    }

    @Test func unknownApiKeyIsAnError() {
        var buffer = ByteBuffer(bytes: [0x7F, 0x00, 0, 0, 0, 0, 0, 1])
        #expect(throws: KafkaProtocolError.unknownApiKey(0x7F00)) { try RequestHeader(from: &buffer) }
    }

    @Test func responseFrameRoundTrip() throws {
        let response = HeartbeatResponse(throttleTimeMs: 5, errorCode: .rebalanceInProgress)
        var content = ByteBuffer()
        content.writeKafkaResponse(response, version: 4, correlationID: 77)
        // Header v1: correlation id + empty tags; body: throttle, error, empty tags.
        #expect(content.readableBytes == 4 + 1 + 4 + 2 + 1)
        let (header, decoded) = try HeartbeatResponse.decodeFrame(content, version: 4)
        #expect(header.correlationID == 77)
        #expect(decoded == response)
    }

    @Test func apiVersionsResponseUsesHeaderV0EvenWhenFlexible() throws {
        let response = ApiVersionsResponse(errorCode: .none, apiKeys: [.init(apiKey: 18, minVersion: 0, maxVersion: 3)])
        var content = ByteBuffer()
        content.writeKafkaResponse(response, version: 3, correlationID: 1)
        #expect(content.getInteger(at: 0, as: Int32.self) == 1)
        // Straight after the 4-byte correlation id comes the body's error code, no tag section in between.
        #expect(content.getInteger(at: 4, as: Int16.self) == 0)
        #expect(try ApiVersionsResponse.decodeFrame(content, version: 3).1 == response)
    }

    @Test func writeKafkaFramePrefixesTheSize() {
        var buffer = ByteBuffer()
        buffer.writeKafkaFrame { $0.writeKafkaRequest(HeartbeatRequest(), version: 0, correlationID: 1, clientID: "c") }
        #expect(buffer.getInteger(at: 0, as: Int32.self) == Int32(buffer.readableBytes - 4))
    }

    @Test func frameDecoderSplitsAndReassemblesFrames() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(KafkaFrameDecoder(maximumFrameSize: 64)))
        var input = ByteBuffer()
        input.writeKafkaFrame { $0.writeBytes([1, 2, 3]) }
        input.writeKafkaFrame { $0.writeBytes([]) }
        input.writeKafkaFrame { $0.writeBytes([4, 5]) }
        // Deliver in two pieces cut inside the third frame.
        let cut = input.readableBytes - 1
        try channel.writeInbound(input.getSlice(at: 0, length: cut)!)
        #expect(try channel.readInbound(as: ByteBuffer.self) == ByteBuffer(bytes: [1, 2, 3]))
        #expect(try channel.readInbound(as: ByteBuffer.self) == ByteBuffer())
        #expect(try channel.readInbound(as: ByteBuffer.self) == nil)
        try channel.writeInbound(input.getSlice(at: cut, length: 1)!)
        #expect(try channel.readInbound(as: ByteBuffer.self) == ByteBuffer(bytes: [4, 5]))
        #expect(try channel.finish().isClean)
    }

    @Test func frameDecoderRejectsOversizeAndNegativeSizes() {
        let oversize = EmbeddedChannel(handler: ByteToMessageHandler(KafkaFrameDecoder(maximumFrameSize: 64)))
        #expect(throws: KafkaProtocolError.frameTooLarge(size: 65, limit: 64)) {
            try oversize.writeInbound(ByteBuffer(bytes: [0, 0, 0, 65]))
        }
        let negative = EmbeddedChannel(handler: ByteToMessageHandler(KafkaFrameDecoder(maximumFrameSize: 64)))
        #expect(throws: KafkaProtocolError.negativeFrameSize(-1)) {
            try negative.writeInbound(ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF]))
        }
    }

    @Test func frameEncoderPrefixesEachMessage() throws {
        let channel = EmbeddedChannel(handler: MessageToByteHandler(KafkaFrameEncoder()))
        try channel.writeOutbound(ByteBuffer(bytes: [7, 8]))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == ByteBuffer(bytes: [0, 0, 0, 2, 7, 8]))
    }
}
