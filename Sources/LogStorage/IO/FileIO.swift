import Glibc

/// Thin wrappers over the Glibc file calls the log needs; every failure becomes a `LogStorageError.io`.
enum FileIO {
    static func open(_ path: String, flags: Int32, mode: mode_t = 0o644) throws -> Int32 {
        try FileFaults.check(.open, path, as: "open")
        let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
        guard fd >= 0 else { throw LogStorageError.io(operation: "open", path: path, errno: errno) }
        return fd
    }

    /// Reads up to `count` bytes at `offset`, retrying short reads; returns fewer only at end of file.
    static func pread(_ fd: Int32, into pointer: UnsafeMutableRawPointer, count: Int, at offset: Int64,
                      path: String) throws -> Int {
        try FileFaults.check(.read, path, as: "pread")
        var done = 0
        while done < count {
            let n = Glibc.pread(fd, pointer + done, count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw LogStorageError.io(operation: "pread", path: path, errno: errno)
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    static func pwrite(_ fd: Int32, from pointer: UnsafeRawPointer, count: Int, at offset: Int64,
                       path: String) throws {
        try FileFaults.check(.write, path, as: "pwrite")
        var done = 0
        while done < count {
            let n = Glibc.pwrite(fd, pointer + done, count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw LogStorageError.io(operation: "pwrite", path: path, errno: errno)
            }
            done += n
        }
    }

    static func fsync(_ fd: Int32, path: String) throws {
        try FileFaults.check(.sync, path, as: "fsync")
        guard Glibc.fsync(fd) == 0 else { throw LogStorageError.io(operation: "fsync", path: path, errno: errno) }
    }

    static func ftruncate(_ fd: Int32, to size: Int64, path: String) throws {
        try FileFaults.check(.truncate, path, as: "ftruncate")
        guard Glibc.ftruncate(fd, off_t(size)) == 0 else {
            throw LogStorageError.io(operation: "ftruncate", path: path, errno: errno)
        }
    }

    static func truncate(_ path: String, to size: Int64) throws {
        try FileFaults.check(.truncate, path, as: "truncate")
        guard Glibc.truncate(path, off_t(size)) == 0 else {
            throw LogStorageError.io(operation: "truncate", path: path, errno: errno)
        }
    }

    /// The size of a file, or nil when it does not exist.
    static func size(of path: String) throws -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw LogStorageError.io(operation: "stat", path: path, errno: errno)
        }
        return Int64(info.st_size)
    }

    /// Last modification time in milliseconds since the epoch, or nil when the file does not exist.
    static func modificationTimeMs(of path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int64(info.st_mtim.tv_sec) * 1000 + Int64(info.st_mtim.tv_nsec) / 1_000_000
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Entry names in a directory, without "." and "..".
    static func list(_ path: String) throws -> [String] {
        try FileFaults.check(.list, path, as: "opendir")
        guard let dir = opendir(path) else { throw LogStorageError.io(operation: "opendir", path: path, errno: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Creates a directory and any missing parents; an existing directory is fine.
    static func makeDirectories(_ path: String) throws {
        if isDirectory(path) { return }
        let parent = parentDirectory(of: path)
        if !parent.isEmpty && parent != path { try makeDirectories(parent) }
        try FileFaults.check(.makeDirectory, path, as: "mkdir")
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
            throw LogStorageError.io(operation: "mkdir", path: path, errno: errno)
        }
    }

    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Removes a file; a missing file is fine.
    static func remove(_ path: String) throws {
        try FileFaults.check(.remove, path, as: "unlink")
        guard unlink(path) == 0 || errno == ENOENT else {
            throw LogStorageError.io(operation: "unlink", path: path, errno: errno)
        }
    }

    static func removeRecursively(_ path: String) throws {
        guard isDirectory(path) else { return try remove(path) }
        for name in try list(path) { try removeRecursively(path + "/" + name) }
        guard rmdir(path) == 0 || errno == ENOENT else {
            throw LogStorageError.io(operation: "rmdir", path: path, errno: errno)
        }
    }

    static func rename(_ from: String, to: String) throws {
        try FileFaults.check(.rename, from, as: "rename")
        guard Glibc.rename(from, to) == 0 else { throw LogStorageError.io(operation: "rename", path: from, errno: errno) }
    }

    /// The whole content of a small file, or nil when it does not exist.
    static func readFile(_ path: String) throws -> [UInt8]? {
        try FileFaults.check(.read, path, as: "read")
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw LogStorageError.io(operation: "open", path: path, errno: errno)
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw LogStorageError.io(operation: "read", path: path, errno: errno)
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }

    /// Replaces a small file so that a crash leaves either the old or the new content:
    /// write `<path>.tmp`, fsync it, rename over `path`, fsync the directory.
    static func writeFileAtomically(_ path: String, contents: [UInt8]) throws {
        try writeThenRename(path, contents: contents, durable: true)
    }

    /// Replaces a file's contents by writing a temporary file and renaming it over, without fsync: readers
    /// never see a half-written file, but a crash may leave the old contents (or, for a new file, an
    /// empty one). For state that can be rebuilt, made durable later with `writeFileAtomically`.
    static func replaceFile(_ path: String, contents: [UInt8]) throws {
        try writeThenRename(path, contents: contents, durable: false)
    }

    private static func writeThenRename(_ path: String, contents: [UInt8], durable: Bool) throws {
        let temporary = path + ".tmp"
        let fd = try open(temporary, flags: O_WRONLY | O_CREAT | O_TRUNC)
        do {
            if !contents.isEmpty {
                try contents.withUnsafeBytes { try pwrite(fd, from: $0.baseAddress!, count: $0.count, at: 0, path: temporary) }
            }
            if durable { try fsync(fd, path: temporary) }
        } catch {
            close(fd)
            throw error
        }
        close(fd)
        try rename(temporary, to: path)
        if durable { syncDirectory(parentDirectory(of: path)) }
    }

    /// Makes a rename or a new file durable; best effort, as some file systems refuse fsync on directories.
    static func syncDirectory(_ path: String) {
        let fd = Glibc.open(path.isEmpty ? "." : path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = Glibc.fsync(fd)
        close(fd)
    }

    /// Wall-clock milliseconds since the Unix epoch.
    static func currentTimeMs() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}

let O_WRONLY_CREATE: Int32 = O_WRONLY | O_CREAT

func closeDescriptor(_ fd: Int32) { _ = close(fd) }
