import Foundation
import ZooKeeperClient

/// A real ZooKeeper server (the Debian `zookeeper` package's jars, run as a plain `java` process) on a free
/// loopback port, with its own data directory.
///
/// The server runs under a small shell watchdog holding our end of a pipe: when the test process goes away, even
/// by a crash, the pipe closes and the watchdog SIGKILLs the server, so no server outlives its tests.
public final class ZooKeeperServer: Sendable {
    /// The client port on 127.0.0.1.
    public let port: UInt16
    /// The server's `java` process (the target of `pause`/`resume`).
    public let serverPID: pid_t
    /// Holds `dataDir`, `zoo.cfg` and `server.log`.
    public let directory: TemporaryDirectory
    private let watchdog: Watchdog

    /// `127.0.0.1:<port>`, without chroot.
    public var connectString: String { "127.0.0.1:\(port)" }

    /// The watchdog process and the write end of its stdin.
    /// Safe to send: `Process` and `FileHandle` are used only by `stop`, which is idempotent through `stopped`.
    private final class Watchdog: @unchecked Sendable {
        let process: Process
        let stdin: FileHandle
        let stopped = NSLock()
        var isStopped = false
        init(process: Process, stdin: FileHandle) {
            self.process = process
            self.stdin = stdin
        }
    }

    private init(port: UInt16, serverPID: pid_t, directory: TemporaryDirectory, watchdog: Watchdog) {
        self.port = port
        self.serverPID = serverPID
        self.directory = directory
        self.watchdog = watchdog
    }

    // MARK: Shared server

    private static let sharedServer = Task { try await ZooKeeperServer.start() }

    /// One server for the whole test process, started on first use; tests isolate themselves with
    /// `makeChroot()`. Tests that pause or stop a server start their own with `start()`.
    public static func shared() async throws -> ZooKeeperServer { try await sharedServer.value }

    // MARK: Lifecycle

    /// Starts a server and waits until it answers `ruok`.
    /// - Parameters:
    ///   - tickTime: ZooKeeper's time unit; sessions may last 2 to 20 ticks unless bounded below.
    ///   - startupTimeout: how long to wait for `imok`.
    /// - Throws: `ZooKeeperServerError` if Java or the jars are missing or the server never answers.
    public static func start(tickTime: Duration = .milliseconds(200), startupTimeout: Duration = .seconds(60))
        async throws -> ZooKeeperServer
    {
        let port = try LoopbackPort.free()
        let directory = try TemporaryDirectory(prefix: "zookeeper")
        let tickMs = tickTime.components.seconds * 1000 + tickTime.components.attoseconds / 1_000_000_000_000_000
        let config = """
            tickTime=\(tickMs)
            initLimit=10
            syncLimit=5
            dataDir=\(directory.path)/data
            clientPort=\(port)
            clientPortAddress=127.0.0.1
            maxClientCnxns=0
            minSessionTimeout=\(max(2 * tickMs, 500))
            maxSessionTimeout=60000
            admin.enableServer=false
            4lw.commands.whitelist=*
            """
        try FileManager.default.createDirectory(atPath: directory.path + "/data", withIntermediateDirectories: true)
        try config.write(toFile: directory.path + "/zoo.cfg", atomically: true, encoding: .utf8)

        // The test process runs with most signals blocked and its children inherit the mask, so the watchdog
        // does not `wait` (which needs SIGCHLD): it kills the server and exits.
        let script = """
            "$0" "$@" >"$ZK_LOG" 2>&1 </dev/null &
            child=$!
            echo "$child"
            read -r _ignored
            kill -9 "$child" 2>/dev/null
            rm -rf "$ZK_DIR"
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, try javaExecutable(),
                             "-Xmx256m", "-XX:+UseSerialGC", "-Dzookeeper.jmx.log4j.disable=true",
                             "-cp", try classpath(), "org.apache.zookeeper.server.ZooKeeperServerMain",
                             directory.path + "/zoo.cfg"]
        var environment = ProcessInfo.processInfo.environment
        environment["ZK_LOG"] = directory.path + "/server.log"
        environment["ZK_DIR"] = directory.path
        process.environment = environment
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice  // never hold the test runner's output open
        try process.run()
        let watchdog = Watchdog(process: process, stdin: stdin.fileHandleForWriting)

        let firstLine = await onDedicatedThread { () -> String in
            var bytes: [UInt8] = []
            while true {
                let chunk = stdout.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                bytes += chunk
                if bytes.contains(UInt8(ascii: "\n")) { break }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        guard let pid = pid_t(firstLine.split(separator: "\n").first ?? "") else {
            throw ZooKeeperServerError(reason: "the server's watchdog did not report a process id")
        }
        let server = ZooKeeperServer(port: port, serverPID: pid, directory: directory, watchdog: watchdog)
        do {
            try await eventually("ZooKeeper on port \(port) answering ruok", within: startupTimeout,
                                 poll: .milliseconds(100)) {
                guard kill(pid, 0) == 0 else {
                    throw ZooKeeperServerError(reason: "the server exited: \(server.logTail())")
                }
                return server.fourLetterWord("ruok") == "imok"
            }
        } catch {
            await server.stop()
            throw error
        }
        return server
    }

    /// Kills the server (SIGKILL), waits for it, and removes its directory. Calling it twice is harmless.
    public func stop() async {
        let first = watchdog.stopped.withLock {
            defer { watchdog.isStopped = true }
            return !watchdog.isStopped
        }
        guard first else { return }
        kill(serverPID, SIGKILL)
        try? watchdog.stdin.close()
        let process = watchdog.process
        await onDedicatedThread { process.waitUntilExit() }
        directory.remove()
    }

    /// Freezes the server (SIGSTOP): clients lose their connection, and sessions time out server-side once resumed.
    public func pause() { kill(serverPID, SIGSTOP) }

    /// Thaws a paused server (SIGCONT).
    public func resume() { kill(serverPID, SIGCONT) }

    /// Sends a four-letter-word command (`ruok`, `stat`, `cons`, `dump`, ...); `nil` if the server does not answer.
    public func fourLetterWord(_ command: String) -> String? { LoopbackPort.exchange(command, port: port) }

    /// The last lines of the server's log, for failure messages.
    public func logTail(lines: Int = 30) -> String {
        let text = (try? String(contentsOfFile: directory.path + "/server.log", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    // MARK: Per-test isolation

    /// Creates a fresh, uniquely named chroot and returns a connect string rooted in it.
    public func makeChroot(prefix: String = "test") async throws -> String {
        let chroot = "/\(prefix)-\(UInt64.random(in: 0...UInt64.max))"
        let connectString = connectString + chroot
        try await ZooKeeperClient.ensureChroot(ZooKeeperClient.Configuration(connectString: connectString))
        return connectString
    }

    /// A client configuration for this server (optionally under a chroot), with test-friendly timeouts.
    public func configuration(
        chrootedConnectString: String? = nil, sessionTimeout: Duration = .seconds(6),
        connectionTimeout: Duration = .seconds(20)
    ) -> ZooKeeperClient.Configuration {
        ZooKeeperClient.Configuration(connectString: chrootedConnectString ?? connectString,
                                      sessionTimeout: sessionTimeout, connectionTimeout: connectionTimeout)
    }

    // MARK: Java and jars

    /// The `java` launcher: `$JAVA_HOME/bin/java`, else the first `java` on `PATH`.
    static func javaExecutable() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let home = environment["JAVA_HOME"] { candidates.append(home + "/bin/java") }
        for directory in (environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            candidates.append(directory + "/java")
        }
        guard let java = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw ZooKeeperServerError(reason: "no java executable (set JAVA_HOME or install a JRE)")
        }
        return java
    }

    /// The server's classpath, found by looking at Debian's standard jar folders: the ZooKeeper server and jute
    /// jars (whose manifests name the remaining dependencies), any jars the package keeps in its own folder, and
    /// slf4j's no-op binding to keep the server quiet.
    static func classpath() throws -> String {
        let folders = ["/usr/share/zookeeper", "/usr/share/zookeeper/lib", "/usr/share/java"]
        var jars: [String] = []
        for folder in folders {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            let jarNames = names.filter { $0.hasSuffix(".jar") }.sorted()
            if folder == "/usr/share/java" {
                // Prefer the unversioned links Debian maintains; fall back to versioned names.
                // Set TRIBUTARY_ZOOKEEPER_LOG=1 to get the server's log in `server.log`.
                let logging = ProcessInfo.processInfo.environment["TRIBUTARY_ZOOKEEPER_LOG"] == nil ? "slf4j-nop" : "slf4j-simple"
                for stem in ["zookeeper", "zookeeper-jute", logging] {
                    if jarNames.contains(stem + ".jar") {
                        jars.append(folder + "/" + stem + ".jar")
                    } else if let versioned = jarNames.last(where: { isVersioned($0, of: stem) }) {
                        jars.append(folder + "/" + versioned)
                    }
                }
            } else {
                jars += jarNames.map { folder + "/" + $0 }
            }
        }
        guard jars.contains(where: { $0.contains("/zookeeper") && !$0.contains("jute") }) else {
            throw ZooKeeperServerError(reason: "no ZooKeeper server jar in \(folders.joined(separator: ", "))")
        }
        return jars.joined(separator: ":")
    }

    /// `zookeeper-3.8.0.jar` is a versioned `zookeeper`; `zookeeper-jute-3.8.0.jar` is not.
    private static func isVersioned(_ name: String, of stem: String) -> Bool {
        guard name.hasPrefix(stem + "-") else { return false }
        return name.dropFirst(stem.count + 1).first?.isNumber ?? false
    }
}

/// Why the ZooKeeper test server could not start.
public struct ZooKeeperServerError: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { "ZooKeeper test server: \(reason)" }
}

/// Runs blocking work (pipe reads, process waits) off Swift's cooperative pool.
func onDedicatedThread<Result: Sendable>(_ body: @escaping @Sendable () -> Result) async -> Result {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: body()) }.start()
    }
}
