#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KafkaClient
import Logging
import NIOConcurrencyHelpers
import NIOSSL

/// The TLS context of one listener, rebuilt when its keystore or truststore file changes on disk, so a renewed
/// certificate is served to new connections without a restart (Kafka reaches the same through a dynamic config
/// update). Each new connection asks for the context: the files are `stat`ed (cheap, no reading) and the
/// context rebuilt only when one changed. A replacement that cannot be used (half written, wrong key) is
/// logged and the previous context kept, and not tried again until the files change once more.
///
/// Connections already open keep the context they started with.
final class ReloadingServerTLS: Sendable {
    /// What identifies a file's version: a replaced file (renamed over, or rewritten) changes one of these.
    private struct Stamp: Equatable {
        var device: UInt64, inode: UInt64, size: Int64, modifiedSeconds: Int, modifiedNanoseconds: Int
    }

    private struct State {
        var context: NIOSSLContext
        var stamps: [Stamp?]
        /// The stamps of a replacement that failed to load: not retried until they change again.
        var refused: [Stamp?]?
    }

    let listener: String
    let tls: ListenerTLS
    private let logger: Logger
    private let state: NIOLockedValueBox<State>

    /// - Throws: `TLSSettings.Invalid` or the NIOSSL error when the context cannot be built now.
    init(listener: String, tls: ListenerTLS, logger: Logger) throws {
        self.listener = listener
        self.tls = tls
        self.logger = logger
        let stamps = tls.settings.files.map(Self.stamp(of:))
        state = NIOLockedValueBox(State(context: try Self.makeContext(tls.settings), stamps: stamps, refused: nil))
    }

    /// The context for a connection accepted now.
    func currentContext() -> NIOSSLContext {
        let files = tls.settings.files
        guard !files.isEmpty else { return state.withLockedValue { $0.context } }
        let stamps = files.map(Self.stamp(of:))
        return state.withLockedValue { state in
            guard stamps != state.stamps, stamps != state.refused else { return state.context }
            do {
                state.context = try Self.makeContext(tls.settings)
                state.stamps = stamps
                state.refused = nil
                logger.info("TLS keystore or truststore changed: new connections use it",
                            metadata: ["listener": "\(listener)", "files": "\(files.joined(separator: ","))"])
            } catch {
                state.refused = stamps
                logger.error("TLS keystore or truststore changed but cannot be used: keeping the previous one",
                             metadata: ["listener": "\(listener)", "error": "\(error)"])
            }
            return state.context
        }
    }

    private static func makeContext(_ settings: TLSSettings) throws -> NIOSSLContext {
        try NIOSSLContext(configuration: settings.serverConfiguration())
    }

    private static func stamp(of path: String) -> Stamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Stamp(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                     modifiedSeconds: Int(info.st_mtim.tv_sec), modifiedNanoseconds: Int(info.st_mtim.tv_nsec))
    }
}
