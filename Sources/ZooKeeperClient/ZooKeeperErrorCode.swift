import CZooKeeper

/// A ZooKeeper result code, as returned by the C library (`enum ZOO_ERRORS`), plus `connectionTimeout`, which is
/// this client's own: no session could be established within `ZooKeeperClient.Configuration.connectionTimeout`.
public enum ZooKeeperErrorCode: Hashable, Sendable, CustomStringConvertible {
    case systemError, runtimeInconsistency, dataInconsistency, connectionLoss, marshallingError, unimplemented
    case operationTimeout, badArguments, invalidState, newConfigNoQuorum, reconfigInProgress, sslConnectionError
    case apiError, noNode, noAuth, badVersion, noChildrenForEphemerals, nodeExists, notEmpty, sessionExpired
    case invalidCallback, invalidACL, authFailed, closing, nothing, sessionMoved, notReadOnly
    case ephemeralOnLocalSession, noWatcher, reconfigDisabled, sessionClosedRequiresSASLAuth, throttledOperation
    case connectionTimeout
    /// A code this client does not know (a newer C library).
    case other(Int32)

    /// The one place where a C return code becomes a Swift value; `nil` for `ZOK`.
    init?(cCode rc: Int32) {
        switch rc {
        case ZOK.rawValue: return nil
        case ZSYSTEMERROR.rawValue: self = .systemError
        case ZRUNTIMEINCONSISTENCY.rawValue: self = .runtimeInconsistency
        case ZDATAINCONSISTENCY.rawValue: self = .dataInconsistency
        case ZCONNECTIONLOSS.rawValue: self = .connectionLoss
        case ZMARSHALLINGERROR.rawValue: self = .marshallingError
        case ZUNIMPLEMENTED.rawValue: self = .unimplemented
        case ZOPERATIONTIMEOUT.rawValue: self = .operationTimeout
        case ZBADARGUMENTS.rawValue: self = .badArguments
        case ZINVALIDSTATE.rawValue: self = .invalidState
        case ZNEWCONFIGNOQUORUM.rawValue: self = .newConfigNoQuorum
        case ZRECONFIGINPROGRESS.rawValue: self = .reconfigInProgress
        case ZSSLCONNECTIONERROR.rawValue: self = .sslConnectionError
        case ZAPIERROR.rawValue: self = .apiError
        case ZNONODE.rawValue: self = .noNode
        case ZNOAUTH.rawValue: self = .noAuth
        case ZBADVERSION.rawValue: self = .badVersion
        case ZNOCHILDRENFOREPHEMERALS.rawValue: self = .noChildrenForEphemerals
        case ZNODEEXISTS.rawValue: self = .nodeExists
        case ZNOTEMPTY.rawValue: self = .notEmpty
        case ZSESSIONEXPIRED.rawValue: self = .sessionExpired
        case ZINVALIDCALLBACK.rawValue: self = .invalidCallback
        case ZINVALIDACL.rawValue: self = .invalidACL
        case ZAUTHFAILED.rawValue: self = .authFailed
        case ZCLOSING.rawValue: self = .closing
        case ZNOTHING.rawValue: self = .nothing
        case ZSESSIONMOVED.rawValue: self = .sessionMoved
        case ZNOTREADONLY.rawValue: self = .notReadOnly
        case ZEPHEMERALONLOCALSESSION.rawValue: self = .ephemeralOnLocalSession
        case ZNOWATCHER.rawValue: self = .noWatcher
        case ZRECONFIGDISABLED.rawValue: self = .reconfigDisabled
        case ZSESSIONCLOSEDREQUIRESASLAUTH.rawValue: self = .sessionClosedRequiresSASLAuth
        case ZTHROTTLEDOP.rawValue: self = .throttledOperation
        default: self = .other(rc)
        }
    }

    public var description: String {
        switch self {
        case .systemError: "system error"
        case .runtimeInconsistency: "runtime inconsistency"
        case .dataInconsistency: "data inconsistency"
        case .connectionLoss: "connection loss"
        case .marshallingError: "marshalling error"
        case .unimplemented: "unimplemented"
        case .operationTimeout: "operation timeout"
        case .badArguments: "bad arguments"
        case .invalidState: "invalid handle state"
        case .newConfigNoQuorum: "new config has no quorum"
        case .reconfigInProgress: "reconfiguration in progress"
        case .sslConnectionError: "SSL connection error"
        case .apiError: "API error"
        case .noNode: "no node"
        case .noAuth: "not authenticated"
        case .badVersion: "bad version"
        case .noChildrenForEphemerals: "ephemeral nodes may not have children"
        case .nodeExists: "node exists"
        case .notEmpty: "node has children"
        case .sessionExpired: "session expired"
        case .invalidCallback: "invalid callback"
        case .invalidACL: "invalid ACL"
        case .authFailed: "authentication failed"
        case .closing: "client is closing"
        case .nothing: "no server responses to process"
        case .sessionMoved: "session moved to another server"
        case .notReadOnly: "server is read-only"
        case .ephemeralOnLocalSession: "ephemeral node on a local session"
        case .noWatcher: "no such watcher"
        case .reconfigDisabled: "reconfiguration disabled"
        case .sessionClosedRequiresSASLAuth: "session closed: server requires SASL authentication"
        case .throttledOperation: "operation throttled"
        case .connectionTimeout: "no session established within the connection timeout"
        case .other(let rc): "ZooKeeper error \(rc)"
        }
    }
}
