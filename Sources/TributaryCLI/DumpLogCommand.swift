import ArgumentParser
import Foundation
import KafkaRecords
import LogStorage

/// `tributary dump-log --files F[,F...] [--print-data-log]`: prints segment files the way Kafka 2.8's
/// `kafka-dump-log.sh` (DumpLogSegments) does, so an operator can see what the log cleaner kept.
///
/// - `.log`: one line per batch (`baseOffset: … lastOffset: … count: … position: … CreateTime: … size: …
///   magic: 2 compresscodec: NONE crc: … isvalid: true`, and, as Kafka 3.1 prints it, `deleteHorizonMs: …` for
///   a batch whose tombstones the cleaner stamped); with `--print-data-log` (or `--deep-iteration`),
///   one `| offset: …` line per record, with `key:` and `payload:` (UTF-8) under `--print-data-log`. Offset
///   gaps (normal after compaction) are listed on stderr as "Non-consecutive offsets".
/// - `.index`: `offset: … position: …` per entry. Tributary's entries name a batch's base offset (Kafka's its
///   last offset), so an entry is checked against the base offset of the batch at its position; mismatches go
///   to stderr.
/// - `.timeindex`: `timestamp: … offset: …` per entry, checked against the batch it names.
struct DumpLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump-log",
        abstract: "Print the batches and records of segment files, or the entries of their indexes.",
        discussion: "Like kafka-dump-log.sh: reads the files directly (a broker may be running).")

    @Option(name: .customLong("files"), parsing: .upToNextOption,
            help: "Segment files to print: .log, .index or .timeindex (comma-separated or repeated).")
    var files: [String]
    @Flag(name: .customLong("print-data-log"), help: "Print each record's metadata, key and value.")
    var printDataLog = false
    @Flag(name: .customLong("deep-iteration"), help: "Print each record's metadata (implied by --print-data-log).")
    var deepIteration = false

    func run() throws {
        let paths = files.flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty }
        guard !paths.isEmpty else { throw ValidationError("--files needs at least one file") }
        var failed = false
        for path in paths {
            print("Dumping \(path)")
            do {
                switch URL(fileURLWithPath: path).pathExtension {
                case "log": try dumpLog(path)
                case "index": try dumpIndex(path)
                case "timeindex": try dumpTimeIndex(path)
                default: printToStandardError("Ignoring unknown file \(path)")
                }
            } catch {
                printToStandardError("error: \(path): \(error)")
                failed = true
            }
        }
        if failed { throw ExitCode.failure }
    }

    private static func base(of path: String) -> Int64 {
        SegmentDump.baseOffset(ofFileNamed: URL(fileURLWithPath: path).lastPathComponent) ?? 0
    }

    private static func logPath(besides path: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().appendingPathExtension("log").path
    }

    // MARK: - .log

    private func dumpLog(_ path: String) throws {
        print("Starting offset: \(Self.base(of: path))")
        let deep = printDataLog || deepIteration
        var lastOffset: Int64?
        var gaps: [(Int64, Int64)] = []
        let trailing = try SegmentDump.forEachBatch(inLogFile: path) { entry in
            print(Self.batchLine(entry))
            guard deep else { return }
            do {
                var records = try RecordBatch(entry.bytes, verifyingChecksum: false).makeRecordIterator()
                while let record = try records.next() {
                    if let last = lastOffset, record.offset != last + 1 { gaps.append((last, record.offset)) }
                    lastOffset = record.offset
                    print(recordLine(record, header: entry.header))
                }
            } catch {
                print("| error reading the records of this batch: \(error)")
            }
        }
        if trailing > 0 {
            print("Found \(trailing) invalid bytes at the end of \(URL(fileURLWithPath: path).lastPathComponent)")
        }
        if !gaps.isEmpty {
            printToStandardError("Non-consecutive offsets in \(path)")
            for (first, second) in gaps { printToStandardError("  \(first) is followed by \(second)") }
        }
    }

    static func batchLine(_ entry: SegmentDump.Batch) -> String {
        let header = entry.header
        let lastSequence = header.baseSequence < 0 ? -1 : Self.sequence(header.baseSequence, plus: header.lastOffsetDelta)
        let codec = header.compression.map { $0.description.uppercased() } ?? "UNKNOWN(\(header.attributes & 0x7))"
        return "baseOffset: \(header.baseOffset) lastOffset: \(header.lastOffset) count: \(header.recordCount) "
            + "baseSequence: \(header.baseSequence) lastSequence: \(lastSequence) producerId: \(header.producerID) "
            + "producerEpoch: \(header.producerEpoch) partitionLeaderEpoch: \(header.partitionLeaderEpoch) "
            + "isTransactional: \(header.isTransactional) isControl: \(header.isControl) "
            + (header.deleteHorizonMs.map { "deleteHorizonMs: \($0) " } ?? "") + "position: \(entry.position) "
            + "\(Self.timestampType(header)): \(header.maxTimestamp) size: \(header.totalSize) magic: \(header.magic) "
            + "compresscodec: \(codec) crc: \(header.crc) isvalid: \(entry.isValid)"
    }

    private func recordLine(_ record: Record, header: RecordBatchHeader) -> String {
        let delta = Int32(truncatingIfNeeded: record.offset &- header.baseOffset)
        let sequence = header.baseSequence < 0 ? -1 : Self.sequence(header.baseSequence, plus: delta)
        var line = "| offset: \(record.offset) \(Self.timestampType(header)): \(record.timestamp) "
            + "keysize: \(record.key?.readableBytes ?? -1) valuesize: \(record.value?.readableBytes ?? -1) "
            + "sequence: \(sequence) headerKeys: [\(record.headers.map(\.key).joined(separator: ","))]"
        if header.isControl {
            if let marker = ControlRecord(record) {
                let kind = marker.kind == .commit ? "COMMIT" : "ABORT"
                line += " endTxnMarker: \(kind) coordinatorEpoch: \(marker.coordinatorEpoch)"
            } else {
                line += " controlType: UNKNOWN"
            }
        } else if printDataLog {
            if let key = record.key { line += " key: \(String(decoding: key.readableBytesView, as: UTF8.self))" }
            if let value = record.value { line += " payload: \(String(decoding: value.readableBytesView, as: UTF8.self))" }
        }
        return line
    }

    private static func timestampType(_ header: RecordBatchHeader) -> String {
        header.isLogAppendTime ? "LogAppendTime" : "CreateTime"
    }

    /// Kafka's `DefaultRecordBatch.incrementSequence`: sequences wrap from Int32.max to 0.
    private static func sequence(_ base: Int32, plus delta: Int32) -> Int32 {
        let sum = Int64(base) + Int64(delta)  // the header may hold anything: no trapping arithmetic
        return Int32(truncatingIfNeeded: sum > Int64(Int32.max) ? sum - Int64(Int32.max) - 1 : sum)
    }

    // MARK: - Indexes

    /// Reads an index's entries ("… is empty." when none) and the batch headers of the `.log` beside it, by
    /// byte position (none when there is no log file), and hands them with the segment's base offset to `body`.
    private func withIndex<Entry>(_ path: String, _ read: (String) throws -> [Entry],
                                  _ body: (_ base: Int64, _ entries: [Entry], _ batches: [Int64: RecordBatchHeader]) -> Void)
        throws
    {
        let entries = try read(path)
        guard !entries.isEmpty else {
            print("\(path) is empty.")
            return
        }
        let logPath = Self.logPath(besides: path)
        var batches: [Int64: RecordBatchHeader] = [:]
        if FileManager.default.fileExists(atPath: logPath) {
            try SegmentDump.forEachBatch(inLogFile: logPath) { batches[$0.position] = $0.header }
        }
        body(Self.base(of: path), entries, batches)
    }

    private func dumpIndex(_ path: String) throws {
        try withIndex(path, SegmentDump.offsetIndexEntries) { base, entries, batches in
            dumpIndexEntries(path, base: base, entries: entries, batches: batches)
        }
    }

    private func dumpIndexEntries(_ path: String, base: Int64, entries: [(relativeOffset: Int32, position: Int32)],
                                  batches: [Int64: RecordBatchHeader]) {
        var mismatches: [(Int64, Int64)] = []
        for entry in entries {
            let offset = base &+ Int64(entry.relativeOffset)
            let found = batches[Int64(entry.position)]?.baseOffset ?? -1
            if found != offset { mismatches.append((offset, found)) }
            print("offset: \(offset) position: \(entry.position)")
        }
        if !mismatches.isEmpty {
            printToStandardError("Mismatches in :\(path)")
            for (indexed, logged) in mismatches { printToStandardError("  Index offset: \(indexed), log offset: \(logged)") }
        }
    }

    private func dumpTimeIndex(_ path: String) throws {
        try withIndex(path, SegmentDump.timeIndexEntries) { base, entries, batches in
            dumpTimeIndexEntries(path, base: base, entries: entries, batches: batches)
        }
    }

    private func dumpTimeIndexEntries(_ path: String, base: Int64, entries: [(timestamp: Int64, relativeOffset: Int32)],
                                      batches: [Int64: RecordBatchHeader]) {
        var byOffset: [Int64: RecordBatchHeader] = [:]
        for header in batches.values { byOffset[header.baseOffset] = header }
        var previous = Int64.min
        for entry in entries {
            let offset = base &+ Int64(entry.relativeOffset)
            if let header = byOffset[offset] {
                if header.maxTimestamp != entry.timestamp {
                    printToStandardError("Found timestamp mismatch in :\(path)")
                    printToStandardError("  Index timestamp: \(entry.timestamp), log timestamp: \(header.maxTimestamp)")
                }
            } else {
                printToStandardError("The following indexed offsets are not found in the log.")
                printToStandardError("Indexed offset: \(offset), found log offset: -1")
            }
            if previous >= entry.timestamp {
                printToStandardError("Found out of order timestamp in :\(path)")
                printToStandardError("  Index timestamp: \(entry.timestamp), Previously indexed timestamp: \(previous)")
            }
            previous = entry.timestamp
            print("timestamp: \(entry.timestamp) offset: \(offset)")
        }
    }
}
