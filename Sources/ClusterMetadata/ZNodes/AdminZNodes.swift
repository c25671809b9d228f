import KafkaModel

/// `/admin/reassign_partitions` — persistent; a reassignment requested by the legacy tool.
/// `{"version":1,"partitions":[{"topic":"orders","partition":0,"replicas":[4,5,6]}]}` (no log dirs here).
public struct ReassignPartitionsZNode: Hashable, Sendable {
    public static let path = "/admin/reassign_partitions"

    public var reassignments: [TopicPartition: [BrokerID]]

    public init(reassignments: [TopicPartition: [BrokerID]]) { self.reassignments = reassignments }

    public func encoded() -> [UInt8] {
        let partitions: [[String: Any]] = reassignments.keys.sorted().map { partition in
            ["topic": partition.topic.rawValue, "partition": Int(partition.partition.rawValue),
             "replicas": reassignments[partition]!.map { Int($0.rawValue) }]
        }
        return ZNodeJSON.encode(["version": 1, "partitions": partitions])
    }

    /// - Throws: `ZNodeDecodingError` naming `/admin/reassign_partitions`.
    public static func decode(_ bytes: [UInt8]) throws(ZNodeDecodingError) -> ReassignPartitionsZNode {
        let json = try ZNodeJSON(bytes, path: path)
        _ = try json.version(in: 1...1)
        let entries = try json.objects("partitions") { entry throws(ZNodeDecodingError) in
            (try entry.topicPartition(), try entry.int32Array("replicas").map { BrokerID($0) })
        }
        return ReassignPartitionsZNode(reassignments: Dictionary(entries, uniquingKeysWith: { _, last in last }))
    }
}

/// A list of partitions: `{"version":1,"partitions":[{"topic":"orders","partition":0},...]}`.
///
/// The shape of `/admin/preferred_replica_election` (persistent, partitions whose preferred replica should
/// lead) and of `/isr_change_notification/isr_change_<seq>` (persistent-sequential, partitions whose ISR a
/// leader changed; the controller deletes them once read).
public struct PartitionListZNode: Hashable, Sendable {
    public static let preferredReplicaElectionPath = "/admin/preferred_replica_election"
    public static let isrChangeNotificationsPath = "/isr_change_notification"
    /// The prefix to create sequential ISR-change notifications with.
    public static let isrChangeSequentialPrefix = "/isr_change_notification/isr_change_"

    public var partitions: [TopicPartition]

    public init(partitions: [TopicPartition]) { self.partitions = partitions }

    public func encoded() -> [UInt8] {
        let entries: [[String: Any]] = partitions.map {
            ["topic": $0.topic.rawValue, "partition": Int($0.partition.rawValue)]
        }
        return ZNodeJSON.encode(["version": 1, "partitions": entries])
    }

    /// - Parameter path: the znode read, for error messages.
    /// - Throws: `ZNodeDecodingError` naming it.
    public static func decode(_ bytes: [UInt8], path: String) throws(ZNodeDecodingError) -> PartitionListZNode {
        let json = try ZNodeJSON(bytes, path: path)
        _ = try json.version(in: 1...1)
        return PartitionListZNode(partitions: try json.objects("partitions") { entry throws(ZNodeDecodingError) in
            try entry.topicPartition()
        })
    }
}

/// `/admin/delete_topics/<topic>` — persistent, null data; a topic queued for deletion.
public enum DeleteTopicZNode {
    public static let deleteTopicsPath = "/admin/delete_topics"

    public static func path(_ topic: TopicName) -> String { "\(deleteTopicsPath)/\(topic)" }
}

/// `/latest_producer_id_block` — persistent; the last producer-id block handed out, bounds inclusive and
/// written as strings: `{"version":1,"broker":1,"block_start":"2000","block_end":"2999"}`.
public struct ProducerIDBlockZNode: Hashable, Sendable {
    public static let path = "/latest_producer_id_block"
    /// Kafka's block size.
    public static let blockSize: Int64 = 1000

    public var brokerID: BrokerID
    public var blockStart: Int64
    public var blockEnd: Int64

    public init(brokerID: BrokerID, blockStart: Int64, blockEnd: Int64) {
        self.brokerID = brokerID
        self.blockStart = blockStart
        self.blockEnd = blockEnd
    }

    public func encoded() -> [UInt8] {
        ZNodeJSON.encode(["version": 1, "broker": Int(brokerID.rawValue), "block_start": String(blockStart),
                          "block_end": String(blockEnd)])
    }

    /// - Throws: `ZNodeDecodingError` naming `/latest_producer_id_block`.
    public static func decode(_ bytes: [UInt8]) throws(ZNodeDecodingError) -> ProducerIDBlockZNode {
        let json = try ZNodeJSON(bytes, path: path)
        _ = try json.version(in: 1...1)
        return ProducerIDBlockZNode(brokerID: BrokerID(Int32(clamping: try json.int("broker"))),
                                    blockStart: try json.integerString("block_start"),
                                    blockEnd: try json.integerString("block_end"))
    }
}

extension ZNodeJSON {
    func topicPartition() throws(ZNodeDecodingError) -> TopicPartition {
        guard let partition = Int32(exactly: try int("partition")) else { throw fail("partition out of range") }
        return TopicPartition(TopicName(try string("topic")), PartitionIndex(partition))
    }
}
