import Foundation

/// A fresh directory under the system's temporary folder; removed by `remove()`.
public struct TemporaryDirectory: Sendable {
    public let path: String

    /// - Parameter prefix: the start of the directory's name.
    public init(prefix: String = "tributary-test") throws {
        var template = Array((NSTemporaryDirectory() + "/\(prefix)-XXXXXX").utf8CString)
        guard let created = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        path = String(cString: created)
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
