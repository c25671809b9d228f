import CZooKeeper
import Logging

/// One ZooKeeper session over the C library's asynchronous API.
///
/// Every operation is a C request whose completion resumes a continuation: no thread waits on ZooKeeper.
/// A client is one session: after `expired` (see `sessionStates()`) it is dead, and its owner opens a new one
/// and re-creates its ephemerals — `ZooKeeperSession` does the reopening.
///
/// Paths are absolute (`/brokers/ids/1`) and relative to the connect string's chroot.
public final class ZooKeeperClient: Sendable {
    /// How to reach ZooKeeper.
    public struct Configuration: Sendable {
        /// `host:port[,host:port...][/chroot]` (Kafka's `zookeeper.connect`).
        public var connectString: String
        /// Session timeout the client asks for (Kafka's `zookeeper.session.timeout.ms`, default 18 s).
        public var sessionTimeout: Duration
        /// How long `connect` waits for a session (Kafka's `zookeeper.connection.timeout.ms`).
        public var connectionTimeout: Duration
        /// Joins an existing session instead of starting one.
        public var credentials: ZooKeeperSessionCredentials?
        /// Identities the session presents before any request (the C library presents them again after a
        /// reconnect; a new session presents them when it connects).
        public var authentication: [ZooKeeperAuthentication]
        /// The ACL of each znode this client creates.
        public var acl: ZooKeeperACL.Policy

        public init(
            connectString: String, sessionTimeout: Duration = .seconds(18), connectionTimeout: Duration = .seconds(18),
            credentials: ZooKeeperSessionCredentials? = nil, authentication: [ZooKeeperAuthentication] = [],
            acl: @escaping ZooKeeperACL.Policy = { _ in .openUnsafe }
        ) {
            self.connectString = connectString
            self.sessionTimeout = sessionTimeout
            self.connectionTimeout = connectionTimeout
            self.credentials = credentials
            self.authentication = authentication
            self.acl = acl
        }
    }

    /// The C handle. Safe to send: the multi-threaded library serializes API calls internally, and the pointer
    /// is used only under `ZooKeeperClient.handle`'s lock, which `close` clears before freeing it.
    struct Handle: @unchecked Sendable {
        let raw: OpaquePointer
    }

    public let configuration: Configuration
    private let handle: Locked<Handle?>
    private let events: SessionEvents

    private init(configuration: Configuration, handle: Handle, events: SessionEvents) {
        self.configuration = configuration
        self.handle = Locked(handle)
        self.events = events
    }

    deinit {
        // The owner dropped the client without closing it: end the session on a thread of its own.
        if let handle = handle.withLock({ $0 }) {
            let events = events
            Task.detached { await Self.closeHandle(handle, events: events) }
        }
    }

    // MARK: Session

    /// Opens a session and waits until it is connected.
    /// - Throws: `ZooKeeperError` with code `connectionTimeout` if no session is established within
    ///   `configuration.connectionTimeout`, or the terminal state's code (`sessionExpired`, `authFailed`).
    public static func connect(_ configuration: Configuration) async throws -> ZooKeeperClient {
        ZooKeeperLibrary.configureLogging()
        let events = SessionEvents()
        let context = Unmanaged.passRetained(events)  // released by closeHandle, after zookeeper_close
        let connectString = configuration.connectString
        let timeoutMs = Int32(clamping: configuration.sessionTimeout.components.seconds * 1000
            + configuration.sessionTimeout.components.attoseconds / 1_000_000_000_000_000)
        let credentials = configuration.credentials
        let raw: Handle? = await runOnDedicatedThread {
            var clientID = clientid_t()
            if let credentials {
                clientID.client_id = credentials.sessionID
                withUnsafeMutableBytes(of: &clientID.passwd) { buffer in
                    for (index, byte) in credentials.password.prefix(buffer.count).enumerated() { buffer[index] = byte }
                }
            }
            let pointer = withUnsafePointer(to: &clientID) { clientIDPointer in
                zookeeper_init2(connectString, sessionWatcher, timeoutMs,
                                credentials == nil ? nil : clientIDPointer, context.toOpaque(), ZOO_NO_LOG_CLIENTENV,
                                forwardLibraryLog)
            }
            // By default the library resolves the connect string's host names again every time its I/O thread
            // polls (a getaddrinfo per batch of requests: thousands while a controller loads 10,000 partitions).
            // Once every few seconds still follows DNS changes; a lost connection resolves at once regardless.
            if let pointer { _ = zoo_set_servers_resolution_delay(pointer, Self.hostResolutionIntervalMs) }
            return pointer.map(Handle.init)
        }
        guard let raw else {
            context.release()
            throw ZooKeeperError(code: .badArguments, operation: "connect", detail: "connect string \(connectString)")
        }
        let client = ZooKeeperClient(configuration: configuration, handle: raw, events: events)
        let reached = await client.waitForSessionEnd(orConnectedWithin: configuration.connectionTimeout)
        switch reached {
        case .connected?:
            do {
                for identity in configuration.authentication { try await client.addAuthentication(identity) }
            } catch {
                await client.close()
                throw error
            }
            return client
        case nil:
            await client.close()
            throw ZooKeeperError(code: .connectionTimeout, operation: "connect",
                                 detail: "no session with \(connectString) within \(configuration.connectionTimeout)")
        case let state?:
            await client.close()
            throw ZooKeeperError(code: state == .authFailed ? .authFailed : .sessionExpired, operation: "connect",
                                 detail: "session \(state) while connecting to \(connectString)")
        }
    }

    /// The least time between the library's routine re-resolutions of the connect string's host names.
    static let hostResolutionIntervalMs: Int32 = 5_000

    /// The first state among `connected` and the terminal ones, or `nil` if none came in time.
    private func waitForSessionEnd(orConnectedWithin timeout: Duration) async -> ZooKeeperSessionState? {
        let states = events.subscribe()
        return await withTaskGroup(of: ZooKeeperSessionState?.self) { group in
            group.addTask {
                for await state in states where state == .connected || state.isTerminal { return state }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// Ends the session (its ephemerals are deleted at once) and frees the handle. Pending operations fail with
    /// `closing`; pending watches report `sessionEnded(.closed)`. Calling it twice is harmless.
    public func close() async {
        guard let closing = handle.withLock({ handle -> Handle? in
            defer { handle = nil }
            return handle
        }) else { return }
        await Self.closeHandle(closing, events: events)
    }

    private static func closeHandle(_ handle: Handle, events: SessionEvents) async {
        _ = await runOnDedicatedThread { zookeeper_close(handle.raw) }
        // No callback can run any more: settle what is pending and give back the handle's reference.
        events.handleClosed()
        Unmanaged.passUnretained(events).release()
    }

    /// The session's current state.
    public var sessionState: ZooKeeperSessionState { events.current }

    /// The session's states, starting with the current one; the stream finishes after a terminal state.
    /// Each call returns an independent stream.
    public func sessionStates() -> AsyncStream<ZooKeeperSessionState> { events.subscribe() }

    /// The session id and password, once connected (`nil` before the first connection or after `close`).
    public var credentials: ZooKeeperSessionCredentials? {
        handle.withLock { handle in
            guard let handle, let id = zoo_client_id(handle.raw)?.pointee, id.client_id != 0 else { return nil }
            var password = id.passwd
            let bytes = withUnsafeBytes(of: &password) { Array($0) }
            return ZooKeeperSessionCredentials(sessionID: id.client_id, password: bytes)
        }
    }

    /// The session id, or 0 if not connected; compare with `ZooKeeperStat.ephemeralOwner`.
    public var sessionID: Int64 { credentials?.sessionID ?? 0 }

    // MARK: Submission

    /// Submits one C request whose completion resumes the continuation (see `CCallbacks.swift`).
    private func submit<Value: Sendable>(
        _ operation: String, path: String, watcher: ZooKeeperWatcher? = nil,
        _ start: (OpaquePointer, UnsafeRawPointer, WatchRegistration?) -> Int32
    ) async throws -> Value {
        let started = ContinuousClock.now
        defer { ZooKeeperRequestTiming.record(since: started) }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
            let watch = watcher.map { WatchRegistration(path: path, owner: events, watcher: $0) }
            if let watch { events.register(watch) }  // before the request: the event may come right after it
            let call = PendingCall(continuation, operation: operation, path: path, watch: watch)
            let context = Unmanaged.passRetained(call)
            let rc: Int32 = handle.withLock { handle in
                guard let handle else { return ZCLOSING.rawValue }
                return start(handle.raw, UnsafeRawPointer(context.toOpaque()), watch)
            }
            if rc != ZOK.rawValue {
                // The completion will never run: take back its reference and answer here.
                context.release()
                call.settleWatch(installed: false)
                call.fail(rc)
            }
        }
    }

    // MARK: Operations

    /// Creates a znode.
    /// - Parameters:
    ///   - path: absolute path; for sequential modes, the prefix of the name.
    ///   - data: the content, or `nil` for null data (Kafka's persistent roots).
    ///   - mode: persistent, ephemeral, or sequential.
    /// - Returns: the created path (with its sequence suffix for sequential modes).
    /// - Throws: `ZooKeeperError` — `nodeExists`, `noNode` (missing parent), `noChildrenForEphemerals`, ...
    @discardableResult
    public func create(_ path: String, data: [UInt8]? = nil, mode: ZooKeeperCreateMode = .persistent) async throws
        -> String
    {
        try await submit("create", path: path) { handle, context, _ in
            withOptionalBytes(data) { bytes, count in
                zoo_acreate(handle, path, bytes, count, configuration.acl(path).vector, mode.cFlags,
                            stringCompletion, context)
            }
        }
    }

    /// Presents `identity` to ZooKeeper for the rest of the session; requests sent after it are checked with it.
    /// - Throws: `ZooKeeperError` `authFailed` when the server refuses it (the session is then unusable).
    public func addAuthentication(_ identity: ZooKeeperAuthentication) async throws {
        let _: Void = try await submit("addAuth", path: identity.scheme) { handle, context, _ in
            identity.credential.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    zoo_add_auth(handle, identity.scheme, chars.baseAddress, Int32(chars.count), voidCompletion,
                                 context)
                }
            }
        }
    }

    /// Reads a znode's data and stat.
    /// - Parameter watcher: if given, installed as a one-shot watch for data changes and deletion.
    /// - Throws: `ZooKeeperError` `noNode` if the znode does not exist (no watch is left then).
    public func getData(_ path: String, watcher: ZooKeeperWatcher? = nil) async throws -> ZooKeeperNodeData {
        try await submit("getData", path: path, watcher: watcher) { handle, context, watch in
            if let watch {
                zoo_awget(handle, path, watchFired, Unmanaged.passUnretained(watch).toOpaque(), dataCompletion,
                          context)
            } else {
                zoo_aget(handle, path, 0, dataCompletion, context)
            }
        }
    }

    /// Writes a znode's data.
    /// - Parameter expectedVersion: the data version the write requires, or -1 for any.
    /// - Returns: the stat after the write.
    /// - Throws: `ZooKeeperError` `badVersion` or `noNode`.
    @discardableResult
    public func setData(_ path: String, data: [UInt8], expectedVersion: Int32 = -1) async throws -> ZooKeeperStat {
        try await submit("setData", path: path) { handle, context, _ in
            data.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    zoo_aset(handle, path, chars.baseAddress, Int32(chars.count), expectedVersion, statCompletion,
                             context)
                }
            }
        }
    }

    /// Deletes a znode.
    /// - Parameter expectedVersion: the data version the delete requires, or -1 for any.
    /// - Throws: `ZooKeeperError` `badVersion`, `noNode` or `notEmpty`.
    public func delete(_ path: String, expectedVersion: Int32 = -1) async throws {
        let _: Void = try await submit("delete", path: path) { handle, context, _ in
            zoo_adelete(handle, path, expectedVersion, voidCompletion, context)
        }
    }

    /// The znode's stat, or `nil` if it does not exist.
    /// - Parameter watcher: if given, a one-shot watch for creation (when absent), or data change and deletion.
    public func exists(_ path: String, watcher: ZooKeeperWatcher? = nil) async throws -> ZooKeeperStat? {
        try await submit("exists", path: path, watcher: watcher) { handle, context, watch in
            if let watch {
                zoo_awexists(handle, path, watchFired, Unmanaged.passUnretained(watch).toOpaque(), existsCompletion,
                             context)
            } else {
                zoo_aexists(handle, path, 0, existsCompletion, context)
            }
        }
    }

    /// The names (not paths) of a znode's children, in no particular order.
    /// - Parameter watcher: if given, a one-shot watch for child changes and deletion of the znode.
    /// - Throws: `ZooKeeperError` `noNode`.
    public func getChildren(_ path: String, watcher: ZooKeeperWatcher? = nil) async throws -> [String] {
        try await submit("getChildren", path: path, watcher: watcher) { handle, context, watch in
            if let watch {
                zoo_awget_children(handle, path, watchFired, Unmanaged.passUnretained(watch).toOpaque(),
                                   childrenCompletion, context)
            } else {
                zoo_aget_children(handle, path, 0, childrenCompletion, context)
            }
        }
    }

    /// Applies all operations atomically, or none.
    /// - Returns: one result per operation, in order.
    /// - Throws: `ZooKeeperError` whose `code`, `path` and `failedOperationIndex` name the operation that failed.
    public func multi(_ operations: [ZooKeeperOperation]) async throws -> [ZooKeeperOperationResult] {
        if operations.isEmpty { return [] }
        return try await withCheckedThrowingContinuation { continuation in
            let call = MultiCall(operations, acl: configuration.acl)
            call.continuation = continuation
            let context = Unmanaged.passRetained(call)
            let rc: Int32 = handle.withLock { handle in
                guard let handle else { return ZCLOSING.rawValue }
                return zoo_amulti(handle.raw, Int32(operations.count), call.cOperations, call.results,
                                  multiCompletion, UnsafeRawPointer(context.toOpaque()))
            }
            if rc != ZOK.rawValue {
                // The completion will never run: take back its reference and answer here.
                context.release()
                call.continuation = nil
                continuation.resume(throwing: ZooKeeperError(
                    code: ZooKeeperErrorCode(cCode: rc) ?? .systemError, operation: "multi",
                    path: operations.first?.path))
            }
        }
    }
}

/// Passes optional bytes to C as (pointer, length), with (nil, -1) for null data.
private func withOptionalBytes<Result>(_ bytes: [UInt8]?, _ body: (UnsafePointer<CChar>?, Int32) -> Result)
    -> Result
{
    guard let bytes else { return body(nil, -1) }
    return bytes.withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) { body($0.baseAddress, Int32($0.count)) }
    }
}
