/// A malformed or unacceptable message on the wire. Thrown by every decoder in this module; the connection that
/// sent the bytes should be closed, nothing else is affected.
public enum KafkaProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The buffer ended before a value of `needed` bytes could be read (`available` were left).
    case truncated(needed: Int, available: Int)
    /// A length or count that is negative (other than the null marker) or larger than the bytes that remain.
    case invalidLength(Int64, available: Int)
    /// A null value where the message version does not allow one.
    case unexpectedNull
    /// A variable-length integer longer than its type allows.
    case malformedVarint
    /// A frame's size prefix is negative.
    case negativeFrameSize(Int32)
    /// A frame's size prefix exceeds the configured maximum.
    case frameTooLarge(size: Int, limit: Int)
    /// The API key is not one this build knows.
    case unknownApiKey(Int16)
    /// The API is known, but not at this version.
    case unsupportedVersion(apiKey: Int16, version: Int16)

    public var description: String {
        switch self {
        case let .truncated(needed, available):
            return "truncated message: needed \(needed) bytes, \(available) left"
        case let .invalidLength(length, available):
            return "invalid length \(length) with \(available) bytes left"
        case .unexpectedNull:
            return "null value where this version does not allow one"
        case .malformedVarint:
            return "malformed variable-length integer"
        case let .negativeFrameSize(size):
            return "negative frame size \(size)"
        case let .frameTooLarge(size, limit):
            return "frame of \(size) bytes exceeds the limit of \(limit) bytes"
        case let .unknownApiKey(key):
            return "unknown API key \(key)"
        case let .unsupportedVersion(apiKey, version):
            return "API key \(apiKey) is not supported at version \(version)"
        }
    }
}
