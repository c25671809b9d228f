import CZooKeeper

/// How a znode is created. Sequential modes append a 10-digit, zero-padded counter to the name.
public enum ZooKeeperCreateMode: Sendable, Hashable {
    case persistent
    /// Deleted by the server when the creating session ends.
    case ephemeral
    case persistentSequential
    case ephemeralSequential

    var cFlags: Int32 {
        switch self {
        case .persistent: ZOO_PERSISTENT
        case .ephemeral: ZOO_EPHEMERAL
        case .persistentSequential: ZOO_PERSISTENT_SEQUENTIAL
        case .ephemeralSequential: ZOO_EPHEMERAL_SEQUENTIAL
        }
    }
}
