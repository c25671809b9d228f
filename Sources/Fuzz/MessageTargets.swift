import KafkaProtocol
import NIOCore

/// Kafka protocol messages. Requests are what any client can send; responses are what the broker reads back
/// from other brokers (controller requests, replica fetches).
enum MessageTargets {
    static let requestTypes: [Int16: any KafkaRequestMessage.Type] = Dictionary(
        uniqueKeysWithValues: KafkaMessageCatalog.requests.map { ($0.apiKey.rawValue, $0) })
    static let responseTypes: [Int16: any KafkaResponseMessage.Type] = Dictionary(
        uniqueKeysWithValues: KafkaMessageCatalog.responses.map { ($0.apiKey.rawValue, $0) })

    /// A request frame's content exactly as the router reads it: the header, then the body of the header's API
    /// at the header's version. Every version a type can read is reachable, a superset of those served.
    static func request(_ bytes: UnsafeRawBufferPointer) {
        var buffer = ByteBuffer(bytes: bytes)
        guard let header = try? RequestHeader(from: &buffer) else { return }
        var written = ByteBuffer()
        header.write(into: &written)
        guard let reread = try? RequestHeader(from: &written), reread == header, written.readableBytes == 0 else {
            fatalError("request header \(header) does not survive writing and reading")
        }
        guard let type = requestTypes[header.apiKey.rawValue] else { return }
        roundTrip(type, &buffer, version: header.apiVersion)
    }

    /// `int16 apiKey, int16 version`, then the response header and body as a client reads them.
    static func response(_ bytes: UnsafeRawBufferPointer) {
        var buffer = ByteBuffer(bytes: bytes)
        guard let rawKey = try? buffer.readKafkaInteger(as: Int16.self),
            let version = try? buffer.readKafkaInteger(as: Int16.self),
            let apiKey = ApiKey(rawValue: rawKey), let type = responseTypes[rawKey]
        else { return }
        guard (try? ResponseHeader(from: &buffer, headerVersion: apiKey.responseHeaderVersion(for: version))) != nil
        else { return }
        roundTrip(type, &buffer, version: version)
    }

    /// Decodes a body; when it decodes, writing it and reading that back must give the same message (fields a
    /// version lacks keep their defaults both times, unknown tagged fields are dropped both times).
    static func roundTrip<Message: KafkaMessage>(_ type: Message.Type, _ buffer: inout ByteBuffer, version: Int16) {
        guard let message = try? Message(from: &buffer, version: version) else { return }
        let encoded = message.encoded(version: version)
        let again: Message
        do {
            again = try Message(decoding: encoded, version: version)
        } catch {
            fatalError("\(Message.self) v\(version) decoded, but its encoding does not: \(error)")
        }
        guard again == message else {
            fatalError("\(Message.self) v\(version) changes when written and read back:\n\(message)\n\(again)")
        }
    }
}
