// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/OffsetCommit.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's OffsetCommit request body (API key 8),
/// versions 0–8, flexible from version 8.
public struct OffsetCommitRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .offsetCommit
    public static let versions: ClosedRange<Int16> = 0...8
    public static let firstFlexibleVersion: Int16? = 8
    public typealias Response = OffsetCommitResponse

    /// `GroupId`: string, versions 0+.
    public var groupID: String
    /// `GenerationIdOrMemberEpoch`: int32, versions 1+.
    public var generationIDOrMemberEpoch: Int32
    /// `MemberId`: string, versions 1+.
    public var memberID: String
    /// `GroupInstanceId`: string, versions 7+, nullable 7+.
    public var groupInstanceID: String?
    /// `RetentionTimeMs`: int64, versions 2-4.
    public var retentionTimeMs: Int64
    /// `Topics`: []OffsetCommitRequestTopic, versions 0+.
    public var topics: [OffsetCommitRequestTopic]

    public init(
        groupID: String = "",
        generationIDOrMemberEpoch: Int32 = -1,
        memberID: String = "",
        groupInstanceID: String? = nil,
        retentionTimeMs: Int64 = -1,
        topics: [OffsetCommitRequestTopic] = []
    ) {
        self.groupID = groupID
        self.generationIDOrMemberEpoch = generationIDOrMemberEpoch
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.retentionTimeMs = retentionTimeMs
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 8
        self.groupID = try buffer.readKafkaString(compact: flexible)
        if version >= 1 {
            self.generationIDOrMemberEpoch = try buffer.readKafkaInteger(as: Int32.self)
        }
        if version >= 1 {
            self.memberID = try buffer.readKafkaString(compact: flexible)
        }
        if version >= 7 {
            self.groupInstanceID = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 7)
        }
        if version >= 2 && version <= 4 {
            self.retentionTimeMs = try buffer.readKafkaInteger(as: Int64.self)
        }
        self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> OffsetCommitRequestTopic in try OffsetCommitRequestTopic(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 8
        buffer.writeKafkaString(self.groupID, compact: flexible)
        if version >= 1 {
            buffer.writeKafkaInteger(self.generationIDOrMemberEpoch)
        }
        if version >= 1 {
            buffer.writeKafkaString(self.memberID, compact: flexible)
        }
        if version >= 7 {
            buffer.writeKafkaNullableString(self.groupInstanceID, compact: flexible)
        }
        if version >= 2 && version <= 4 {
            buffer.writeKafkaInteger(self.retentionTimeMs)
        }
        buffer.writeKafkaArray(self.topics, compact: flexible) { (element: OffsetCommitRequestTopic, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `OffsetCommitRequestTopic` structure of `OffsetCommitRequest`.
    public struct OffsetCommitRequestTopic: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: KafkaModel.TopicName
        /// `Partitions`: []OffsetCommitRequestPartition, versions 0+.
        public var partitions: [OffsetCommitRequestPartition]

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitions: [OffsetCommitRequestPartition] = []
        ) {
            self.name = name
            self.partitions = partitions
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 8
            self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> OffsetCommitRequestPartition in try OffsetCommitRequestPartition(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 8
            buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: OffsetCommitRequestPartition, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `OffsetCommitRequestPartition` structure of `OffsetCommitRequest`.
    public struct OffsetCommitRequestPartition: Hashable, Sendable {
        /// `PartitionIndex`: int32, versions 0+.
        public var partitionIndex: Int32
        /// `CommittedOffset`: int64, versions 0+.
        public var committedOffset: Int64
        /// `CommittedLeaderEpoch`: int32, versions 6+.
        public var committedLeaderEpoch: Int32
        /// `CommitTimestamp`: int64, versions 1.
        public var commitTimestamp: Int64
        /// `CommittedMetadata`: string, versions 0+, nullable 0+.
        public var committedMetadata: String?

        public init(
            partitionIndex: Int32 = 0,
            committedOffset: Int64 = 0,
            committedLeaderEpoch: Int32 = -1,
            commitTimestamp: Int64 = -1,
            committedMetadata: String? = ""
        ) {
            self.partitionIndex = partitionIndex
            self.committedOffset = committedOffset
            self.committedLeaderEpoch = committedLeaderEpoch
            self.commitTimestamp = commitTimestamp
            self.committedMetadata = committedMetadata
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 8
            self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            self.committedOffset = try buffer.readKafkaInteger(as: Int64.self)
            if version >= 6 {
                self.committedLeaderEpoch = try buffer.readKafkaInteger(as: Int32.self)
            }
            if version >= 1 && version <= 1 {
                self.commitTimestamp = try buffer.readKafkaInteger(as: Int64.self)
            }
            self.committedMetadata = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 8
            buffer.writeKafkaInteger(self.partitionIndex)
            buffer.writeKafkaInteger(self.committedOffset)
            if version >= 6 {
                buffer.writeKafkaInteger(self.committedLeaderEpoch)
            }
            if version >= 1 && version <= 1 {
                buffer.writeKafkaInteger(self.commitTimestamp)
            }
            buffer.writeKafkaNullableString(self.committedMetadata, compact: flexible)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
