import ClusterMetadata
import KafkaModel

/// The JSON (and plain text) the broker and controller read from ZooKeeper, which any client with write access
/// to ZooKeeper can put there. The first byte chooses the decoder.
enum ZNodeTargets {
    static func znode(_ bytes: UnsafeRawBufferPointer) {
        guard let selector = bytes.first else { return }
        let json = Array(bytes[1...])
        let partition = TopicPartition(TopicName("orders"), PartitionIndex(0))
        switch selector % 15 {
        case 0: check(try ClusterIDZNode.decode(json)) { try ClusterIDZNode.decode($0.encoded()) }
        case 1: check(try ControllerZNode.decode(json)) { try ControllerZNode.decode($0.encoded()) }
        case 2: check(try ControllerEpochZNode.decode(json)) { try ControllerEpochZNode.decode(ControllerEpochZNode.encode($0)) }
        case 3: check(try BrokerIDZNode.decode(json, id: BrokerID(1))) { try BrokerIDZNode.decode($0.encoded(), id: BrokerID(1)) }
        case 4: check(try TopicZNode.decode(json, topic: "orders")) { try TopicZNode.decode($0.encoded(), topic: "orders") }
        case 5: check(try PartitionStateZNode.decode(json, partition: partition)) { try PartitionStateZNode.decode($0.encoded(), partition: partition) }
        case 6:
            let path = EntityConfigZNode.topicPath("orders")
            check(try EntityConfigZNode.decode(json, path: path)) { try EntityConfigZNode.decode($0.encoded(), path: path) }
        case 7:
            let path = ConfigChangeNotificationZNode.sequentialPrefix + "0000000001"
            check(try ConfigChangeNotificationZNode.decode(json, path: path)) {
                try ConfigChangeNotificationZNode.decode($0.encoded(), path: path)
            }
        case 8: check(try ReassignPartitionsZNode.decode(json)) { try ReassignPartitionsZNode.decode($0.encoded()) }
        case 9:
            let path = PartitionListZNode.preferredReplicaElectionPath
            check(try PartitionListZNode.decode(json, path: path)) { try PartitionListZNode.decode($0.encoded(), path: path) }
        case 10: check(try ProducerIDBlockZNode.decode(json)) { try ProducerIDBlockZNode.decode($0.encoded()) }
        case 11:
            let path = LogDirEventNotificationZNode.sequentialPrefix + "0000000001"
            check(try LogDirEventNotificationZNode.decode(json, path: path)) {
                try LogDirEventNotificationZNode.decode($0.encoded(), path: path)
            }
        case 12:
            let path = "/kafka-acl/Topic/orders"
            check(try AclZNode.decode(json, path: path)) { try AclZNode.decode($0.encoded(), path: path) }
        case 13:
            let extended = selector & 0x80 != 0
            let path = "/kafka-acl-changes/acl_changes_0000000001"
            check(try AclChangeNotificationZNode.decode(json, extended: extended, path: path)) {
                try AclChangeNotificationZNode.decode($0.encoded(), extended: $0.pattern.patternType != .literal,
                                                      path: path)
            }
        default:
            let text = String(decoding: json, as: UTF8.self)
            if let id = ZNodeUUID.decode(text) {
                precondition(ZNodeUUID.decode(ZNodeUUID.encode(id)) == id, "ZNodeUUID \(text) does not round-trip")
            }
        }
    }

    /// When `decode` accepts the input, what its value encodes to must decode to the same value: the controller
    /// rewrites znodes from what it read.
    static func check<Value: Equatable>(_ decode: @autoclosure () throws -> Value, _ reencode: (Value) throws -> Value) {
        guard let value = try? decode() else { return }
        do {
            let again = try reencode(value)
            precondition(again == value, "\(Value.self) changes when encoded and decoded:\n\(value)\n\(again)")
        } catch {
            fatalError("\(Value.self) \(value) decoded, but its encoding does not: \(error)")
        }
    }
}
