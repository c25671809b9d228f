// Strong identifiers, so a partition can never be passed where an offset is expected.

/// A broker's `broker.id`.
public struct BrokerID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    public init(_ value: Int32) { self.rawValue = value }
    /// Kafka's "no broker" (for example `leader: -1` in a partition state znode).
    public static let none = BrokerID(-1)
    public static func < (a: BrokerID, b: BrokerID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { String(rawValue) }
}

/// A topic's name. Validation lives in `TopicName.validate(_:)`.
public struct TopicName: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ value: String) { self.rawValue = value }
    public init(stringLiteral value: String) { self.rawValue = value }
    public static func < (a: TopicName, b: TopicName) -> Bool { a.rawValue < b.rawValue }
    public var description: String { rawValue }
}

/// A partition's index within its topic.
public struct PartitionIndex: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    public init(_ value: Int32) { self.rawValue = value }
    public static func < (a: PartitionIndex, b: PartitionIndex) -> Bool { a.rawValue < b.rawValue }
    public var description: String { String(rawValue) }
}

/// A topic and one of its partitions; prints as Kafka does, `orders-3`.
public struct TopicPartition: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let topic: TopicName
    public let partition: PartitionIndex
    public init(_ topic: TopicName, _ partition: PartitionIndex) {
        self.topic = topic
        self.partition = partition
    }
    public static func < (a: TopicPartition, b: TopicPartition) -> Bool {
        (a.topic, a.partition) < (b.topic, b.partition)
    }
    public var description: String { "\(topic)-\(partition)" }
}

/// A record's position in a partition's log.
public struct Offset: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public init(_ value: Int64) { self.rawValue = value }
    /// ListOffsets sentinels.
    public static let earliest = Offset(-2), latest = Offset(-1)
    public static func < (a: Offset, b: Offset) -> Bool { a.rawValue < b.rawValue }
    public static func + (a: Offset, b: Int64) -> Offset { Offset(a.rawValue + b) }
    public var description: String { String(rawValue) }
}

/// A partition's leader epoch: bumped on every leadership change by the controller.
public struct LeaderEpoch: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    public init(_ value: Int32) { self.rawValue = value }
    /// "No epoch known" as the wire protocol spells it.
    public static let unknown = LeaderEpoch(-1)
    public static func < (a: LeaderEpoch, b: LeaderEpoch) -> Bool { a.rawValue < b.rawValue }
    public var description: String { String(rawValue) }
}

/// The epoch of the active controller, held in `/controller_epoch`.
public struct ControllerEpoch: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    public init(_ value: Int32) { self.rawValue = value }
    public static func < (a: ControllerEpoch, b: ControllerEpoch) -> Bool { a.rawValue < b.rawValue }
    public var description: String { String(rawValue) }
}
