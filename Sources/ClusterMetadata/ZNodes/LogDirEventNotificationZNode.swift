import KafkaModel

/// `/log_dir_event_notification/log_dir_event_<10-digit seq>` — persistent-sequential; a broker whose log directory
/// failed (KIP-112) tells the controller, which answers by sending it LeaderAndIsr for all its replicas and marks
/// those the broker reports KAFKA_STORAGE_ERROR for offline. The controller deletes the znode once read.
/// `{"version":1,"broker":1,"event":1}`; event 1 (LogDirFailure) is the only kind.
public struct LogDirEventNotificationZNode: Hashable, Sendable {
    public static let path = "/log_dir_event_notification"
    /// The prefix to create sequential notifications with.
    public static let sequentialPrefix = "/log_dir_event_notification/log_dir_event_"
    /// Kafka's `LogDirFailureEvent`.
    public static let logDirFailureEvent = 1

    public var brokerID: BrokerID

    public init(brokerID: BrokerID) { self.brokerID = brokerID }

    /// Byte for byte what Kafka writes (its field order, which the sorted-key encoder would not keep).
    public func encoded() -> [UInt8] {
        Array("{\"version\":1,\"broker\":\(brokerID.rawValue),\"event\":\(Self.logDirFailureEvent)}".utf8)
    }

    /// Reads the broker id, as Kafka's controller does (it reads nothing else).
    /// - Parameter path: the znode read, for error messages.
    /// - Throws: `ZNodeDecodingError` naming it.
    public static func decode(_ bytes: [UInt8], path: String) throws(ZNodeDecodingError) -> LogDirEventNotificationZNode {
        let json = try ZNodeJSON(bytes, path: path)
        guard let broker = Int32(exactly: try json.int("broker")), broker >= 0 else {
            throw json.fail("broker out of range")
        }
        return LogDirEventNotificationZNode(brokerID: BrokerID(broker))
    }
}
