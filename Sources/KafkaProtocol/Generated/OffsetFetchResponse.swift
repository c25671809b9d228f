// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/OffsetFetch.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's OffsetFetch response body (API key 9),
/// versions 0–8, flexible from version 6.
public struct OffsetFetchResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .offsetFetch
    public static let versions: ClosedRange<Int16> = 0...8
    public static let firstFlexibleVersion: Int16? = 6

    /// `ThrottleTimeMs`: int32, versions 3+.
    public var throttleTimeMs: Int32
    /// `Topics`: []OffsetFetchResponseTopic, versions 0-7.
    public var topics: [OffsetFetchResponseTopic]
    /// `ErrorCode`: int16, versions 2-7.
    public var errorCode: KafkaErrorCode
    /// `Groups`: []OffsetFetchResponseGroup, versions 8+.
    public var groups: [OffsetFetchResponseGroup]

    public init(
        throttleTimeMs: Int32 = 0,
        topics: [OffsetFetchResponseTopic] = [],
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        groups: [OffsetFetchResponseGroup] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
        self.errorCode = errorCode
        self.groups = groups
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 6
        if version >= 3 {
            self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        }
        if version <= 7 {
            self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> OffsetFetchResponseTopic in try OffsetFetchResponseTopic(from: &element, version: version) }
        }
        if version >= 2 && version <= 7 {
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
        }
        if version >= 8 {
            self.groups = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> OffsetFetchResponseGroup in try OffsetFetchResponseGroup(from: &element, version: version) }
        }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 6
        if version >= 3 {
            buffer.writeKafkaInteger(self.throttleTimeMs)
        }
        if version <= 7 {
            buffer.writeKafkaArray(self.topics, compact: flexible) { (element: OffsetFetchResponseTopic, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        }
        if version >= 2 && version <= 7 {
            buffer.writeKafkaInteger(self.errorCode.rawValue)
        }
        if version >= 8 {
            buffer.writeKafkaArray(self.groups, compact: flexible) { (element: OffsetFetchResponseGroup, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `OffsetFetchResponseTopic` structure of `OffsetFetchResponse`.
    public struct OffsetFetchResponseTopic: Hashable, Sendable {
        /// `Name`: string, versions 0-7.
        public var name: KafkaModel.TopicName
        /// `Partitions`: []OffsetFetchResponsePartition, versions 0-7.
        public var partitions: [OffsetFetchResponsePartition]

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitions: [OffsetFetchResponsePartition] = []
        ) {
            self.name = name
            self.partitions = partitions
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 6
            if version <= 7 {
                self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            }
            if version <= 7 {
                self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> OffsetFetchResponsePartition in try OffsetFetchResponsePartition(from: &element, version: version) }
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
                buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: OffsetFetchResponsePartition, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `OffsetFetchResponsePartition` structure of `OffsetFetchResponse`.
    public struct OffsetFetchResponsePartition: Hashable, Sendable {
        /// `PartitionIndex`: int32, versions 0-7.
        public var partitionIndex: Int32
        /// `CommittedOffset`: int64, versions 0-7.
        public var committedOffset: Int64
        /// `CommittedLeaderEpoch`: int32, versions 5-7.
        public var committedLeaderEpoch: Int32
        /// `Metadata`: string, versions 0-7, nullable 0-7.
        public var metadata: String?
        /// `ErrorCode`: int16, versions 0-7.
        public var errorCode: KafkaErrorCode

        public init(
            partitionIndex: Int32 = 0,
            committedOffset: Int64 = 0,
            committedLeaderEpoch: Int32 = -1,
            metadata: String? = "",
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0)
        ) {
            self.partitionIndex = partitionIndex
            self.committedOffset = committedOffset
            self.committedLeaderEpoch = committedLeaderEpoch
            self.metadata = metadata
            self.errorCode = errorCode
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 6
            if version <= 7 {
                self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            }
            if version <= 7 {
                self.committedOffset = try buffer.readKafkaInteger(as: Int64.self)
            }
            if version >= 5 && version <= 7 {
                self.committedLeaderEpoch = try buffer.readKafkaInteger(as: Int32.self)
            }
            if version <= 7 {
                self.metadata = try buffer.readKafkaNullableString(compact: flexible, allowNull: version <= 7)
            }
            if version <= 7 {
                self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            if version <= 7 {
                buffer.writeKafkaInteger(self.partitionIndex)
            }
            if version <= 7 {
                buffer.writeKafkaInteger(self.committedOffset)
            }
            if version >= 5 && version <= 7 {
                buffer.writeKafkaInteger(self.committedLeaderEpoch)
            }
            if version <= 7 {
                buffer.writeKafkaNullableString(self.metadata, compact: flexible)
            }
            if version <= 7 {
                buffer.writeKafkaInteger(self.errorCode.rawValue)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `OffsetFetchResponseGroup` structure of `OffsetFetchResponse`.
    public struct OffsetFetchResponseGroup: Hashable, Sendable {
        /// `GroupId`: string, versions 8+.
        public var groupID: String
        /// `Topics`: []OffsetFetchResponseTopics, versions 8+.
        public var topics: [OffsetFetchResponseTopics]
        /// `ErrorCode`: int16, versions 8+.
        public var errorCode: KafkaErrorCode

        public init(
            groupID: String = "",
            topics: [OffsetFetchResponseTopics] = [],
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0)
        ) {
            self.groupID = groupID
            self.topics = topics
            self.errorCode = errorCode
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 6
            if version >= 8 {
                self.groupID = try buffer.readKafkaString(compact: flexible)
            }
            if version >= 8 {
                self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> OffsetFetchResponseTopics in try OffsetFetchResponseTopics(from: &element, version: version) }
            }
            if version >= 8 {
                self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
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
                buffer.writeKafkaArray(self.topics, compact: flexible) { (element: OffsetFetchResponseTopics, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            }
            if version >= 8 {
                buffer.writeKafkaInteger(self.errorCode.rawValue)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `OffsetFetchResponseTopics` structure of `OffsetFetchResponse`.
    public struct OffsetFetchResponseTopics: Hashable, Sendable {
        /// `Name`: string, versions 8+.
        public var name: KafkaModel.TopicName
        /// `Partitions`: []OffsetFetchResponsePartitions, versions 8+.
        public var partitions: [OffsetFetchResponsePartitions]

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitions: [OffsetFetchResponsePartitions] = []
        ) {
            self.name = name
            self.partitions = partitions
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 6
            if version >= 8 {
                self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            }
            if version >= 8 {
                self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> OffsetFetchResponsePartitions in try OffsetFetchResponsePartitions(from: &element, version: version) }
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
                buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: OffsetFetchResponsePartitions, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `OffsetFetchResponsePartitions` structure of `OffsetFetchResponse`.
    public struct OffsetFetchResponsePartitions: Hashable, Sendable {
        /// `PartitionIndex`: int32, versions 8+.
        public var partitionIndex: Int32
        /// `CommittedOffset`: int64, versions 8+.
        public var committedOffset: Int64
        /// `CommittedLeaderEpoch`: int32, versions 8+.
        public var committedLeaderEpoch: Int32
        /// `Metadata`: string, versions 8+, nullable 8+.
        public var metadata: String?
        /// `ErrorCode`: int16, versions 8+.
        public var errorCode: KafkaErrorCode

        public init(
            partitionIndex: Int32 = 0,
            committedOffset: Int64 = 0,
            committedLeaderEpoch: Int32 = -1,
            metadata: String? = "",
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0)
        ) {
            self.partitionIndex = partitionIndex
            self.committedOffset = committedOffset
            self.committedLeaderEpoch = committedLeaderEpoch
            self.metadata = metadata
            self.errorCode = errorCode
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 6
            if version >= 8 {
                self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            }
            if version >= 8 {
                self.committedOffset = try buffer.readKafkaInteger(as: Int64.self)
            }
            if version >= 8 {
                self.committedLeaderEpoch = try buffer.readKafkaInteger(as: Int32.self)
            }
            if version >= 8 {
                self.metadata = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 8)
            }
            if version >= 8 {
                self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            if version >= 8 {
                buffer.writeKafkaInteger(self.partitionIndex)
            }
            if version >= 8 {
                buffer.writeKafkaInteger(self.committedOffset)
            }
            if version >= 8 {
                buffer.writeKafkaInteger(self.committedLeaderEpoch)
            }
            if version >= 8 {
                buffer.writeKafkaNullableString(self.metadata, compact: flexible)
            }
            if version >= 8 {
                buffer.writeKafkaInteger(self.errorCode.rawValue)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
