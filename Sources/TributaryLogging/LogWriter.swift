import Foundation

/// Where log lines go, written by one background thread so that a thread that logs (an event loop included)
/// never waits for a disk or a slow pipe: it appends to a bounded in-memory queue and returns.
///
/// When the queue is full (the disk or reader has fallen `capacityBytes` behind), new lines are dropped and counted,
/// and the count is written once the queue drains. A failed write (disk full, file removed, directory gone) never
/// ends the process: the lines are counted as lost, reported on standard error, and the file is opened again for
/// the next batch.
///
/// @unchecked Sendable: every mutable field is guarded by `condition`, except the destination's file state, which
/// only the writer thread touches.
public final class LogWriter: @unchecked Sendable {
    public enum Destination: Sendable, Equatable {
        case standardError
        /// `path`, rotated before a line would take it past `maxBytes`: `path` becomes `path.1`, `path.1`
        /// becomes `path.2`, … keeping `maxBackups` (0: the file is simply started again).
        case file(path: String, maxBytes: Int64, maxBackups: Int)
    }

    private let condition = NSCondition()
    private var pending: [String] = []
    private var pendingBytes = 0
    private var dropped = 0
    private var enqueued: UInt64 = 0
    private var written: UInt64 = 0
    private let capacityBytes: Int
    private var output: Output

    public init(destination: Destination, capacityBytes: Int = 8 << 20) {
        self.capacityBytes = capacityBytes
        output = Output(destination: destination)
        let thread = Thread { [self] in run() }
        thread.name = "tributary log writer"
        thread.start()
    }

    /// Queues one line (with its newline); returns at once.
    public func write(_ line: String) {
        condition.lock()
        defer { condition.unlock() }
        guard pendingBytes + line.utf8.count <= capacityBytes || pending.isEmpty else {
            dropped += 1
            return
        }
        pending.append(line)
        pendingBytes += line.utf8.count
        enqueued += 1
        condition.signal()
    }

    /// Waits (at most `timeout`) until every line queued so far is written: at shutdown and exit.
    public func flush(timeout: Duration = .seconds(5)) {
        let deadline = Date().addingTimeInterval(Double(timeout.components.seconds)
                                                 + Double(timeout.components.attoseconds) / 1e18)
        condition.lock()
        defer { condition.unlock() }
        let target = enqueued
        while written < target {
            if !condition.wait(until: deadline) { return }
        }
    }

    private func run() {
        while true {
            condition.lock()
            while pending.isEmpty && dropped == 0 { condition.wait() }
            let batch = pending
            let droppedNow = dropped
            pending.removeAll(keepingCapacity: true)
            pendingBytes = 0
            dropped = 0
            condition.unlock()

            for line in batch { output.append(line) }
            if droppedNow > 0 {
                output.append("\(LogLineFormatter.timestampNow()) warning tributary.broker: dropped=\(droppedNow) "
                             + "[TributaryLogging] log lines dropped: the log writer fell behind\n")
            }

            condition.lock()
            written += UInt64(batch.count)
            condition.broadcast()
            condition.unlock()
        }
    }
}

/// The writer thread's end of a destination: the open file, its size, and rotation.
struct Output {
    let destination: LogWriter.Destination
    private var descriptor: Int32 = -1
    private var size: Int64 = 0
    /// Lines lost since the last failure was reported (reported again once writing works).
    private var failedLines = 0

    init(destination: LogWriter.Destination) {
        self.destination = destination
    }

    mutating func append(_ line: String) {
        switch destination {
        case .standardError:
            _ = Self.writeAll(STDERR_FILENO, line)
        case let .file(path, maxBytes, maxBackups):
            let length = Int64(line.utf8.count)
            if descriptor >= 0, size > 0, size + length > maxBytes {
                rotate(path: path, maxBackups: maxBackups)
            }
            if descriptor < 0 { openFile(path) }
            guard descriptor >= 0, Self.writeAll(descriptor, line) else {
                fail(path: path, reason: String(cString: strerror(errno)))
                return
            }
            size += length
            if failedLines > 0 {
                let lost = failedLines
                failedLines = 0
                append("\(LogLineFormatter.timestampNow()) warning tributary.broker: lost=\(lost) "
                      + "[TributaryLogging] log lines lost while \(path) could not be written\n")
            }
        }
    }

    private mutating func openFile(_ path: String) {
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        var status = stat()
        size = fstat(descriptor, &status) == 0 ? Int64(status.st_size) : 0
    }

    /// `path.N-1` → `path.N` … `path` → `path.1`; the oldest beyond `maxBackups` goes.
    private mutating func rotate(path: String, maxBackups: Int) {
        close(descriptor)
        descriptor = -1
        size = 0
        if maxBackups <= 0 {
            unlink(path)
            return
        }
        unlink("\(path).\(maxBackups)")
        for index in stride(from: maxBackups - 1, through: 1, by: -1) {
            rename("\(path).\(index)", "\(path).\(index + 1)")
        }
        rename(path, "\(path).1")
    }

    private mutating func fail(path: String, reason: String) {
        if failedLines == 0 {
            _ = Self.writeAll(STDERR_FILENO, "\(LogLineFormatter.timestampNow()) error tributary.broker: "
                              + "[TributaryLogging] cannot write the log file \(path): \(reason)\n")
        }
        failedLines += 1
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1  // opened again for the next line
    }

    /// Writes every byte (retrying short writes and EINTR); false on an error.
    private static func writeAll(_ descriptor: Int32, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return true }
            var offset = 0
            while offset < bytes.count {
                let count = write(descriptor, base + offset, bytes.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += count
            }
            return true
        }
    }
}
