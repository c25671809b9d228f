import NIOCore

/// A message body (request or response) that can be read and written at every version in `versions`.
///
/// Fields that a version does not carry are skipped when writing and keep their default when reading.
public protocol KafkaMessage: Hashable, Sendable {
    /// The API this message belongs to.
    static var apiKey: ApiKey { get }
    /// Every version this type can read and write.
    static var versions: ClosedRange<Int16> { get }
    /// The first version using compact encodings and tagged fields, nil when none does.
    static var firstFlexibleVersion: Int16? { get }

    /// Reads the body at `version`.
    /// - Throws: `KafkaProtocolError` for malformed bytes, `.unsupportedVersion` outside `versions`.
    init(from buffer: inout ByteBuffer, version: Int16) throws

    /// Writes the body at `version`, which must be in `versions`.
    func write(into buffer: inout ByteBuffer, version: Int16)
}

/// A request body; `Response` is the body the broker answers with.
public protocol KafkaRequestMessage: KafkaMessage {
    associatedtype Response: KafkaResponseMessage
}

/// A response body.
public protocol KafkaResponseMessage: KafkaMessage {}

extension KafkaMessage {
    /// Whether `version` uses compact encodings and tagged fields.
    public static func isFlexible(version: Int16) -> Bool {
        firstFlexibleVersion.map { version >= $0 } ?? false
    }

    /// The body written at `version` into a new buffer.
    public func encoded(version: Int16) -> ByteBuffer {
        var buffer = ByteBuffer()
        write(into: &buffer, version: version)
        return buffer
    }

    /// Reads a body from a copy of `buffer`.
    /// - Throws: `KafkaProtocolError`.
    public init(decoding buffer: ByteBuffer, version: Int16) throws {
        var copy = buffer
        try self.init(from: &copy, version: version)
    }

    /// Throws `.unsupportedVersion` unless `version` is in `versions`.
    @inlinable
    public static func checkVersion(_ version: Int16) throws {
        guard versions.contains(version) else {
            throw KafkaProtocolError.unsupportedVersion(apiKey: apiKey.rawValue, version: version)
        }
    }
}
