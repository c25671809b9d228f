import CZooKeeper

/// A znode's metadata, copied out of the C library's `struct Stat`.
public struct ZooKeeperStat: Hashable, Sendable {
    /// The transaction that created the znode (Kafka's broker epoch for `/brokers/ids/<id>`).
    public var czxid: Int64
    /// The transaction that last modified the znode's data.
    public var mzxid: Int64
    /// Creation and modification time, milliseconds since the epoch.
    public var ctime: Int64
    public var mtime: Int64
    /// Data version: the value to pass as `expectedVersion` for a conditional write.
    public var version: Int32
    /// Children version and ACL version.
    public var cversion: Int32
    public var aversion: Int32
    /// The session owning the znode if it is ephemeral, else 0.
    public var ephemeralOwner: Int64
    public var dataLength: Int32
    public var numChildren: Int32
    public var pzxid: Int64

    init(_ stat: Stat) {
        czxid = stat.czxid
        mzxid = stat.mzxid
        ctime = stat.ctime
        mtime = stat.mtime
        version = stat.version
        cversion = stat.cversion
        aversion = stat.aversion
        ephemeralOwner = stat.ephemeralOwner
        dataLength = stat.dataLength
        numChildren = stat.numChildren
        pzxid = stat.pzxid
    }

    /// Whether the znode is ephemeral.
    public var isEphemeral: Bool { ephemeralOwner != 0 }
}
