import KafkaModel
import NIOCore

/// The key of a `__consumer_offsets` record; the topic is compacted on it.
///
/// Layout (big-endian, strings with an int16 length), after an int16 schema version:
/// - versions 0 and 1, an offset commit (`OffsetCommitKey`): group string, topic string, partition int32.
///   We write version 1, as Kafka does.
/// - version 2, group metadata (`GroupMetadataKey`): group string.
public enum OffsetsRecordKey: Sendable, Hashable {
    /// The committed offset of one partition for a group.
    case offsetCommit(group: String, partition: TopicPartition)
    /// A group's membership and generation.
    case groupMetadata(group: String)

    /// The group the record belongs to.
    public var group: String {
        switch self {
        case .offsetCommit(let group, _), .groupMetadata(let group): group
        }
    }

    /// The key's bytes, schema version first.
    public func encoded() -> ByteBuffer {
        var buffer = ByteBuffer()
        switch self {
        case .offsetCommit(let group, let partition):
            buffer.writeInteger(Int16(1))
            buffer.writeKafkaString(group)
            buffer.writeKafkaString(partition.topic.rawValue)
            buffer.writeInteger(partition.partition.rawValue)
        case .groupMetadata(let group):
            buffer.writeInteger(Int16(2))
            buffer.writeKafkaString(group)
        }
        return buffer
    }

    /// Decodes a key of any known version.
    /// - Throws: `OffsetsRecordError` for truncated keys and unknown versions.
    public init(decoding bytes: ByteBuffer) throws {
        var buffer = bytes
        let version: Int16 = try buffer.readKafkaInteger("key version")
        switch version {
        case 0, 1:
            let group = try buffer.readKafkaString("group")
            let topic = try buffer.readKafkaString("topic")
            let partition: Int32 = try buffer.readKafkaInteger("partition")
            self = .offsetCommit(group: group, partition: TopicPartition(TopicName(topic), PartitionIndex(partition)))
        case 2:
            self = .groupMetadata(group: try buffer.readKafkaString("group"))
        default:
            throw OffsetsRecordError.unknownVersion(record: "key", version: version)
        }
    }
}
