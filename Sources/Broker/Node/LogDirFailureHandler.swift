import Replication
import KafkaModel
import LogStorage
import Logging

/// The broker's answer to a failed log directory (KIP-112; Kafka's `LogDirFailureHandler` thread running
/// `ReplicaManager.handleLogDirFailure`). The log layer reports each failed directory once, from whatever thread met
/// the error; this handler takes the reports one at a time on its own task and, for each: stops every replica in
/// the directory (`ReplicaManager.stopReplicas(inFailedDirectory:)`), then tells the controller through
/// `/log_dir_event_notification`, so leadership moves to in-sync replicas elsewhere. Partitions on the other
/// directories are served as before. With no directory left the broker cannot serve anything and stops
/// (`onAllDirectoriesOffline`).
final class LogDirFailureHandler: Sendable {
    private let failures: AsyncStream<(directory: String, cause: LogStorageError)>
    private let continuation: AsyncStream<(directory: String, cause: LogStorageError)>.Continuation
    private let task: Task<Void, Never>

    /// Installs itself as the log manager's failure listener; directories already offline (at start-up) are
    /// handled at once.
    /// - Parameters:
    ///   - notifyController: writes the notification znode; retried until it succeeds or the handler stops.
    ///   - onAllDirectoriesOffline: the last directory failed.
    init(logManager: LogManager, replicas: ReplicaManager, logger: Logger,
         notifyController: @escaping @Sendable () async throws -> Void,
         onAllDirectoriesOffline: @escaping @Sendable () async -> Void) {
        (failures, continuation) = AsyncStream.makeStream()
        let failures = self.failures
        task = Task {
            for await (directory, cause) in failures {
                logger.error("log directory failed; stopping every replica in it", metadata: [
                    "directory": "\(directory)", "error": "\(cause)"])
                let stopped = replicas.stopReplicas(inFailedDirectory: directory)
                logger.error("stopped serving replicas in failed log directory", metadata: [
                    "directory": "\(directory)", "partitions": "\(stopped.count)",
                    "first": "\(stopped.prefix(10).map(\.description))"])
                if logManager.liveLogDirectories.isEmpty {
                    logger.critical("every log directory has failed; shutting down", metadata: [
                        "directories": "\(logManager.logDirectories)"])
                    await onAllDirectoriesOffline()
                    return
                }
                await Self.retryUntilCancelled(logger: logger, notifyController)
            }
        }
        let continuation = self.continuation
        logManager.setDirectoryFailureListener { directory, cause in
            continuation.yield((directory, cause))
        }
    }

    /// Stops handling reports (shutdown).
    func stop() {
        continuation.finish()
        task.cancel()
    }

    /// The notification must reach ZooKeeper, or the controller never moves the partitions: retried with backoff
    /// through a connection loss.
    private static func retryUntilCancelled(logger: Logger, _ notify: @Sendable () async throws -> Void) async {
        var delay = Duration.milliseconds(100)
        while !Task.isCancelled {
            do {
                try await notify()
                logger.info("told the controller of the failed log directory")
                return
            } catch {
                logger.warning("cannot write the log directory notification; retrying", metadata: [
                    "error": "\(error)", "retry in": "\(delay)"])
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }
}
