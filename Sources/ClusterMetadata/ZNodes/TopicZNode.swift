import KafkaModel

/// `/brokers/topics/<topic>` — persistent; a topic's replica assignment.
///
/// We write version 3 (Kafka 2.8+):
/// ```json
/// {"version":3,"topic_id":"x8fHq3nKTt2zQk1Y0bH6tw","partitions":{"0":[1,2,3],"1":[2,3,1]},
///  "adding_replicas":{},"removing_replicas":{}}
/// ```
/// Partition ids are string keys; each replica list is in preference order (first = preferred leader).
/// `adding_replicas`/`removing_replicas` list only partitions under reassignment. Versions read: 1 (only
/// `partitions`), 2 (adds adding/removing replicas), 3 (adds `topic_id`).
public struct TopicZNode: Hashable, Sendable {
    public static let topicsPath = "/brokers/topics"

    public static func path(_ topic: TopicName) -> String { "\(topicsPath)/\(topic)" }

    /// The topic id (`ZNodeUUID` text), absent in topics written before Kafka 2.8.
    public var topicID: String?
    public var partitions: [PartitionIndex: [BrokerID]]
    public var addingReplicas: [PartitionIndex: [BrokerID]]
    public var removingReplicas: [PartitionIndex: [BrokerID]]

    public init(
        topicID: String?, partitions: [PartitionIndex: [BrokerID]],
        addingReplicas: [PartitionIndex: [BrokerID]] = [:], removingReplicas: [PartitionIndex: [BrokerID]] = [:]
    ) {
        self.topicID = topicID
        self.partitions = partitions
        self.addingReplicas = addingReplicas
        self.removingReplicas = removingReplicas
    }

    public func encoded() -> [UInt8] {
        var object: [String: Any] = [
            "version": 3,
            "partitions": Self.encode(partitions),
            "adding_replicas": Self.encode(addingReplicas),
            "removing_replicas": Self.encode(removingReplicas),
        ]
        if let topicID { object["topic_id"] = topicID }
        return ZNodeJSON.encode(object)
    }

    /// - Throws: `ZNodeDecodingError` naming the topic's znode.
    public static func decode(_ bytes: [UInt8], topic: TopicName) throws(ZNodeDecodingError) -> TopicZNode {
        let json = try ZNodeJSON(bytes, path: path(topic))
        let version = try json.version(in: 1...3)
        let partitions = try decode(json, "partitions")
        let adding = version >= 2 && json.has("adding_replicas") ? try decode(json, "adding_replicas") : [:]
        let removing = version >= 2 && json.has("removing_replicas") ? try decode(json, "removing_replicas") : [:]
        let topicID = version >= 3 ? try json.optionalString("topic_id") : nil
        return TopicZNode(topicID: topicID, partitions: partitions, addingReplicas: adding, removingReplicas: removing)
    }

    private static func encode(_ map: [PartitionIndex: [BrokerID]]) -> [String: [Int]] {
        Dictionary(uniqueKeysWithValues: map.map { (String($0.key.rawValue), $0.value.map { Int($0.rawValue) }) })
    }

    private static func decode(_ json: ZNodeJSON, _ key: String) throws(ZNodeDecodingError)
        -> [PartitionIndex: [BrokerID]]
    {
        var result: [PartitionIndex: [BrokerID]] = [:]
        for (name, replicas) in try json.int32ArrayMap(key) {
            guard let partition = Int32(name), partition >= 0 else { throw json.fail("bad partition key \"\(name)\"") }
            result[PartitionIndex(partition)] = replicas.map { BrokerID($0) }
        }
        return result
    }
}
