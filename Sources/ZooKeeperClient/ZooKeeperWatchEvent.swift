import CZooKeeper

/// What a one-shot watch reports. Exactly one event is delivered per watch.
public struct ZooKeeperWatchEvent: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case created
        case deleted
        case dataChanged
        case childrenChanged
        /// The server stopped watching (resource limits); the watch will not fire.
        case watchRemoved
        /// The session ended (`expired`, `authFailed` or `closed`) before the watch fired.
        case sessionEnded(ZooKeeperSessionState)
    }

    public let kind: Kind
    /// The watched path (relative to the chroot).
    public let path: String

    public init(kind: Kind, path: String) {
        self.kind = kind
        self.path = path
    }

    /// Maps the `type` argument of a C watch event; `nil` for session events.
    init?(cType type: Int32, path: String) {
        switch type {
        case ZOO_CREATED_EVENT: kind = .created
        case ZOO_DELETED_EVENT: kind = .deleted
        case ZOO_CHANGED_EVENT: kind = .dataChanged
        case ZOO_CHILD_EVENT: kind = .childrenChanged
        case ZOO_NOTWATCHING_EVENT: kind = .watchRemoved
        default: return nil
        }
        self.path = path
    }

    public var description: String { "\(kind) \(path)" }
}

/// Code that runs when a watch fires. It is called on the ZooKeeper library's completion thread (or, for
/// `sessionEnded(.closed)`, on the thread that closed the client): keep it short — hand the event to a task or
/// a stream, never wait in it.
public typealias ZooKeeperWatcher = @Sendable (ZooKeeperWatchEvent) -> Void
