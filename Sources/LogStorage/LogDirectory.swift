import Atomics
import Glibc
import Logging

/// One entry of `log.dirs` and whether it still works (Kafka's `LogDirFailureChannel`, per directory).
///
/// An I/O error on anything in the directory — a segment, an index, a checkpoint, the epoch file — takes the whole
/// directory offline, as in Kafka: a device that failed one write cannot be trusted with the next, and a flush
/// that failed may have lost pages a later "successful" one would not bring back. From then on every operation on
/// its logs fails at once with `logDirectoryOffline`, and `onOffline` is told, once. Only a restart brings the
/// directory back.
final class LogDirectory: @unchecked Sendable {
    // Safe: `offline` is atomic; `reason` is guarded by `lock` and written once, before `offline` is set.
    let path: String
    private let offline = ManagedAtomic<Bool>(false)
    private let lock = BlockingLock()
    private var reason: LogStorageError?
    private let logger: Logger
    private let onOffline: @Sendable (String, LogStorageError) -> Void

    /// What an operation does to the directory, which decides what its failure means.
    enum Access {
        /// Writes, flushes, creates, deletes: any I/O error is a failure of the directory.
        case write
        /// Reads of existing data: a file that vanished (ENOENT) was deleted by retention or truncation while it
        /// was being read, which is not a failure of the device.
        case read
    }

    /// - Parameter onOffline: told (on the thread that met the error) when the directory goes offline; must not
    ///   block.
    init(path: String, logger: Logger, onOffline: @escaping @Sendable (String, LogStorageError) -> Void = { _, _ in }) {
        self.path = path
        self.logger = logger
        self.onOffline = onOffline
    }

    var isOffline: Bool { offline.load(ordering: .acquiring) }

    /// The error that took the directory offline, nil while it is online.
    var offlineReason: LogStorageError? { lock.withLock { reason } }

    /// Refuses at once when the directory is offline; otherwise runs `body`, and takes the directory offline when
    /// it fails with an I/O error (rethrown).
    @inline(__always)
    func perform<T>(_ access: Access, _ body: () throws -> T) throws -> T {
        guard !offline.load(ordering: .relaxed) else { throw LogStorageError.logDirectoryOffline(path) }
        do {
            return try body()
        } catch let error as LogStorageError {
            if Self.isDeviceFailure(error, access) { markOffline(error) }
            throw error
        }
    }

    /// Takes the directory offline because of `cause`; true when this call did it (only the first one does).
    @discardableResult
    func markOffline(_ cause: LogStorageError) -> Bool {
        let first = lock.withLock { () -> Bool in
            guard reason == nil else { return false }
            reason = cause
            return true
        }
        guard first else { return false }
        offline.store(true, ordering: .releasing)
        logger.error("Log directory is offline: every log in it stops", metadata: [
            "directory": "\(path)", "error": "\(cause)"])
        onOffline(path, cause)
        return true
    }

    static func isDeviceFailure(_ error: LogStorageError, _ access: Access) -> Bool {
        guard case let .io(_, _, code) = error else { return false }
        return access == .write || code != ENOENT
    }
}

/// Hands directory failures to the log manager's listener, once each and in order; failures met before a listener
/// is installed (at start-up) are kept and handed over when it is.
final class DirectoryFailureNotifier: @unchecked Sendable {
    // Safe: guarded by `lock`.
    typealias Listener = @Sendable (String, LogStorageError) -> Void
    private let lock = BlockingLock()
    private var listener: Listener?
    private var pending: [(String, LogStorageError)] = []

    func report(_ directory: String, _ cause: LogStorageError) {
        let current = lock.withLock { () -> Listener? in
            if listener == nil { pending.append((directory, cause)) }
            return listener
        }
        current?(directory, cause)
    }

    func install(_ newListener: @escaping Listener) {
        let earlier = lock.withLock { () -> [(String, LogStorageError)] in
            listener = newListener
            defer { pending = [] }
            return pending
        }
        for (directory, cause) in earlier { newListener(directory, cause) }
    }
}
