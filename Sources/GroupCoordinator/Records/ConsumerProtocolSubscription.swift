import NIOCore

/// The topics in a member's JoinGroup metadata when its protocol type is "consumer"
/// (`ConsumerProtocolSubscription`): int16 version · topics int32 count of int16-length strings · user data
/// and, from v1, owned partitions, generation and rack, which the coordinator does not need.
/// The coordinator reads it only to know which topics a group consumes (OffsetDelete, offset expiry).
public enum ConsumerProtocolSubscription {
    /// The protocol type of Kafka's consumer clients.
    public static let protocolType = "consumer"

    /// The subscribed topics, or nil when the bytes are not a consumer subscription.
    public static func topics(in metadata: ByteBuffer) -> Set<String>? {
        var buffer = metadata
        guard let version = buffer.readInteger(as: Int16.self), version >= 0,
            let count = buffer.readInteger(as: Int32.self), count >= 0
        else { return nil }
        var topics = Set<String>()
        for _ in 0..<count {
            guard let topic = try? buffer.readKafkaString("topic") else { return nil }
            topics.insert(topic)
        }
        return topics
    }

    /// Subscription bytes (version 0) for the given topics, for tests and tools.
    public static func encode(topics: [String], userData: ByteBuffer? = nil) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int16(0))
        buffer.writeInteger(Int32(topics.count))
        for topic in topics { buffer.writeKafkaString(topic) }
        if let userData { buffer.writeKafkaBytes(userData) } else { buffer.writeInteger(Int32(-1)) }
        return buffer
    }
}
