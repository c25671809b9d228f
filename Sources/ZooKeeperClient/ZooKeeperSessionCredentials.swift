/// A session's id and password. Handing them to another client joins the same session — which is how tests
/// force an expiry: open a second client with them, then close it.
public struct ZooKeeperSessionCredentials: Sendable, Hashable, CustomStringConvertible {
    public let sessionID: Int64
    /// 16 bytes.
    public let password: [UInt8]

    public init(sessionID: Int64, password: [UInt8]) {
        self.sessionID = sessionID
        self.password = password
    }

    /// Hex, as the server logs it.
    public var description: String { "0x" + String(UInt64(bitPattern: sessionID), radix: 16) }
}
