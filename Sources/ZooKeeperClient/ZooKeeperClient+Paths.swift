extension ZooKeeperClient {
    /// Creates `path` and every missing ancestor as persistent znodes; `data` goes to `path` itself, ancestors
    /// hold null. An existing `path` is left untouched (like Kafka's `makeSurePersistentPathExists`).
    /// - Throws: `ZooKeeperError` other than `nodeExists`.
    public func createRecursively(_ path: String, data: [UInt8]? = nil) async throws {
        let components = path.split(separator: "/")
        var prefix = ""
        for (index, component) in components.enumerated() {
            prefix += "/" + component
            let isLast = index == components.count - 1
            do {
                try await create(prefix, data: isLast ? data : nil, mode: .persistent)
            } catch let error as ZooKeeperError where error.code == .nodeExists {
                continue
            }
        }
    }

    /// Deletes `path` and everything below it; a missing znode is not an error.
    /// - Throws: `ZooKeeperError` other than `noNode`.
    public func deleteRecursively(_ path: String) async throws {
        let children: [String]
        do {
            children = try await getChildren(path)
        } catch let error as ZooKeeperError where error.code == .noNode {
            return
        }
        let base = path == "/" ? "" : path
        for child in children { try await deleteRecursively(base + "/" + child) }
        if path == "/" { return }
        do {
            try await delete(path)
        } catch let error as ZooKeeperError where error.code == .noNode {}
    }

    /// Creates the connect string's chroot if it is missing, the way a Kafka broker does at startup: it
    /// connects without the chroot, creates the path (persistent, null data, with its ancestors) and closes.
    /// Does nothing if the connect string has no chroot.
    /// - Throws: `ZooKeeperError` from connecting or creating.
    public static func ensureChroot(_ configuration: Configuration) async throws {
        let connectString = ZooKeeperConnectString(configuration.connectString)
        guard let chroot = connectString.chroot else { return }
        var rootConfiguration = configuration
        rootConfiguration.connectString = connectString.servers
        rootConfiguration.credentials = nil
        let client = try await connect(rootConfiguration)
        do {
            if try await client.exists(chroot) == nil { try await client.createRecursively(chroot) }
        } catch {
            await client.close()
            throw error
        }
        await client.close()
    }
}
