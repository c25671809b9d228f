import Foundation
import ZooKeeperClient

extension ZooKeeperServer {
    /// Expires a live session the way ZooKeeper's FAQ suggests: a second handle joins the session with the same
    /// id and password, then closes it.
    ///
    /// The second handle speaks the wire protocol itself and sends its ConnectRequest and CloseSession in one
    /// write. (A second C-library client would lose a race: the C client reconnects within a millisecond after
    /// the server moves its session away, takes the session back, and the server then refuses the close.)
    ///
    /// Frames (big-endian, each prefixed by its int32 length):
    /// ConnectRequest = protocolVersion int32 0 · lastZxidSeen int64 0 · timeOut int32 · sessionId int64 ·
    /// passwd (int32 length + bytes) · readOnly bool; CloseSession = xid int32 · type int32 -11.
    public func expireSession(_ credentials: ZooKeeperSessionCredentials, within: Duration = .seconds(20))
        async throws
    {
        let port = port
        let connect = Self.connectFrame(credentials)
        var close = WireWriter()
        close.int32(1)
        close.int32(-11)
        let closeFrame = close.framed()
        // The session's own client races us: it reconnects at once and may take the session back before the
        // close is processed (the server then drops the close). Repeat until the server calls the session dead.
        try await eventually("session \(credentials) expired", within: within, poll: .milliseconds(20)) {
            _ = await onDedicatedThread { LoopbackPort.exchange(bytes: connect + closeFrame, port: port) }
            let answer = await onDedicatedThread { LoopbackPort.exchange(bytes: connect, port: port) }
            return Self.isExpiredAnswer(answer)
        }
    }

    private static func connectFrame(_ credentials: ZooKeeperSessionCredentials) -> [UInt8] {
        var connect = WireWriter()
        connect.int32(0)
        connect.int64(0)
        connect.int32(6000)
        connect.int64(credentials.sessionID)
        connect.int32(Int32(credentials.password.count))
        connect.bytes(credentials.password)
        connect.bytes([0])
        return connect.framed()
    }

    /// A ConnectResponse (length · protocolVersion int32 · timeOut int32 · ...) with timeOut 0 means "expired".
    private static func isExpiredAnswer(_ answer: [UInt8]?) -> Bool {
        guard let answer, answer.count >= 12 else { return false }
        return answer[8..<12].allSatisfy { $0 == 0 }
    }
}

/// Big-endian writer for the two frames above.
private struct WireWriter {
    var buffer: [UInt8] = []
    mutating func int32(_ value: Int32) { withUnsafeBytes(of: value.bigEndian) { buffer += $0 } }
    mutating func int64(_ value: Int64) { withUnsafeBytes(of: value.bigEndian) { buffer += $0 } }
    mutating func bytes(_ value: [UInt8]) { buffer += value }
    func framed() -> [UInt8] {
        var frame = WireWriter()
        frame.int32(Int32(buffer.count))
        return frame.buffer + buffer
    }
}
