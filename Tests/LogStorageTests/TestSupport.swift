import Glibc
import KafkaModel
import KafkaRecords
import LogStorage
import NIOCore

/// Builds minimal uncompressed magic-2 record batches for tests.
enum TestBatch {
    struct Record {
        var value: [UInt8]
        var timestamp: Int64
    }

    /// One batch of `records`, base offset `baseOffset` (the leader overwrites it).
    static func make(_ records: [Record], baseOffset: Int64 = 0, leaderEpoch: Int32 = -1) -> ByteBuffer {
        precondition(!records.isEmpty)
        let baseTimestamp = records[0].timestamp
        var body = ByteBuffer()
        for (delta, record) in records.enumerated() {
            var inner = ByteBuffer()
            inner.writeInteger(Int8(0))
            writeVarint(record.timestamp - baseTimestamp, to: &inner)
            writeVarint(Int64(delta), to: &inner)
            writeVarint(-1, to: &inner)  // null key
            writeVarint(Int64(record.value.count), to: &inner)
            inner.writeBytes(record.value)
            writeVarint(0, to: &inner)  // no headers
            writeVarint(Int64(inner.readableBytes), to: &body)
            body.writeBuffer(&inner)
        }
        var batch = ByteBuffer()
        batch.writeInteger(baseOffset)
        batch.writeInteger(Int32(RecordBatchHeader.size - RecordBatchHeader.logOverhead + body.readableBytes))
        batch.writeInteger(leaderEpoch)
        batch.writeInteger(Int8(2))
        batch.writeInteger(UInt32(0))  // CRC, set below
        batch.writeInteger(Int16(0))
        batch.writeInteger(Int32(records.count - 1))
        batch.writeInteger(baseTimestamp)
        batch.writeInteger(records.map(\.timestamp).max()!)
        batch.writeInteger(Int64(-1))
        batch.writeInteger(Int16(-1))
        batch.writeInteger(Int32(-1))
        batch.writeInteger(Int32(records.count))
        batch.writeBuffer(&body)
        let crc = batch.withUnsafeReadableBytes {
            CRC32CChecksum.compute(UnsafeRawBufferPointer(rebasing: $0[RecordBatchHeader.attributesOffset...]))
        }
        batch.setInteger(crc, at: RecordBatchHeader.crcOffset)
        return batch
    }

    /// A batch of `count` records of `valueSize` bytes, all stamped `timestamp`.
    static func make(count: Int, valueSize: Int = 10, timestamp: Int64 = 1_000, fill: UInt8 = 0x61) -> ByteBuffer {
        make((0..<count).map { _ in Record(value: [UInt8](repeating: fill, count: valueSize), timestamp: timestamp) })
    }

    static func writeVarint(_ value: Int64, to buffer: inout ByteBuffer) {
        var raw = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        while raw >= 0x80 {
            buffer.writeInteger(UInt8(raw & 0x7F | 0x80))
            raw >>= 7
        }
        buffer.writeInteger(UInt8(raw))
    }

    /// Every batch header in `buffer`, in order.
    static func headers(in buffer: ByteBuffer) -> [RecordBatchHeader] {
        var result: [RecordBatchHeader] = []
        var position = buffer.readerIndex
        while let header = RecordBatchHeader(from: buffer, at: position) {
            result.append(header)
            position += header.totalSize
        }
        return result
    }
}

/// A fresh directory under the system temporary folder, removed when the value dies.
final class TemporaryDirectory {
    let path: String

    init() {
        var template = Array("/tmp/tributary-log-test-XXXXXX".utf8CString)
        let result = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(result != nil, "mkdtemp failed")
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit { Self.remove(path) }

    static func remove(_ path: String) {
        if let dir = opendir(path) {
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                if name == "." || name == ".." { continue }
                remove(path + "/" + name)
            }
            closedir(dir)
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}

enum Files {
    static func names(in path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func size(_ path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : -1
    }

    static func truncate(_ path: String, to size: Int64) {
        precondition(Glibc.truncate(path, off_t(size)) == 0)
    }

    static func flipByte(_ path: String, at position: Int64) {
        let fd = open(path, O_RDWR)
        precondition(fd >= 0)
        var byte: UInt8 = 0
        precondition(pread(fd, &byte, 1, off_t(position)) == 1)
        byte ^= 0xFF
        precondition(pwrite(fd, &byte, 1, off_t(position)) == 1)
        close(fd)
    }

    static func read(_ path: String) -> String? {
        guard let fd = Optional(open(path, O_RDONLY)), fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 65536)
        let n = Glibc.read(fd, &bytes, bytes.count)
        return String(decoding: bytes[0..<max(0, n)], as: UTF8.self)
    }

    static func write(_ path: String, _ text: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(fd >= 0)
        _ = Array(text.utf8).withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    /// Open descriptors of this process.
    static func openDescriptorCount() -> Int { names(in: "/proc/self/fd").count }

    /// Descriptors this process holds on files under `directories` (other suites running in parallel open
    /// sockets and files of their own, so a process-wide count would not measure the log alone).
    static func openDescriptorCount(under directories: [String]) -> Int {
        names(in: "/proc/self/fd").filter { name in
            var target = [CChar](repeating: 0, count: 4096)
            let length = readlink("/proc/self/fd/" + name, &target, target.count - 1)
            guard length > 0 else { return false }
            let path = String(decoding: target[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return directories.contains { path.hasPrefix($0) }
        }.count
    }
}

let testPartition = TopicPartition("orders", PartitionIndex(0))

/// A clock tests move by hand.
final class ManualClock: @unchecked Sendable {
    // Safe: `now` is only touched under `lock`.
    private let lock = TestLock()
    private var value: Int64
    init(_ start: Int64) { value = start }
    var now: Int64 {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
    var wallClock: WallClock { { [self] in self.now } }
}

/// A tiny pthread mutex (tests do not import Foundation).
final class TestLock: @unchecked Sendable {
    // Safe: the mutex is heap-allocated once and only used through pthread calls.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    init() { pthread_mutex_init(mutex, nil) }
    deinit { pthread_mutex_destroy(mutex); mutex.deallocate() }
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
