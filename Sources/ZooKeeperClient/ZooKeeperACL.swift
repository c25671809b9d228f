import CZooKeeper

/// The ACL a znode is created with.
public enum ZooKeeperACL: Sendable {
    /// Anyone may do anything (ZooKeeper's `OPEN_ACL_UNSAFE`).
    case openUnsafe
    /// Every permission to the identities the creating session authenticated as (`CREATOR_ALL_ACL`), and read
    /// to everyone. The session must have authenticated, or ZooKeeper refuses the create with `invalidACL`.
    case creatorAllWorldRead
    /// Every permission to the creating session's identities, nothing to anyone else.
    case creatorAll

    /// Which ACL each created path gets (paths relative to the chroot).
    public typealias Policy = @Sendable (_ path: String) -> ZooKeeperACL

    /// The C ACL vector (static storage, never freed).
    var vector: UnsafeMutablePointer<ACL_vector> {
        switch self {
        case .openUnsafe: tributary_open_acl()
        case .creatorAllWorldRead: tributary_secure_acl(1)
        case .creatorAll: tributary_secure_acl(0)
        }
    }
}

/// An identity the session presents to ZooKeeper (`zoo_add_auth`), e.g. scheme `digest` with `user:password`:
/// ZooKeeper then knows the session as `digest:user:<base64 SHA-1 of user:password>`.
public struct ZooKeeperAuthentication: Sendable, Equatable {
    public var scheme: String
    public var credential: [UInt8]

    public init(scheme: String, credential: [UInt8]) {
        self.scheme = scheme
        self.credential = credential
    }

    /// The `digest` scheme's identity for `username` and `password`.
    public static func digest(username: String, password: String) -> ZooKeeperAuthentication {
        ZooKeeperAuthentication(scheme: "digest", credential: Array("\(username):\(password)".utf8))
    }
}
