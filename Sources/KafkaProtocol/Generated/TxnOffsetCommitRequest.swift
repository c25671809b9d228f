// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/TxnOffsetCommit.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's TxnOffsetCommit request body (API key 28),
/// versions 0–3, flexible from version 3.
public struct TxnOffsetCommitRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .txnOffsetCommit
    public static let versions: ClosedRange<Int16> = 0...3
    public static let firstFlexibleVersion: Int16? = 3
    public typealias Response = TxnOffsetCommitResponse

    /// `TransactionalId`: string, versions 0+.
    public var transactionalID: String
    /// `GroupId`: string, versions 0+.
    public var groupID: String
    /// `ProducerId`: int64, versions 0+.
    public var producerID: Int64
    /// `ProducerEpoch`: int16, versions 0+.
    public var producerEpoch: Int16
    /// `GenerationId`: int32, versions 3+.
    public var generationID: Int32
    /// `MemberId`: string, versions 3+.
    public var memberID: String
    /// `GroupInstanceId`: string, versions 3+, nullable 3+.
    public var groupInstanceID: String?
    /// `Topics`: []TxnOffsetCommitRequestTopic, versions 0+.
    public var topics: [TxnOffsetCommitRequestTopic]

    public init(
        transactionalID: String = "",
        groupID: String = "",
        producerID: Int64 = 0,
        producerEpoch: Int16 = 0,
        generationID: Int32 = -1,
        memberID: String = "",
        groupInstanceID: String? = nil,
        topics: [TxnOffsetCommitRequestTopic] = []
    ) {
        self.transactionalID = transactionalID
        self.groupID = groupID
        self.producerID = producerID
        self.producerEpoch = producerEpoch
        self.generationID = generationID
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 3
        self.transactionalID = try buffer.readKafkaString(compact: flexible)
        self.groupID = try buffer.readKafkaString(compact: flexible)
        self.producerID = try buffer.readKafkaInteger(as: Int64.self)
        self.producerEpoch = try buffer.readKafkaInteger(as: Int16.self)
        if version >= 3 {
            self.generationID = try buffer.readKafkaInteger(as: Int32.self)
        }
        if version >= 3 {
            self.memberID = try buffer.readKafkaString(compact: flexible)
        }
        if version >= 3 {
            self.groupInstanceID = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 3)
        }
        self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> TxnOffsetCommitRequestTopic in try TxnOffsetCommitRequestTopic(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 3
        buffer.writeKafkaString(self.transactionalID, compact: flexible)
        buffer.writeKafkaString(self.groupID, compact: flexible)
        buffer.writeKafkaInteger(self.producerID)
        buffer.writeKafkaInteger(self.producerEpoch)
        if version >= 3 {
            buffer.writeKafkaInteger(self.generationID)
        }
        if version >= 3 {
            buffer.writeKafkaString(self.memberID, compact: flexible)
        }
        if version >= 3 {
            buffer.writeKafkaNullableString(self.groupInstanceID, compact: flexible)
        }
        buffer.writeKafkaArray(self.topics, compact: flexible) { (element: TxnOffsetCommitRequestTopic, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `TxnOffsetCommitRequestTopic` structure of `TxnOffsetCommitRequest`.
    public struct TxnOffsetCommitRequestTopic: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: KafkaModel.TopicName
        /// `Partitions`: []TxnOffsetCommitRequestPartition, versions 0+.
        public var partitions: [TxnOffsetCommitRequestPartition]

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitions: [TxnOffsetCommitRequestPartition] = []
        ) {
            self.name = name
            self.partitions = partitions
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 3
            self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> TxnOffsetCommitRequestPartition in try TxnOffsetCommitRequestPartition(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 3
            buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: TxnOffsetCommitRequestPartition, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `TxnOffsetCommitRequestPartition` structure of `TxnOffsetCommitRequest`.
    public struct TxnOffsetCommitRequestPartition: Hashable, Sendable {
        /// `PartitionIndex`: int32, versions 0+.
        public var partitionIndex: Int32
        /// `CommittedOffset`: int64, versions 0+.
        public var committedOffset: Int64
        /// `CommittedLeaderEpoch`: int32, versions 2+.
        public var committedLeaderEpoch: Int32
        /// `CommittedMetadata`: string, versions 0+, nullable 0+.
        public var committedMetadata: String?

        public init(
            partitionIndex: Int32 = 0,
            committedOffset: Int64 = 0,
            committedLeaderEpoch: Int32 = -1,
            committedMetadata: String? = ""
        ) {
            self.partitionIndex = partitionIndex
            self.committedOffset = committedOffset
            self.committedLeaderEpoch = committedLeaderEpoch
            self.committedMetadata = committedMetadata
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 3
            self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            self.committedOffset = try buffer.readKafkaInteger(as: Int64.self)
            if version >= 2 {
                self.committedLeaderEpoch = try buffer.readKafkaInteger(as: Int32.self)
            }
            self.committedMetadata = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 3
            buffer.writeKafkaInteger(self.partitionIndex)
            buffer.writeKafkaInteger(self.committedOffset)
            if version >= 2 {
                buffer.writeKafkaInteger(self.committedLeaderEpoch)
            }
            buffer.writeKafkaNullableString(self.committedMetadata, compact: flexible)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
