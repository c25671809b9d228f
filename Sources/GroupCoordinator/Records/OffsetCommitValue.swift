import KafkaModel
import NIOCore

/// A committed offset as stored in `__consumer_offsets` (`OffsetCommitValue`).
///
/// Layout (big-endian, metadata with an int16 length), after an int16 schema version:
/// - v0: offset int64, metadata string, commitTimestamp int64
/// - v1: offset int64, metadata string, commitTimestamp int64, expireTimestamp int64
/// - v2: offset int64, metadata string, commitTimestamp int64
/// - v3: offset int64, leaderEpoch int32, metadata string, commitTimestamp int64
///
/// We write v3, or v1 when the commit carried an explicit retention time (OffsetCommit v2–v4), because only
/// v1 holds an expire timestamp — the same choice Kafka 2.8 makes.
public struct OffsetCommitValue: Sendable, Hashable {
    public var offset: Offset
    /// `LeaderEpoch.unknown` when the client sent none (and for every version before 3).
    public var leaderEpoch: LeaderEpoch
    public var metadata: String
    public var commitTimestampMs: Int64
    /// Set only by commits with an explicit retention time.
    public var expireTimestampMs: Int64?

    public init(
        offset: Offset, leaderEpoch: LeaderEpoch = .unknown, metadata: String, commitTimestampMs: Int64,
        expireTimestampMs: Int64? = nil
    ) {
        self.offset = offset
        self.leaderEpoch = leaderEpoch
        self.metadata = metadata
        self.commitTimestampMs = commitTimestampMs
        self.expireTimestampMs = expireTimestampMs
    }

    /// The version `encoded()` writes.
    public var schemaVersion: Int16 { expireTimestampMs == nil ? 3 : 1 }

    /// The value's bytes, schema version first.
    public func encoded() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(schemaVersion)
        buffer.writeInteger(offset.rawValue)
        if let expireTimestampMs {
            buffer.writeKafkaString(metadata)
            buffer.writeInteger(commitTimestampMs)
            buffer.writeInteger(expireTimestampMs)
        } else {
            buffer.writeInteger(leaderEpoch.rawValue)
            buffer.writeKafkaString(metadata)
            buffer.writeInteger(commitTimestampMs)
        }
        return buffer
    }

    /// Decodes versions 0 to 3.
    /// - Throws: `OffsetsRecordError` for truncated values and unknown versions.
    public init(decoding bytes: ByteBuffer) throws {
        var buffer = bytes
        let version: Int16 = try buffer.readKafkaInteger("value version")
        guard (0...3).contains(version) else {
            throw OffsetsRecordError.unknownVersion(record: "OffsetCommitValue", version: version)
        }
        offset = Offset(try buffer.readKafkaInteger("offset", as: Int64.self))
        leaderEpoch = version >= 3 ? LeaderEpoch(try buffer.readKafkaInteger("leaderEpoch")) : .unknown
        metadata = try buffer.readNullableKafkaString("metadata") ?? ""
        commitTimestampMs = try buffer.readKafkaInteger("commitTimestamp")
        expireTimestampMs = version == 1 ? try buffer.readKafkaInteger("expireTimestamp", as: Int64.self) : nil
    }
}
