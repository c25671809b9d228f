import KafkaModel

/// Failures of the Kafka-level operations on ZooKeeper (ZooKeeper's own failures stay `ZooKeeperError`).
public enum ClusterMetadataError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Another live session holds `/brokers/ids/<id>`: a second broker with the same `broker.id`.
    case brokerAlreadyRegistered(BrokerID, ownerSession: Int64)
    /// `/controller_epoch` moved: another controller was elected, this one must resign.
    case controllerMoved
    /// The cluster id stored in ZooKeeper is not the one expected.
    case inconsistentClusterID(stored: String, expected: String)
    /// A ZooKeeper multi answered with results that do not match the operations sent.
    case unexpectedMultiResult
    /// `/controller_epoch` holds Int32.max: no controller can be elected with a higher epoch.
    case controllerEpochExhausted
    /// `/latest_producer_id_block` ends at a value no further block can follow.
    case producerIDsExhausted(Int64)

    public var description: String {
        switch self {
        case .brokerAlreadyRegistered(let id, let owner):
            "broker.id \(id) is already registered by another live broker (session 0x\(String(UInt64(bitPattern: owner), radix: 16)))"
        case .controllerMoved:
            "controller moved: /controller_epoch changed, another controller was elected"
        case .inconsistentClusterID(let stored, let expected):
            "cluster id \(stored) in ZooKeeper does not match \(expected)"
        case .controllerEpochExhausted:
            "/controller_epoch holds the largest epoch there is; no controller can be elected"
        case .producerIDsExhausted(let end):
            "/latest_producer_id_block ends at \(end): no further producer id block can be allocated"
        case .unexpectedMultiResult:
            "a ZooKeeper multi answered with results that do not match its operations"
        }
    }
}
