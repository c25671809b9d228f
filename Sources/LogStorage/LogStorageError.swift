import Glibc
import KafkaModel

/// Why a log operation failed. The broker maps these to Kafka error codes in one place.
public enum LogStorageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A system call failed.
    case io(operation: String, path: String, errno: Int32)
    /// A read or lookup asked for an offset outside `[logStartOffset, logEndOffset]` (OFFSET_OUT_OF_RANGE).
    case offsetOutOfRange(requested: Offset, logStartOffset: Offset, logEndOffset: Offset)
    /// Appended bytes are not a sequence of valid magic-2 record batches (CORRUPT_MESSAGE).
    case corruptRecords(reason: String)
    /// A batch uses a magic byte other than 2 (UNSUPPORTED_FOR_MESSAGE_FORMAT).
    case unsupportedMagic(Int8)
    /// A batch is larger than `max.message.bytes` or `segment.bytes` (MESSAGE_TOO_LARGE).
    case recordBatchTooLarge(size: Int, limit: Int)
    /// A follower append did not start at the log end offset or had a gap (OFFSET_OUT_OF_RANGE for the fetcher).
    case nonContiguousAppend(expected: Offset, found: Offset)
    /// `deleteRecords` was asked to go past the log end offset.
    case invalidDeleteOffset(requested: Offset, logEndOffset: Offset)
    /// The log was closed or deleted.
    case logClosed(TopicPartition)
    /// A log directory's `meta.properties` names another cluster than the one we joined.
    case inconsistentClusterID(directory: String, found: String, expected: String)
    /// A log directory's `meta.properties` names another broker.
    case inconsistentBrokerID(directory: String, found: Int32, expected: Int32)
    /// A `meta.properties` or checkpoint file could not be parsed.
    case malformedFile(path: String, reason: String)
    /// No log directory was configured.
    case noLogDirectories
    /// The same partition was found in two log directories.
    case duplicateLog(TopicPartition, directories: [String])
    /// The log was created for another topic of the same name (a deleted one): its recorded topic id differs.
    case inconsistentTopicID(TopicPartition, recorded: String, requested: String)
    /// The partition's name cannot be a directory name under a log directory (INVALID_TOPIC_EXCEPTION).
    case illegalDirectoryName(TopicPartition)
    /// The log directory (a `log.dirs` entry) failed earlier and is no longer used (KAFKA_STORAGE_ERROR).
    case logDirectoryOffline(String)
    /// Every log directory failed: the broker cannot serve anything.
    case allLogDirectoriesOffline([String])

    public var description: String {
        switch self {
        case let .io(operation, path, code):
            return "\(operation) \(path): \(String(cString: strerror(code))) (errno \(code))"
        case let .offsetOutOfRange(requested, start, end):
            return "offset \(requested) is out of range [\(start), \(end)]"
        case let .corruptRecords(reason): return "corrupt records: \(reason)"
        case let .unsupportedMagic(magic): return "unsupported record batch magic \(magic)"
        case let .recordBatchTooLarge(size, limit): return "record batch of \(size) bytes exceeds \(limit)"
        case let .nonContiguousAppend(expected, found):
            return "follower append starts at \(found), expected \(expected)"
        case let .invalidDeleteOffset(requested, end):
            return "cannot delete records before \(requested): log end offset is \(end)"
        case let .logClosed(partition): return "log \(partition) is closed"
        case let .inconsistentClusterID(directory, found, expected):
            return "log directory \(directory) belongs to cluster \(found), not \(expected)"
        case let .inconsistentBrokerID(directory, found, expected):
            return "log directory \(directory) belongs to broker \(found), not \(expected)"
        case let .malformedFile(path, reason): return "malformed \(path): \(reason)"
        case .noLogDirectories: return "no log directory configured"
        case let .duplicateLog(partition, directories):
            return "partition \(partition) found in several log directories: \(directories.joined(separator: ", "))"
        case let .inconsistentTopicID(partition, recorded, requested):
            return "log of \(partition) belongs to topic id \(recorded), not \(requested)"
        case let .illegalDirectoryName(partition):
            return "\(partition) cannot name a log directory"
        case let .logDirectoryOffline(directory): return "log directory \(directory) is offline"
        case let .allLogDirectoriesOffline(directories):
            return "every log directory is offline: \(directories.joined(separator: ", "))"
        }
    }
}
