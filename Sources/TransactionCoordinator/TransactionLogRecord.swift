import KafkaModel
import NIOCore

/// The records of `__transaction_state`, byte for byte as Kafka 2.8 writes them, so a log written by either
/// broker loads in the other.
///
/// Key (version 0): int16 version = 0, string transactional id (int16 length, UTF-8).
///
/// Value (version 0; a null value is a tombstone):
///
/// | field | type |
/// | --- | --- |
/// | version | int16 = 0 |
/// | producer id | int64 |
/// | producer epoch | int16 |
/// | transaction timeout ms | int32 |
/// | state | int8 (`TransactionState` raw value) |
/// | partitions | int32 count (-1 = null), each: topic string, int32 count, int32 partition ids |
/// | last update timestamp ms | int64 |
/// | start timestamp ms | int64 |
public enum TransactionLogRecord {
    /// Why a record could not be read; loading skips it.
    public enum DecodingError: Error, Sendable, Equatable {
        case truncated
        case unknownKeyVersion(Int16)
        case unknownValueVersion(Int16)
        case unknownState(Int8)
        case invalidLength(Int32)
        case invalidUTF8
    }

    /// - Throws: `DecodingError.invalidLength` when the id does not fit an int16 length.
    public static func encodeKey(transactionalID: String) throws -> ByteBuffer {
        let bytes = Array(transactionalID.utf8)
        guard bytes.count <= Int(Int16.max) else { throw DecodingError.invalidLength(Int32(clamping: bytes.count)) }
        var buffer = ByteBuffer()
        buffer.writeInteger(Int16(0))
        buffer.writeInteger(Int16(bytes.count))
        buffer.writeBytes(bytes)
        return buffer
    }

    /// The transactional id of a key.
    /// - Throws: `DecodingError` for a key of another version or malformed bytes.
    public static func decodeKey(_ key: ByteBuffer) throws -> String {
        var buffer = key
        let version: Int16 = try read(&buffer)
        guard version == 0 else { throw DecodingError.unknownKeyVersion(version) }
        return try readString(&buffer)
    }

    /// The value written for `metadata` (its partitions sorted, so equal states give equal bytes).
    public static func encodeValue(_ metadata: TransactionMetadata) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int16(0))
        buffer.writeInteger(metadata.producerID)
        buffer.writeInteger(metadata.producerEpoch)
        buffer.writeInteger(metadata.timeoutMs)
        buffer.writeInteger(metadata.state.rawValue)
        let byTopic = Dictionary(grouping: metadata.partitions, by: \.topic)
        buffer.writeInteger(Int32(byTopic.count))
        for topic in byTopic.keys.sorted() {
            // Topic names are checked by the handlers (at most 249 bytes), so the int16 length holds.
            let name = Array(topic.rawValue.utf8.prefix(Int(Int16.max)))
            buffer.writeInteger(Int16(name.count))
            buffer.writeBytes(name)
            let partitions = byTopic[topic, default: []].map(\.partition.rawValue).sorted()
            buffer.writeInteger(Int32(partitions.count))
            for partition in partitions { buffer.writeInteger(partition) }
        }
        buffer.writeInteger(metadata.lastUpdateTimestampMs)
        buffer.writeInteger(metadata.startTimestampMs)
        return buffer
    }

    /// The metadata a value holds for `transactionalID` (the previous producer id and epoch are not stored, as
    /// in Kafka: they load as -1).
    /// - Throws: `DecodingError` for another version, an unknown state or malformed bytes.
    public static func decodeValue(_ value: ByteBuffer, transactionalID: String) throws -> TransactionMetadata {
        var buffer = value
        let version: Int16 = try read(&buffer)
        guard version == 0 else { throw DecodingError.unknownValueVersion(version) }
        let producerID: Int64 = try read(&buffer)
        let producerEpoch: Int16 = try read(&buffer)
        let timeoutMs: Int32 = try read(&buffer)
        let stateID: Int8 = try read(&buffer)
        guard let state = TransactionState(rawValue: stateID) else { throw DecodingError.unknownState(stateID) }
        var partitions: Set<TopicPartition> = []
        let topicCount: Int32 = try read(&buffer)
        if topicCount >= 0 {
            // Each topic takes at least 6 bytes: a count larger than the bytes left is a lie.
            guard Int(topicCount) <= buffer.readableBytes / 6 else { throw DecodingError.invalidLength(topicCount) }
            for _ in 0..<topicCount {
                let topic = TopicName(try readString(&buffer))
                let count: Int32 = try read(&buffer)
                guard count >= 0, Int(count) <= buffer.readableBytes / 4 else { throw DecodingError.invalidLength(count) }
                for _ in 0..<count {
                    partitions.insert(TopicPartition(topic, PartitionIndex(try read(&buffer) as Int32)))
                }
            }
        } else if topicCount != -1 {
            throw DecodingError.invalidLength(topicCount)
        }
        let lastUpdate: Int64 = try read(&buffer)
        let start: Int64 = try read(&buffer)
        return TransactionMetadata(
            transactionalID: transactionalID, producerID: producerID, producerEpoch: producerEpoch,
            timeoutMs: timeoutMs, state: state, partitions: partitions, startTimestampMs: start,
            lastUpdateTimestampMs: lastUpdate)
    }

    private static func read<Value: FixedWidthInteger>(_ buffer: inout ByteBuffer) throws -> Value {
        guard let value = buffer.readInteger(as: Value.self) else { throw DecodingError.truncated }
        return value
    }

    private static func readString(_ buffer: inout ByteBuffer) throws -> String {
        let length: Int16 = try read(&buffer)
        guard length >= 0 else { throw DecodingError.invalidLength(Int32(length)) }
        guard let bytes = buffer.readBytes(length: Int(length)) else { throw DecodingError.truncated }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw DecodingError.invalidUTF8 }
        return text
    }
}
