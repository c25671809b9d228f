// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/OffsetFetch.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's OffsetFetch request body (API key 9),
/// versions 0–8, flexible from version 6.
public struct OffsetFetchRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .offsetFetch
    public static let versions: ClosedRange<Int16> = 0...8
    public static let firstFlexibleVersion: Int16? = 6
    public typealias Response = OffsetFetchResponse

    /// `GroupId`: string, versions 0-7.
    public var groupID: String
    /// `Topics`: []OffsetFetchRequestTopic, versions 0-7, nullable 2-7.
    public var topics: [OffsetFetchRequestTopic]?
    /// `Groups`: []OffsetFetchRequestGroup, versions 8+.
    public var groups: [OffsetFetchRequestGroup]
    /// `RequireStable`: bool, versions 7+.
    public var requireStable: Bool

    public init(
        groupID: String = "",
        topics: [OffsetFetchRequestTopic]? = [],
        groups: [OffsetFetchRequestGroup] = [],
        requireStable: Bool = false
    ) {
        self.groupID = groupID
        self.topics = topics
        self.groups = groups
        self.requireStable = requireStable
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 6
        if version <= 7 {
            self.groupID = try buffer.readKafkaString(compact: flexible)
        }
        if version <= 7 {
            self.topics = try buffer.readKafkaNullableArray(compact: flexible, allowNull: version >= 2 && version <= 7) { (element: inout ByteBuffer) throws -> OffsetFetchRequestTopic in try OffsetFetchRequestTopic(from: &element, version: version) }
        }
        if version >= 8 {
            self.groups = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> OffsetFetchRequestGroup in try OffsetFetchRequestGroup(from: &element, version: version) }
        }
        if version >= 7 {
            self.requireStable = try buffer.readKafkaBool()
        }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 6
        if version <= 7 {
            buffer.writeKafkaString(self.groupID, compact: flexible)
        }
        if version <= 7 {
            buffer.writeKafkaNullableArray(self.topics, compact: flexible) { (element: OffsetFetchRequestTopic, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        }
        if version >= 8 {
            buffer.writeKafkaArray(self.groups, compact: flexible) { (element: OffsetFetchRequestGroup, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        }
        if version >= 7 {
            buffer.writeKafkaBool(self.requireStable)
        }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `OffsetFetchRequestTopic` structure of `OffsetFetchRequest`.
    public struct OffsetFetchRequestTopic: Hashable, Sendable {
        /// `Name`: string, versions 0-7.
        public var name: KafkaModel.TopicName
        /// `PartitionIndexes`: []int32, versions 0-7.
        public var partitionIndexes: [Int32]

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitionIndexes: [Int32] = []
        ) {
            self.name = name
            self.partitionIndexes = partitionIndexes
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 6
            if version <= 7 {
                self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            }
            if version <= 7 {
                self.partitionIndexes = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> Int32 in try element.readKafkaInteger(as: Int32.self) }
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            if version <= 7 {
                buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            }
            if version <= 7 {
                buffer.writeKafkaArray(self.partitionIndexes, compact: flexible) { (element: Int32, output: inout ByteBuffer) in output.writeKafkaInteger(element) }
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `OffsetFetchRequestGroup` structure of `OffsetFetchRequest`.
    public struct OffsetFetchRequestGroup: Hashable, Sendable {
        /// `GroupId`: string, versions 8+.
        public var groupID: String
        /// `Topics`: []OffsetFetchRequestTopics, versions 8+, nullable 8+.
        public var topics: [OffsetFetchRequestTopics]?

        public init(
            groupID: String = "",
            topics: [OffsetFetchRequestTopics]? = []
        ) {
            self.groupID = groupID
            self.topics = topics
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 6
            if version >= 8 {
                self.groupID = try buffer.readKafkaString(compact: flexible)
            }
            if version >= 8 {
                self.topics = try buffer.readKafkaNullableArray(compact: flexible, allowNull: version >= 8) { (element: inout ByteBuffer) throws -> OffsetFetchRequestTopics in try OffsetFetchRequestTopics(from: &element, version: version) }
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            if version >= 8 {
                buffer.writeKafkaString(self.groupID, compact: flexible)
            }
            if version >= 8 {
                buffer.writeKafkaNullableArray(self.topics, compact: flexible) { (element: OffsetFetchRequestTopics, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `OffsetFetchRequestTopics` structure of `OffsetFetchRequest`.
    public struct OffsetFetchRequestTopics: Hashable, Sendable {
        /// `Name`: string, versions 8+.
        public var name: KafkaModel.TopicName
        /// `PartitionIndexes`: []int32, versions 8+.
        public var partitionIndexes: [Int32]

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitionIndexes: [Int32] = []
        ) {
            self.name = name
            self.partitionIndexes = partitionIndexes
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 6
            if version >= 8 {
                self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            }
            if version >= 8 {
                self.partitionIndexes = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> Int32 in try element.readKafkaInteger(as: Int32.self) }
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            if version >= 8 {
                buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            }
            if version >= 8 {
                buffer.writeKafkaArray(self.partitionIndexes, compact: flexible) { (element: Int32, output: inout ByteBuffer) in output.writeKafkaInteger(element) }
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
