import KafkaModel
import ZooKeeperClient

/// KIP-112's channel from a broker whose log directory failed to the controller (`LogDirEventNotificationZNode`).
extension ClusterMetadataStore {
    /// Tells the controller that a log directory of `broker` failed (persistent-sequential notification).
    /// - Returns: the created path.
    @discardableResult
    public func notifyLogDirFailure(of broker: BrokerID) async throws -> String {
        try await zooKeeper.create(LogDirEventNotificationZNode.sequentialPrefix,
                                   data: LogDirEventNotificationZNode(brokerID: broker).encoded(),
                                   mode: .persistentSequential)
    }

    /// Pending log-directory notifications in sequence order: each one's znode name and what it holds (a
    /// decoding error for one no broker could have written — the controller logs and deletes it).
    /// - Parameter watcher: a one-shot child watch on `/log_dir_event_notification`.
    public func logDirEventNotifications(watcher: ZooKeeperWatcher? = nil) async throws
        -> [(name: String, event: Result<LogDirEventNotificationZNode, ZNodeDecodingError>)]
    {
        let root = LogDirEventNotificationZNode.path
        var notifications: [(name: String, event: Result<LogDirEventNotificationZNode, ZNodeDecodingError>)] = []
        for name in try await childrenIfExists(root, watcher: watcher).sorted() {
            guard let node = try await dataIfExists("\(root)/\(name)") else { continue }
            notifications.append((name, Result { () throws(ZNodeDecodingError) in
                try LogDirEventNotificationZNode.decode(node.data, path: "\(root)/\(name)")
            }))
        }
        return notifications
    }

    /// Removes processed log-directory notifications (by znode name).
    public func deleteLogDirEventNotifications(_ names: [String], fence: ControllerEpochVersion) async throws {
        try await deleteNotifications(names, under: LogDirEventNotificationZNode.path, fence: fence)
    }
}
