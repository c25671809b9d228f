/// A connect string `host:port[,host:port...][/chroot]`, split into its servers and chroot.
///
/// The chroot appears once, after the last `host:port`, and prefixes every path the client uses.
public struct ZooKeeperConnectString: Sendable, Hashable, CustomStringConvertible {
    /// `h1:2181,h2:2181`.
    public let servers: String
    /// `/tributary`, or `nil` if the string names no chroot (a lone `/` counts as none).
    public let chroot: String?

    public init(_ string: String) {
        if let slash = string.firstIndex(of: "/") {
            servers = String(string[..<slash])
            var root = String(string[slash...])
            while root.count > 1, root.hasSuffix("/") { root.removeLast() }
            chroot = root == "/" ? nil : root
        } else {
            servers = string
            chroot = nil
        }
    }

    public var description: String { servers + (chroot ?? "") }
}
