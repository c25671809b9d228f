import KafkaModel
import Logging

/// Kafka's `cleaner-offset-checkpoint`, one per log directory (format in `OffsetCheckpointFile`): for each
/// compacted log, the offset where its dirty part starts — everything below was cleaned at least once. Written
/// after each cleaning pass (and when an entry had to be reset), atomically; entries of logs no longer in the
/// directory are dropped at each write. An unreadable file is logged and counts as empty: the cleaner then
/// starts again from each log's start, which is slower but loses nothing.
final class CleanerCheckpoints: @unchecked Sendable {
    // Safe: `cache` is guarded by `lock`, which also serializes the writes.
    static let fileName = "cleaner-offset-checkpoint"

    private let logger: Logger
    private let lock = BlockingLock()
    private var cache: [String: [TopicPartition: Offset]] = [:]

    init(logger: Logger) { self.logger = logger }

    /// The checkpointed offset of `partition` in the log directory `directory`.
    func offset(of partition: TopicPartition, in directory: String) -> Int64? {
        lock.withLock { entriesLocked(directory)[partition]?.rawValue }
    }

    /// Records `offset` for `partition` and writes the directory's file.
    /// - Parameter live: the partitions whose logs are in the directory; other entries are dropped.
    func update(_ partition: TopicPartition, to offset: Int64, in directory: String, live: Set<TopicPartition>) {
        lock.withLock {
            var entries = entriesLocked(directory).filter { live.contains($0.key) }
            entries[partition] = Offset(offset)
            cache[directory] = entries
            do {
                try OffsetCheckpointFile.write(entries, to: directory + "/" + Self.fileName)
            } catch {
                logger.error("Writing the cleaner checkpoint failed", metadata: ["directory": "\(directory)",
                                                                                  "error": "\(error)"])
            }
        }
    }

    /// Caller holds `lock`.
    private func entriesLocked(_ directory: String) -> [TopicPartition: Offset] {
        if let cached = cache[directory] { return cached }
        let path = directory + "/" + Self.fileName
        var entries: [TopicPartition: Offset] = [:]
        do {
            entries = try OffsetCheckpointFile.read(path) ?? [:]
        } catch {
            logger.warning("Ignoring an unreadable cleaner checkpoint", metadata: ["path": "\(path)", "error": "\(error)"])
        }
        cache[directory] = entries
        return entries
    }
}
