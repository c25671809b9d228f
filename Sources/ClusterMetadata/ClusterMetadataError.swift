import KafkaModel

/// Failures of the Kafka-level operations on ZooKeeper (ZooKeeper's own failures stay `ZooKeeperError`).
public enum ClusterMetadataError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Another live session holds `/brokers/ids/<id>`: a second broker with the same `broker.id`.
    case brokerAlreadyRegistered(BrokerID, ownerSession: Int64)
    /// `/controller_epoch` moved: another controller was elected, this one must resign.
    case controllerMoved
    /// The cluster id stored in ZooKeeper is not the one expected.
    case inconsistentClusterID(stored: String, expected: String)

    public var description: String {
        switch self {
        case .brokerAlreadyRegistered(let id, let owner):
            "broker.id \(id) is already registered by another live broker (session 0x\(String(UInt64(bitPattern: owner), radix: 16)))"
        case .controllerMoved:
            "controller moved: /controller_epoch changed, another controller was elected"
        case .inconsistentClusterID(let stored, let expected):
            "cluster id \(stored) in ZooKeeper does not match \(expected)"
        }
    }
}
