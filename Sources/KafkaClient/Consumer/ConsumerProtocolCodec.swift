import KafkaModel
import NIOCore

/// The consumer protocol's member metadata and assignment bytes, as Kafka's `ConsumerProtocolSubscription`
/// and `ConsumerProtocolAssignment` lay them out (big-endian, version 0):
///
///     Subscription: version int16, topics int32 count × (int16 length + UTF-8 name), userData int32 length (-1 null)
///     Assignment:   version int16, topics int32 count × (name, int32 count × int32 partition), userData (-1 null)
///
/// Later versions only append fields (owned partitions, generation, rack), so a version-0 reader takes
/// the prefix of what newer clients send.
enum ConsumerProtocolCodec {
    static func encodeSubscription(_ topics: [TopicName]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int16(0))
        buffer.writeInteger(Int32(topics.count))
        for topic in topics { writeString(topic.rawValue, to: &buffer) }
        buffer.writeInteger(Int32(-1))
        return buffer
    }

    /// The subscribed topics of a member's metadata (empty when unreadable).
    static func decodeSubscription(_ bytes: ByteBuffer) -> [TopicName] {
        var buffer = bytes
        guard buffer.readInteger(as: Int16.self) != nil, let count = buffer.readInteger(as: Int32.self), count >= 0
        else { return [] }
        var topics: [TopicName] = []
        for _ in 0..<count {
            guard let length = buffer.readInteger(as: Int16.self), length >= 0,
                let name = buffer.readString(length: Int(length))
            else { return topics }
            topics.append(TopicName(name))
        }
        return topics
    }

    static func encodeAssignment(_ partitions: [TopicPartition]) -> ByteBuffer {
        var byTopic: [TopicName: [Int32]] = [:]
        for partition in partitions { byTopic[partition.topic, default: []].append(partition.partition.rawValue) }
        var buffer = ByteBuffer()
        buffer.writeInteger(Int16(0))
        buffer.writeInteger(Int32(byTopic.count))
        for topic in byTopic.keys.sorted() {
            writeString(topic.rawValue, to: &buffer)
            let indexes = byTopic[topic]!.sorted()
            buffer.writeInteger(Int32(indexes.count))
            for index in indexes { buffer.writeInteger(index) }
        }
        buffer.writeInteger(Int32(-1))
        return buffer
    }

    private static func writeString(_ string: String, to buffer: inout ByteBuffer) {
        buffer.writeInteger(Int16(string.utf8.count))
        buffer.writeString(string)
    }
}

/// Kafka's `RangeAssignor`: per topic, the subscribed members sorted by id each take a contiguous run of
/// partitions, the first `partitions % members` of them one more than the rest.
enum RangeAssignor {
    /// - Parameters:
    ///   - subscriptions: each member's subscribed topics.
    ///   - partitionCounts: the partition count of each known topic (unknown topics are skipped).
    static func assign(subscriptions: [String: [TopicName]], partitionCounts: [TopicName: Int])
        -> [String: [TopicPartition]]
    {
        var result = Dictionary(uniqueKeysWithValues: subscriptions.keys.map { ($0, [TopicPartition]()) })
        let topics = Set(subscriptions.values.flatMap { $0 })
        for topic in topics.sorted() {
            guard let count = partitionCounts[topic], count > 0 else { continue }
            let members = subscriptions.filter { $0.value.contains(topic) }.keys.sorted()
            guard !members.isEmpty else { continue }
            let base = count / members.count, extra = count % members.count
            var next = 0
            for (position, member) in members.enumerated() {
                let take = base + (position < extra ? 1 : 0)
                result[member, default: []] += (next..<(next + take)).map {
                    TopicPartition(topic, PartitionIndex(Int32($0)))
                }
                next += take
            }
        }
        return result
    }
}
