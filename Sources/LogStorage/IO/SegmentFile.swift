import Glibc
import NIOCore

/// An open segment `.log` file, shared by reference count: the descriptor closes when the last holder
/// (the segment, the open-file cache, or an in-flight read's `FileSlice`) lets go. So a slice stays
/// readable even after its segment was rolled out of the cache, truncated away or deleted.
public final class SegmentFile: Sendable {
    /// The open descriptor; valid for the object's lifetime. Do not close it — `dup` it to hand it to
    /// something that takes ownership (for example `NIOFileHandle` for a zero-copy `FileRegion`).
    public let fileDescriptor: Int32
    /// The file's path, for messages.
    public let path: String

    init(path: String, fileDescriptor: Int32) {
        self.path = path
        self.fileDescriptor = fileDescriptor
    }

    static func open(_ path: String, writable: Bool) throws -> SegmentFile {
        let flags = writable ? O_RDWR | O_CREAT : O_RDONLY
        return SegmentFile(path: path, fileDescriptor: try FileIO.open(path, flags: flags))
    }

    deinit { close(fileDescriptor) }

    /// Appends up to `length` bytes read at `position` to `buffer`; returns how many were read
    /// (fewer only at end of file).
    @discardableResult
    func read(into buffer: inout ByteBuffer, at position: Int64, length: Int) throws -> Int {
        guard length > 0 else { return 0 }
        return try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { raw in
            try FileIO.pread(fileDescriptor, into: raw.baseAddress!, count: length, at: position, path: path)
        }
    }

    func size() throws -> Int64 {
        var info = stat()
        guard fstat(fileDescriptor, &info) == 0 else { throw LogStorageError.io(operation: "fstat", path: path, errno: errno) }
        return Int64(info.st_size)
    }
}

/// A byte range of a segment file holding whole record batches, ready to be sent without copying
/// (`sendfile`/`FileRegion` on `file.fileDescriptor`) or read into memory with `read(into:)`.
public struct FileSlice: Sendable {
    public let file: SegmentFile
    /// Byte position of the first batch in the file.
    public let position: Int64
    /// Bytes in the slice: always a whole number of batches.
    public let length: Int

    /// Appends the slice's bytes to `buffer`.
    /// - Throws: `LogStorageError.io`, or `.corruptRecords` when the file became shorter (truncated
    ///   concurrently by replication).
    public func read(into buffer: inout ByteBuffer) throws {
        let count = try file.read(into: &buffer, at: position, length: length)
        if count < length {
            buffer.moveWriterIndex(to: buffer.writerIndex - count)
            throw LogStorageError.corruptRecords(reason: "\(file.path) shrank while being read")
        }
    }
}
