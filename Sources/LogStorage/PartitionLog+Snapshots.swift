import KafkaModel

/// Producer-state snapshot files, `<20-digit offset>.snapshot` in the log's directory: the partition's producer
/// table as of that offset (the format is the replication layer's, `ProducerStateSnapshot`; the log only keeps
/// the files in step with itself). Written at segment rolls and clean shutdown, without fsync: a snapshot only
/// saves replaying the log, so one a crash left empty or torn is refused by its CRC and the log replayed instead,
/// and the appending thread never waits for a disk. Those past the log end go with truncation and recovery,
/// those below the log start with retention, and only the newest two are kept.
extension PartitionLog {
    static let snapshotSuffix = ".snapshot"
    static let retainedSnapshots = 2

    /// Writes the snapshot for `offset` (the log end it describes) and prunes older ones.
    /// - Throws: `LogStorageError`.
    public func writeProducerSnapshot(_ bytes: [UInt8], at offset: Offset) throws {
        try logDirectory.perform(.write) {
            let path = directory + "/" + LogSegment.fileName(baseOffset: offset.rawValue, suffix: Self.snapshotSuffix)
            try FileIO.replaceFile(path, contents: bytes)
            let logStart = logStartOffset.rawValue
            let offsets = try snapshotOffsets()
            for (index, old) in offsets.enumerated()
            where old < logStart || index < offsets.count - Self.retainedSnapshots {
                try removeSnapshot(old)
            }
        }
    }

    /// The newest snapshot at or below the log end that `decode` accepts, with its offset. A snapshot `decode`
    /// refuses is logged and deleted, and the next older one tried.
    public func loadLatestProducerSnapshot<T>(_ decode: ([UInt8]) throws -> T) -> (offset: Offset, value: T)? {
        let logEnd = logEndOffset.rawValue
        let logStart = logStartOffset.rawValue
        guard let offsets = try? snapshotOffsets() else { return nil }
        for offset in offsets.reversed() where offset <= logEnd && offset >= logStart {
            let path = directory + "/" + LogSegment.fileName(baseOffset: offset, suffix: Self.snapshotSuffix)
            do {
                guard let bytes = try FileIO.readFile(path) else { continue }
                return (Offset(offset), try decode(bytes))
            } catch {
                logger.warning("Ignoring corrupt producer snapshot of \(topicPartition); rebuilding from the log",
                               metadata: ["file": "\(path)", "error": "\(error)"])
                try? FileIO.remove(path)
            }
        }
        return nil
    }

    /// Deletes snapshots past `end` (they describe records the log no longer has).
    func removeSnapshots(after end: Int64) throws {
        for offset in try snapshotOffsets() where offset > end { try removeSnapshot(offset) }
    }

    func snapshotOffsets() throws -> [Int64] {
        try FileIO.list(directory).compactMap { Self.baseOffset(fromFileName: $0, suffix: Self.snapshotSuffix) }.sorted()
    }

    private func removeSnapshot(_ offset: Int64) throws {
        try FileIO.remove(directory + "/" + LogSegment.fileName(baseOffset: offset, suffix: Self.snapshotSuffix))
    }
}
