/// Every failure of a ZooKeeper operation: what went wrong (`code`), in which call, on which path.
public struct ZooKeeperError: Error, Hashable, Sendable, CustomStringConvertible {
    public let code: ZooKeeperErrorCode
    /// The client call that failed: `create`, `getData`, `multi`, `connect`, ...
    public let operation: String
    /// The znode the call was about (for `multi`, the path of the operation that failed), if any.
    public let path: String?
    /// For `multi`: the index of the operation that made the transaction fail.
    public let failedOperationIndex: Int?
    /// Extra words for the reader (the connect string, the timeout, ...).
    public let detail: String?

    public init(
        code: ZooKeeperErrorCode, operation: String, path: String? = nil, failedOperationIndex: Int? = nil,
        detail: String? = nil
    ) {
        self.code = code
        self.operation = operation
        self.path = path
        self.failedOperationIndex = failedOperationIndex
        self.detail = detail
    }

    public var description: String {
        var text = "ZooKeeper \(operation)"
        if let path { text += " \(path)" }
        if let failedOperationIndex { text += " (operation #\(failedOperationIndex) of the multi)" }
        text += " failed: \(code)"
        if let detail { text += " (\(detail))" }
        return text
    }
}
