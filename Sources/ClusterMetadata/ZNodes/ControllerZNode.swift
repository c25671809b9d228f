import KafkaModel

/// `/controller` — ephemeral, held by the active controller.
///
/// Version 1 (Kafka 2.8): `{"version":1,"brokerid":2,"timestamp":"1700000000000"}` (timestamp in ms, as a
/// string). Version 2 (3.4+) adds `"kraftControllerEpoch":-1`; it is read and ignored. We write version 1.
public struct ControllerZNode: Hashable, Sendable {
    public static let path = "/controller"

    public var brokerID: BrokerID
    /// Milliseconds since the epoch when the controller was elected.
    public var timestamp: Int64

    public init(brokerID: BrokerID, timestamp: Int64) {
        self.brokerID = brokerID
        self.timestamp = timestamp
    }

    public func encoded() -> [UInt8] {
        ZNodeJSON.encode(["version": 1, "brokerid": Int(brokerID.rawValue), "timestamp": String(timestamp)])
    }

    /// - Throws: `ZNodeDecodingError` naming `/controller`.
    public static func decode(_ bytes: [UInt8]) throws(ZNodeDecodingError) -> ControllerZNode {
        let json = try ZNodeJSON(bytes, path: path)
        _ = try json.version(in: 1...2)
        guard let id = Int32(exactly: try json.int("brokerid")) else { throw json.fail("brokerid out of range") }
        let timestamp = json.has("timestamp") ? try json.integerString("timestamp") : 0
        return ControllerZNode(brokerID: BrokerID(id), timestamp: timestamp)
    }
}

/// `/controller_epoch` — persistent; the controller epoch as ASCII decimal (not JSON): `7`.
/// Every election bumps it with a conditional setData, so its znode version fences stale controllers.
public enum ControllerEpochZNode {
    public static let path = "/controller_epoch"

    public static func encode(_ epoch: ControllerEpoch) -> [UInt8] { Array(String(epoch.rawValue).utf8) }

    /// - Throws: `ZNodeDecodingError` naming `/controller_epoch`.
    public static func decode(_ bytes: [UInt8]) throws(ZNodeDecodingError) -> ControllerEpoch {
        let text = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
        guard let value = Int32(text) else {
            throw ZNodeDecodingError(path: path, reason: "not an integer: \"\(text)\"")
        }
        return ControllerEpoch(value)
    }
}
