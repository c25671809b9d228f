import CZooKeeper
import Logging

/// Process-wide settings of the C library.
enum ZooKeeperLibrary {
    private static let configured: Void = {
        // The library logs at INFO by default; keep its warnings and errors (each handle routes them to
        // swift-log through `forwardLibraryLog`, given to `zookeeper_init2`).
        zoo_set_debug_level(ZOO_LOG_LEVEL_WARN)
    }()

    static func configureLogging() { _ = configured }

    static let logger = Logger(label: "tributary.zookeeper.library")
}

/// The C library's log sink (any library thread): one line per call.
func forwardLibraryLog(_ message: UnsafePointer<CChar>?) {
    guard let message else { return }
    ZooKeeperLibrary.logger.debug("\(String(cString: message))")
}
