/// `/cluster/id` — the cluster's id, written once by the first broker to start.
///
/// `{"version":"1","id":"qC3Yb9mYS2uTnZ1Z8pH3eQ"}` — note `version` is a *string* here (the only znode where
/// it is); `id` is a `ZNodeUUID`.
public struct ClusterIDZNode: Hashable, Sendable {
    public static let path = "/cluster/id"

    public var id: String

    public init(id: String) { self.id = id }

    public func encoded() -> [UInt8] { ZNodeJSON.encode(["version": "1", "id": id]) }

    /// - Throws: `ZNodeDecodingError` naming `/cluster/id`.
    public static func decode(_ bytes: [UInt8]) throws(ZNodeDecodingError) -> ClusterIDZNode {
        let json = try ZNodeJSON(bytes, path: path)
        guard try json.string("version") == "1" else { throw json.fail("unsupported version") }
        return ClusterIDZNode(id: try json.string("id"))
    }
}
