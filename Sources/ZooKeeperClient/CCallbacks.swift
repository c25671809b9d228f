import CZooKeeper

// C callbacks of the ZooKeeper client. All of them run on the C library's completion thread (one per handle;
// with the THREADED library, the thread `zookeeper_init` started). They copy what they need out of C memory,
// which is valid only during the call, resume a continuation or call a watcher, and return.
//
// Contexts: a `PendingCall` is retained by `ZooKeeperClient.submit` before the C call and released here with
// `takeRetainedValue` — each completion runs exactly once (with CONNECTIONLOSS or CLOSING if the request never
// got an answer). When submission itself fails the completion never runs, and `submit` releases the context.

/// A request waiting for its completion: the continuation and what to say if it fails.
final class PendingCall<Value: Sendable>: @unchecked Sendable {
    // Safe: every property is immutable; the continuation is resumed exactly once (by the completion or by
    // `submit` when submission fails — never both).
    let continuation: CheckedContinuation<Value, any Error>
    let operation: String
    let path: String
    /// The watch installed with this request, if any: it is dropped when the library did not install it.
    let watch: WatchRegistration?

    init(
        _ continuation: CheckedContinuation<Value, any Error>, operation: String, path: String,
        watch: WatchRegistration?
    ) {
        self.continuation = continuation
        self.operation = operation
        self.path = path
        self.watch = watch
    }

    func fail(_ rc: Int32) {
        continuation.resume(throwing: ZooKeeperError(code: ZooKeeperErrorCode(cCode: rc) ?? .systemError,
                                                     operation: operation, path: path))
    }

    /// The C library installs a watch only on success (and, for `exists`, also on NONODE).
    func settleWatch(installed: Bool) {
        if let watch, !installed { watch.owner.unregister(watch) }
    }
}

/// The bytes and stat of a znode.
public struct ZooKeeperNodeData: Sendable, Hashable {
    /// The data; empty when the znode holds null.
    public var data: [UInt8]
    public var stat: ZooKeeperStat

    public init(data: [UInt8], stat: ZooKeeperStat) {
        self.data = data
        self.stat = stat
    }
}

private func takeCall<Value>(_ context: UnsafeRawPointer?, as: Value.Type) -> PendingCall<Value> {
    Unmanaged<PendingCall<Value>>.fromOpaque(context!).takeRetainedValue()
}

/// Completion of `zoo_aget`/`zoo_awget`.
func dataCompletion(
    _ rc: Int32, _ value: UnsafePointer<CChar>?, _ length: Int32, _ stat: UnsafePointer<Stat>?,
    _ context: UnsafeRawPointer?
) {
    let call = takeCall(context, as: ZooKeeperNodeData.self)
    call.settleWatch(installed: rc == ZOK.rawValue)
    guard rc == ZOK.rawValue, let stat else { return call.fail(rc) }
    var bytes: [UInt8] = []
    if let value, length > 0 {
        bytes = value.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
            Array(UnsafeBufferPointer(start: $0, count: Int(length)))
        }
    }
    call.continuation.resume(returning: ZooKeeperNodeData(data: bytes, stat: ZooKeeperStat(stat.pointee)))
}

/// Completion of `zoo_aexists`/`zoo_awexists`: NONODE is an answer (`nil`), not an error.
func existsCompletion(_ rc: Int32, _ stat: UnsafePointer<Stat>?, _ context: UnsafeRawPointer?) {
    let call = takeCall(context, as: ZooKeeperStat?.self)
    call.settleWatch(installed: rc == ZOK.rawValue || rc == ZNONODE.rawValue)
    if rc == ZNONODE.rawValue { return call.continuation.resume(returning: nil) }
    guard rc == ZOK.rawValue, let stat else { return call.fail(rc) }
    call.continuation.resume(returning: ZooKeeperStat(stat.pointee))
}

/// Completion of `zoo_aset`.
func statCompletion(_ rc: Int32, _ stat: UnsafePointer<Stat>?, _ context: UnsafeRawPointer?) {
    let call = takeCall(context, as: ZooKeeperStat.self)
    guard rc == ZOK.rawValue, let stat else { return call.fail(rc) }
    call.continuation.resume(returning: ZooKeeperStat(stat.pointee))
}

/// Completion of `zoo_adelete`.
func voidCompletion(_ rc: Int32, _ context: UnsafeRawPointer?) {
    let call = takeCall(context, as: Void.self)
    guard rc == ZOK.rawValue else { return call.fail(rc) }
    call.continuation.resume()
}

/// Completion of `zoo_acreate`: the created path (relative to the chroot).
func stringCompletion(_ rc: Int32, _ value: UnsafePointer<CChar>?, _ context: UnsafeRawPointer?) {
    let call = takeCall(context, as: String.self)
    guard rc == ZOK.rawValue else { return call.fail(rc) }
    call.continuation.resume(returning: value.map { String(cString: $0) } ?? call.path)
}

/// Completion of `zoo_aget_children`/`zoo_awget_children`.
func childrenCompletion(_ rc: Int32, _ strings: UnsafePointer<String_vector>?, _ context: UnsafeRawPointer?) {
    let call = takeCall(context, as: [String].self)
    call.settleWatch(installed: rc == ZOK.rawValue)
    guard rc == ZOK.rawValue else { return call.fail(rc) }
    var children: [String] = []
    if let vector = strings?.pointee, let data = vector.data {
        children.reserveCapacity(Int(vector.count))
        for index in 0..<Int(vector.count) {
            if let name = data[index] { children.append(String(cString: name)) }
        }
    }
    call.continuation.resume(returning: children)
}

/// The handle's global watcher. It only sees session events, because this client never asks for watches on the
/// global watcher (plain calls pass `watch = 0`; watches go through the `w` calls and `watchFired`).
/// Its context is the handle's `SessionEvents`, kept alive until `zookeeper_close` returns.
func sessionWatcher(
    _ handle: OpaquePointer?, _ type: Int32, _ state: Int32, _ path: UnsafePointer<CChar>?,
    _ context: UnsafeMutableRawPointer?
) {
    guard type == ZOO_SESSION_EVENT, let context else { return }
    Unmanaged<SessionEvents>.fromOpaque(context).takeUnretainedValue().publish(ZooKeeperSessionState(cState: state))
}

/// A per-watch watcher. The library calls it with the watch's one event, and also with every session event
/// while the watch is pending (those are ignored, except the end of the session, reported once).
/// Its context is a `WatchRegistration`, held unretained by the library and kept alive by `SessionEvents`.
func watchFired(
    _ handle: OpaquePointer?, _ type: Int32, _ state: Int32, _ path: UnsafePointer<CChar>?,
    _ context: UnsafeMutableRawPointer?
) {
    guard let context else { return }
    let watch = Unmanaged<WatchRegistration>.fromOpaque(context).takeUnretainedValue()
    if type == ZOO_SESSION_EVENT {
        let sessionState = ZooKeeperSessionState(cState: state)
        // The library may still call this watcher (it keeps it until the handle closes), so it stays registered.
        if sessionState.isTerminal { watch.deliver(ZooKeeperWatchEvent(kind: .sessionEnded(sessionState), path: watch.path)) }
        return
    }
    let eventPath = path.map { String(cString: $0) } ?? watch.path
    if let event = ZooKeeperWatchEvent(cType: type, path: eventPath) { watch.deliver(event) }
    // One-shot: the library removed the watch before calling us, so nothing references it any more.
    watch.owner.unregister(watch)
}
