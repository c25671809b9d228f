/// Why a `__consumer_offsets` record could not be decoded.
public enum OffsetsRecordError: Error, Sendable, Equatable {
    /// The record ended before the named field.
    case truncated(field: String)
    /// A schema version this broker does not know.
    case unknownVersion(record: String, version: Int16)
    /// A length prefix that is negative where null is not allowed.
    case invalidLength(field: String, length: Int32)
}
