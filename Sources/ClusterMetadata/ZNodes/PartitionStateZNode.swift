import KafkaModel

/// `/brokers/topics/<topic>/partitions/<partition>/state` — persistent; a partition's leader and ISR.
///
/// `{"version":1,"leader":1,"leader_epoch":4,"controller_epoch":7,"isr":[1,3]}` — `leader` -1 means no leader;
/// `controller_epoch` is the epoch of the controller that made the leadership decision. Kafka 3.2+ may add
/// `"leader_recovery_state":1` after an unclean election; it is kept when present.
/// The znode's stat version (the partition's zkVersion) guards conditional writes.
public struct PartitionStateZNode: Hashable, Sendable {
    public static func partitionsPath(_ topic: TopicName) -> String { TopicZNode.path(topic) + "/partitions" }

    public static func partitionPath(_ partition: TopicPartition) -> String {
        "\(partitionsPath(partition.topic))/\(partition.partition)"
    }

    public static func path(_ partition: TopicPartition) -> String { partitionPath(partition) + "/state" }

    public var leader: BrokerID
    public var leaderEpoch: LeaderEpoch
    public var controllerEpoch: ControllerEpoch
    public var isr: [BrokerID]
    public var leaderRecoveryState: Int8?

    public init(
        leader: BrokerID, leaderEpoch: LeaderEpoch, controllerEpoch: ControllerEpoch, isr: [BrokerID],
        leaderRecoveryState: Int8? = nil
    ) {
        self.leader = leader
        self.leaderEpoch = leaderEpoch
        self.controllerEpoch = controllerEpoch
        self.isr = isr
        self.leaderRecoveryState = leaderRecoveryState
    }

    public func encoded() -> [UInt8] {
        var object: [String: Any] = [
            "version": 1,
            "leader": Int(leader.rawValue),
            "leader_epoch": Int(leaderEpoch.rawValue),
            "controller_epoch": Int(controllerEpoch.rawValue),
            "isr": isr.map { Int($0.rawValue) },
        ]
        if let leaderRecoveryState { object["leader_recovery_state"] = Int(leaderRecoveryState) }
        return ZNodeJSON.encode(object)
    }

    /// - Throws: `ZNodeDecodingError` naming the state znode.
    public static func decode(_ bytes: [UInt8], partition: TopicPartition) throws(ZNodeDecodingError)
        -> PartitionStateZNode
    {
        let json = try ZNodeJSON(bytes, path: path(partition))
        _ = try json.version(in: 1...1)
        func int32(_ key: String) throws(ZNodeDecodingError) -> Int32 {
            guard let value = Int32(exactly: try json.int(key)) else { throw json.fail("\(key) out of range") }
            return value
        }
        return PartitionStateZNode(
            leader: BrokerID(try int32("leader")), leaderEpoch: LeaderEpoch(try int32("leader_epoch")),
            controllerEpoch: ControllerEpoch(try int32("controller_epoch")),
            isr: try json.int32Array("isr").map { BrokerID($0) },
            leaderRecoveryState: try json.optionalInt("leader_recovery_state").map { Int8(clamping: $0) })
    }
}
