import KafkaModel

/// The aborted-transaction indexes of the log's segments (format on `TransactionIndex`). All of them are held in
/// memory (34 bytes per aborted transaction) and each segment's file is rewritten when an entry is added to it
/// or cut off it; an entry belongs to the segment holding its marker, so the files roll, truncate and go with
/// the segments.
extension PartitionLog {
    /// Records a transaction aborted by a marker just appended (at `transaction.lastOffset`, so in the active
    /// segment), durably: a read_committed consumer must never be served its records as committed.
    /// - Throws: `LogStorageError`.
    public func appendAbortedTransaction(_ transaction: AbortedTransaction) throws {
        try mutate {
            let (active, entries) = stateLock.withLock { () -> (LogSegment, [AbortedTransaction]) in
                let active = segments[segments.count - 1]
                if !abortedTransactionList.contains(transaction) { abortedTransactionList.append(transaction) }
                return (active, abortedTransactionList.filter { $0.lastOffset.rawValue >= active.baseOffset })
            }
            try FileIO.writeFileAtomically(active.txnIndexPath, contents: TransactionIndex.encode(entries))
        }
    }

    /// The aborted transactions a consumer reading `[from, upTo)` must know of: those whose records overlap it.
    public func abortedTransactions(from: Offset, upTo: Offset) -> [AbortedTransaction] {
        stateLock.withLock {
            abortedTransactionList.filter { $0.lastOffset >= from && $0.firstOffset < upTo }
        }
    }

    /// Every aborted transaction the indexes hold, in marker order.
    public var allAbortedTransactions: [AbortedTransaction] { stateLock.withLock { abortedTransactionList } }

    /// Reads every segment's `.txnindex` after recovery. A file that cannot be read is logged and left out (the
    /// partition re-adds what it finds when it replays the log tail); entries past the recovered log end are
    /// dropped, as their markers are gone. Caller: `recover` only.
    func loadTransactionIndexes() {
        let (all, logEnd) = stateLock.withLock { (segments, nextOffset) }
        var loaded: [AbortedTransaction] = []
        for (index, segment) in all.enumerated() {
            let nextBase = index + 1 < all.count ? all[index + 1].baseOffset : Int64.max
            do {
                guard let bytes = try FileIO.readFile(segment.txnIndexPath) else { continue }
                let entries = try TransactionIndex.decode(bytes)
                loaded += entries.filter {
                    $0.lastOffset.rawValue >= segment.baseOffset && $0.lastOffset.rawValue < min(nextBase, logEnd)
                }
            } catch {
                logger.warning("Ignoring unreadable transaction index of \(topicPartition)",
                               metadata: ["file": "\(segment.txnIndexPath)", "error": "\(error)"])
            }
        }
        stateLock.withLock { abortedTransactionList = loaded }
    }

    /// Drops entries whose marker is at or past `end` (truncation) and rewrites the files that held them.
    /// Caller holds `writeLock`.
    func trimTransactionIndexes(below end: Int64) throws {
        let (all, kept, dropped) = stateLock.withLock {
            () -> ([LogSegment], [AbortedTransaction], [AbortedTransaction]) in
            let dropped = abortedTransactionList.filter { $0.lastOffset.rawValue >= end }
            abortedTransactionList.removeAll { $0.lastOffset.rawValue >= end }
            return (segments, abortedTransactionList, dropped)
        }
        guard !dropped.isEmpty else { return }
        for (index, segment) in all.enumerated() {
            let nextBase = index + 1 < all.count ? all[index + 1].baseOffset : Int64.max
            let held = { (entry: AbortedTransaction) in
                entry.lastOffset.rawValue >= segment.baseOffset && entry.lastOffset.rawValue < nextBase
            }
            guard dropped.contains(where: held) else { continue }
            let remaining = kept.filter(held)
            if remaining.isEmpty {
                try FileIO.remove(segment.txnIndexPath)
            } else {
                try FileIO.writeFileAtomically(segment.txnIndexPath, contents: TransactionIndex.encode(remaining))
            }
        }
    }
}
