// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/Fetch.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's Fetch response body (API key 1),
/// versions 0–12, flexible from version 12.
public struct FetchResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .fetch
    public static let versions: ClosedRange<Int16> = 0...12
    public static let firstFlexibleVersion: Int16? = 12

    /// `ThrottleTimeMs`: int32, versions 1+.
    public var throttleTimeMs: Int32
    /// `ErrorCode`: int16, versions 7+.
    public var errorCode: KafkaErrorCode
    /// `SessionId`: int32, versions 7+.
    public var sessionID: Int32
    /// `Responses`: []FetchableTopicResponse, versions 0+.
    public var responses: [FetchableTopicResponse]

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        sessionID: Int32 = 0,
        responses: [FetchableTopicResponse] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.sessionID = sessionID
        self.responses = responses
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 12
        if version >= 1 {
            self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        }
        if version >= 7 {
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
        }
        if version >= 7 {
            self.sessionID = try buffer.readKafkaInteger(as: Int32.self)
        }
        self.responses = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> FetchableTopicResponse in try FetchableTopicResponse(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 12
        if version >= 1 {
            buffer.writeKafkaInteger(self.throttleTimeMs)
        }
        if version >= 7 {
            buffer.writeKafkaInteger(self.errorCode.rawValue)
        }
        if version >= 7 {
            buffer.writeKafkaInteger(self.sessionID)
        }
        buffer.writeKafkaArray(self.responses, compact: flexible) { (element: FetchableTopicResponse, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `FetchableTopicResponse` structure of `FetchResponse`.
    public struct FetchableTopicResponse: Hashable, Sendable {
        /// `Topic`: string, versions 0+.
        public var topic: KafkaModel.TopicName
        /// `Partitions`: []PartitionData, versions 0+.
        public var partitions: [PartitionData]

        public init(
            topic: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitions: [PartitionData] = []
        ) {
            self.topic = topic
            self.partitions = partitions
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 12
            self.topic = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> PartitionData in try PartitionData(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 12
            buffer.writeKafkaString(self.topic.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: PartitionData, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `PartitionData` structure of `FetchResponse`.
    public struct PartitionData: Hashable, Sendable {
        /// `PartitionIndex`: int32, versions 0+.
        public var partitionIndex: Int32
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode
        /// `HighWatermark`: int64, versions 0+.
        public var highWatermark: Int64
        /// `LastStableOffset`: int64, versions 4+.
        public var lastStableOffset: Int64
        /// `LogStartOffset`: int64, versions 5+.
        public var logStartOffset: Int64
        /// `DivergingEpoch`: EpochEndOffset, versions 12+, tag 0 in versions 12+.
        public var divergingEpoch: EpochEndOffset
        /// `CurrentLeader`: LeaderIdAndEpoch, versions 12+, tag 1 in versions 12+.
        public var currentLeader: LeaderIdAndEpoch
        /// `SnapshotId`: SnapshotId, versions 12+, tag 2 in versions 12+.
        public var snapshotID: SnapshotId
        /// `AbortedTransactions`: []AbortedTransaction, versions 4+, nullable 4+.
        public var abortedTransactions: [AbortedTransaction]?
        /// `PreferredReadReplica`: int32, versions 11+.
        public var preferredReadReplica: KafkaModel.BrokerID
        /// `Records`: records, versions 0+, nullable 0+.
        public var records: ByteBuffer?

        public init(
            partitionIndex: Int32 = 0,
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            highWatermark: Int64 = 0,
            lastStableOffset: Int64 = -1,
            logStartOffset: Int64 = -1,
            divergingEpoch: EpochEndOffset = EpochEndOffset(),
            currentLeader: LeaderIdAndEpoch = LeaderIdAndEpoch(),
            snapshotID: SnapshotId = SnapshotId(),
            abortedTransactions: [AbortedTransaction]? = [],
            preferredReadReplica: KafkaModel.BrokerID = KafkaModel.BrokerID(rawValue: -1),
            records: ByteBuffer? = nil
        ) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
            self.highWatermark = highWatermark
            self.lastStableOffset = lastStableOffset
            self.logStartOffset = logStartOffset
            self.divergingEpoch = divergingEpoch
            self.currentLeader = currentLeader
            self.snapshotID = snapshotID
            self.abortedTransactions = abortedTransactions
            self.preferredReadReplica = preferredReadReplica
            self.records = records
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 12
            self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            self.highWatermark = try buffer.readKafkaInteger(as: Int64.self)
            if version >= 4 {
                self.lastStableOffset = try buffer.readKafkaInteger(as: Int64.self)
            }
            if version >= 5 {
                self.logStartOffset = try buffer.readKafkaInteger(as: Int64.self)
            }
            if version >= 4 {
                self.abortedTransactions = try buffer.readKafkaNullableArray(compact: flexible, allowNull: version >= 4) { (element: inout ByteBuffer) throws -> AbortedTransaction in try AbortedTransaction(from: &element, version: version) }
            }
            if version >= 11 {
                self.preferredReadReplica = try KafkaModel.BrokerID(rawValue: buffer.readKafkaInteger(as: Int32.self))
            }
            self.records = try buffer.readKafkaNullableBytes(compact: flexible, allowNull: true)
            if flexible {
                for field in try buffer.readTaggedFields() {
                    var data = field.data
                    switch field.tag {
                    case 0 where version >= 12:
                        self.divergingEpoch = try EpochEndOffset(from: &data, version: version)
                    case 1 where version >= 12:
                        self.currentLeader = try LeaderIdAndEpoch(from: &data, version: version)
                    case 2 where version >= 12:
                        self.snapshotID = try SnapshotId(from: &data, version: version)
                    default:
                        break
                    }
                }
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 12
            buffer.writeKafkaInteger(self.partitionIndex)
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            buffer.writeKafkaInteger(self.highWatermark)
            if version >= 4 {
                buffer.writeKafkaInteger(self.lastStableOffset)
            }
            if version >= 5 {
                buffer.writeKafkaInteger(self.logStartOffset)
            }
            if version >= 4 {
                buffer.writeKafkaNullableArray(self.abortedTransactions, compact: flexible) { (element: AbortedTransaction, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            }
            if version >= 11 {
                buffer.writeKafkaInteger(self.preferredReadReplica.rawValue)
            }
            buffer.writeKafkaNullableBytes(self.records, compact: flexible)
            if flexible {
                var tagged: [TaggedField] = []
                if version >= 12 && self.divergingEpoch != EpochEndOffset() {
                    var data = ByteBuffer()
                    self.divergingEpoch.write(into: &data, version: version)
                    tagged.append(TaggedField(tag: 0, data: data))
                }
                if version >= 12 && self.currentLeader != LeaderIdAndEpoch() {
                    var data = ByteBuffer()
                    self.currentLeader.write(into: &data, version: version)
                    tagged.append(TaggedField(tag: 1, data: data))
                }
                if version >= 12 && self.snapshotID != SnapshotId() {
                    var data = ByteBuffer()
                    self.snapshotID.write(into: &data, version: version)
                    tagged.append(TaggedField(tag: 2, data: data))
                }
                buffer.writeTaggedFields(tagged)
            }
        }
    }

    /// The `EpochEndOffset` structure of `FetchResponse`.
    public struct EpochEndOffset: Hashable, Sendable {
        /// `Epoch`: int32, versions 12+.
        public var epoch: Int32
        /// `EndOffset`: int64, versions 12+.
        public var endOffset: Int64

        public init(
            epoch: Int32 = -1,
            endOffset: Int64 = -1
        ) {
            self.epoch = epoch
            self.endOffset = endOffset
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 12
            if version >= 12 {
                self.epoch = try buffer.readKafkaInteger(as: Int32.self)
            }
            if version >= 12 {
                self.endOffset = try buffer.readKafkaInteger(as: Int64.self)
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 12
            if version >= 12 {
                buffer.writeKafkaInteger(self.epoch)
            }
            if version >= 12 {
                buffer.writeKafkaInteger(self.endOffset)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `LeaderIdAndEpoch` structure of `FetchResponse`.
    public struct LeaderIdAndEpoch: Hashable, Sendable {
        /// `LeaderId`: int32, versions 12+.
        public var leaderID: KafkaModel.BrokerID
        /// `LeaderEpoch`: int32, versions 12+.
        public var leaderEpoch: Int32

        public init(
            leaderID: KafkaModel.BrokerID = KafkaModel.BrokerID(rawValue: -1),
            leaderEpoch: Int32 = -1
        ) {
            self.leaderID = leaderID
            self.leaderEpoch = leaderEpoch
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 12
            if version >= 12 {
                self.leaderID = try KafkaModel.BrokerID(rawValue: buffer.readKafkaInteger(as: Int32.self))
            }
            if version >= 12 {
                self.leaderEpoch = try buffer.readKafkaInteger(as: Int32.self)
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 12
            if version >= 12 {
                buffer.writeKafkaInteger(self.leaderID.rawValue)
            }
            if version >= 12 {
                buffer.writeKafkaInteger(self.leaderEpoch)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `SnapshotId` structure of `FetchResponse`.
    public struct SnapshotId: Hashable, Sendable {
        /// `EndOffset`: int64, versions 0+.
        public var endOffset: Int64
        /// `Epoch`: int32, versions 0+.
        public var epoch: Int32

        public init(
            endOffset: Int64 = -1,
            epoch: Int32 = -1
        ) {
            self.endOffset = endOffset
            self.epoch = epoch
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 12
            self.endOffset = try buffer.readKafkaInteger(as: Int64.self)
            self.epoch = try buffer.readKafkaInteger(as: Int32.self)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 12
            buffer.writeKafkaInteger(self.endOffset)
            buffer.writeKafkaInteger(self.epoch)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `AbortedTransaction` structure of `FetchResponse`.
    public struct AbortedTransaction: Hashable, Sendable {
        /// `ProducerId`: int64, versions 4+.
        public var producerID: Int64
        /// `FirstOffset`: int64, versions 4+.
        public var firstOffset: Int64

        public init(
            producerID: Int64 = 0,
            firstOffset: Int64 = 0
        ) {
            self.producerID = producerID
            self.firstOffset = firstOffset
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 12
            if version >= 4 {
                self.producerID = try buffer.readKafkaInteger(as: Int64.self)
            }
            if version >= 4 {
                self.firstOffset = try buffer.readKafkaInteger(as: Int64.self)
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 12
            if version >= 4 {
                buffer.writeKafkaInteger(self.producerID)
            }
            if version >= 4 {
                buffer.writeKafkaInteger(self.firstOffset)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
