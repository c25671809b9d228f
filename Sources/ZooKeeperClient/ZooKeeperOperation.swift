/// One operation of a `multi` transaction. All of them are applied, or none.
public enum ZooKeeperOperation: Sendable, Hashable {
    /// Fails the transaction unless the znode's data version is `version` (-1: only check it exists).
    case check(path: String, version: Int32)
    case create(path: String, data: [UInt8]?, mode: ZooKeeperCreateMode)
    /// `version` -1 writes whatever the current version.
    case setData(path: String, data: [UInt8], version: Int32)
    case delete(path: String, version: Int32)

    public var path: String {
        switch self {
        case .check(let path, _), .create(let path, _, _), .setData(let path, _, _), .delete(let path, _): path
        }
    }
}

/// The result of one successful `multi` operation, at the same index as the operation.
public enum ZooKeeperOperationResult: Sendable, Hashable {
    case checked
    /// The path actually created (with the sequence suffix for sequential modes).
    case created(path: String)
    /// The znode's stat after the write.
    case dataSet(ZooKeeperStat)
    case deleted
}
