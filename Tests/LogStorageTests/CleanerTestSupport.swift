import Glibc
import KafkaModel
import KafkaRecords
import LogStorage
import NIOCore

/// Keyed batches and whole-log reads for the cleaner tests.
enum Keyed {
    /// One record: nil key or value is Kafka's null (a nil value is a tombstone).
    struct Entry: Equatable, CustomStringConvertible {
        var offset: Int64
        var key: String?
        var value: String?
        var description: String { "\(offset):\(key ?? "∅")=\(value ?? "∅")" }
    }

    /// A batch of `records` (key, value) stamped `timestamp`.
    static func batch(_ records: [(String?, String?)], timestamp: Int64 = 1_000, compression: CompressionCodec = .none,
                      producerID: Int64 = -1, producerEpoch: Int16 = -1, baseSequence: Int32 = -1) -> ByteBuffer {
        var builder = RecordBatchBuilder(compression: compression, producerID: producerID, producerEpoch: producerEpoch,
                                         baseSequence: baseSequence)
        for (key, value) in records {
            builder.append(key: key.map { ByteBuffer(string: $0) }, value: value.map { ByteBuffer(string: $0) },
                           timestamp: timestamp)
        }
        return (try? builder.build()) ?? ByteBuffer()
    }

    /// Appends one single-record batch per (key, value).
    static func write(_ log: PartitionLog, _ records: [(String?, String?)], timestamp: Int64 = 1_000) throws {
        for record in records {
            try log.append(batch([record], timestamp: timestamp), leaderEpoch: LeaderEpoch(0))
        }
    }

    /// Every record from the log start to the log end, in order.
    static func readAll(_ log: PartitionLog) throws -> [Entry] {
        try batches(log).flatMap { batch in
            try batch.records().map {
                Entry(offset: $0.offset, key: $0.key.map { String(buffer: $0) }, value: $0.value.map { String(buffer: $0) })
            }
        }
    }

    /// Every batch from the log start to the log end, CRC checked.
    static func batches(_ log: PartitionLog) throws -> [RecordBatch] {
        var result: [RecordBatch] = []
        var position = log.logStartOffset
        while position < log.logEndOffset {
            let read = try log.read(from: position, maxBytes: 1 << 20)
            guard let next = read.nextOffset else { break }
            var bytes = try read.readBytes()
            while bytes.readableBytes > 0 {
                let batch = try RecordBatch(bytes)
                if batch.header.lastOffset >= position.rawValue { result.append(batch) }
                bytes.moveReaderIndex(forwardBy: batch.header.totalSize)
            }
            position = next
        }
        return result
    }

    /// What a correct cleaning of `written` (offset order) keeps: the last record of each key, tombstones
    /// included or not.
    static func lastPerKey(_ written: [Entry], keepTombstones: Bool) -> [Entry] {
        var last: [String: Int64] = [:]
        for entry in written { if let key = entry.key { last[key] = entry.offset } }
        return written.filter { entry in
            guard let key = entry.key, last[key] == entry.offset else { return false }
            return keepTombstones || entry.value != nil
        }
    }
}

/// A log manager with one log and a cleaner over it, in a temporary directory.
final class CleanerFixture {
    let root = TemporaryDirectory()
    let clock: ManualClock
    var manager: LogManager
    var cleaner: LogCleaner
    let partition = TopicPartition("compacted", PartitionIndex(0))
    let cleanerConfig: CleanerConfig

    var directory: String { root.path + "/data" }
    var logDirectory: String { directory + "/compacted-0" }

    init(_ config: LogConfig, cleanerConfig: CleanerConfig = CleanerConfig(dedupeBufferSize: 1 << 20),
         clock: ManualClock = ManualClock(1_000_000)) throws {
        self.clock = clock
        self.cleanerConfig = cleanerConfig
        manager = try LogManager(logDirectories: [root.path + "/data"], brokerID: BrokerID(1), clusterID: "c",
                                 defaultConfig: config, clock: clock.wallClock)
        cleaner = LogCleaner(logManager: manager, config: cleanerConfig, clock: clock.wallClock)
        _ = try manager.getOrCreateLog(for: partition)
    }

    var log: PartitionLog {
        get throws {
            guard let log = manager.log(for: partition) else { throw LogStorageError.logClosed(partition) }
            return log
        }
    }

    /// Closes everything and opens it again (a restart after a clean shutdown, or, with files changed on disk
    /// meanwhile, after a crash).
    func reopen(_ config: LogConfig, beforeOpening: () throws -> Void = {}) throws {
        try manager.close()
        try beforeOpening()
        manager = try LogManager(logDirectories: [directory], brokerID: BrokerID(1), clusterID: "c",
                                 defaultConfig: config, clock: clock.wallClock)
        cleaner = LogCleaner(logManager: manager, config: cleanerConfig, clock: clock.wallClock)
    }

    /// Cleans until no log needs it (a bounded number of passes).
    @discardableResult
    func cleanUntilDone(maxPasses: Int = 50) -> [CleanerStats] {
        var passes: [CleanerStats] = []
        while passes.count < maxPasses, let stats = cleaner.cleanFilthiestLog() { passes.append(stats) }
        return passes
    }

    var segmentFiles: [String] { Files.names(in: logDirectory).filter { $0.hasSuffix(".log") } }
}

extension Files {
    /// Copies a file byte for byte.
    static func copy(_ from: String, to: String) {
        let input = open(from, O_RDONLY)
        precondition(input >= 0, "cannot open \(from)")
        let output = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(output >= 0, "cannot create \(to)")
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = Glibc.read(input, &buffer, buffer.count)
            if n <= 0 { break }
            _ = buffer.withUnsafeBytes { Glibc.write(output, $0.baseAddress, n) }
        }
        close(input)
        close(output)
    }

    /// Copies the regular files of a directory (not recursively) into another, created if needed.
    static func copyDirectory(_ from: String, to: String) {
        mkdir(to, 0o755)
        for name in names(in: from) { copy(from + "/" + name, to: to + "/" + name) }
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Sets a file's modification time (milliseconds since the epoch).
    static func setModificationTime(_ path: String, ms: Int64) {
        var times = [timespec(tv_sec: Int(ms / 1000), tv_nsec: Int(ms % 1000) * 1_000_000),
                     timespec(tv_sec: Int(ms / 1000), tv_nsec: Int(ms % 1000) * 1_000_000)]
        precondition(utimensat(AT_FDCWD, path, &times, 0) == 0)
    }
}
