import CZooKeeper

/// The state of one ZooKeeper session, as the client sees it.
///
/// `connecting` → `connected` ⇄ `connecting` while the session lives; `expired`, `authFailed` and `closed` are
/// terminal: the client is then useless and its owner opens a new one (see `ZooKeeperSession`), re-creating
/// its ephemeral znodes.
public enum ZooKeeperSessionState: Sendable, Hashable, CustomStringConvertible {
    /// Looking for a server; the session (if any) may still be alive. Operations wait or fail with connection loss.
    case connecting
    /// Connected with a live session.
    case connected
    /// The server ended the session: its ephemerals and watches are gone.
    case expired
    /// The server refused the credentials.
    case authFailed
    /// `close()` was called (the session was ended cleanly, or the handle never connected).
    case closed

    /// Whether no further state can follow.
    public var isTerminal: Bool {
        switch self {
        case .connecting, .connected: false
        case .expired, .authFailed, .closed: true
        }
    }

    /// Maps the `state` argument of a C session event.
    init(cState state: Int32) {
        switch state {
        case ZOO_CONNECTED_STATE, ZOO_READONLY_STATE: self = .connected
        case ZOO_EXPIRED_SESSION_STATE: self = .expired
        case ZOO_AUTH_FAILED_STATE: self = .authFailed
        default: self = .connecting  // CONNECTING, ASSOCIATING, NOTCONNECTED: the library keeps trying.
        }
    }

    public var description: String {
        switch self {
        case .connecting: "connecting"
        case .connected: "connected"
        case .expired: "expired"
        case .authFailed: "auth failed"
        case .closed: "closed"
        }
    }
}
