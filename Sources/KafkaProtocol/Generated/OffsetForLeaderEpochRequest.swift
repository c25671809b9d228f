// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/OffsetForLeaderEpoch.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's OffsetForLeaderEpoch request body (API key 23),
/// versions 0–4, flexible from version 4.
public struct OffsetForLeaderEpochRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .offsetForLeaderEpoch
    public static let versions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16? = 4
    public typealias Response = OffsetForLeaderEpochResponse

    /// `ReplicaId`: int32, versions 3+.
    public var replicaID: KafkaModel.BrokerID
    /// `Topics`: []OffsetForLeaderTopic, versions 0+.
    public var topics: [OffsetForLeaderTopic]

    public init(
        replicaID: KafkaModel.BrokerID = KafkaModel.BrokerID(rawValue: -2),
        topics: [OffsetForLeaderTopic] = []
    ) {
        self.replicaID = replicaID
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 4
        if version >= 3 {
            self.replicaID = try KafkaModel.BrokerID(rawValue: buffer.readKafkaInteger(as: Int32.self))
        }
        self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> OffsetForLeaderTopic in try OffsetForLeaderTopic(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        if version >= 3 {
            buffer.writeKafkaInteger(self.replicaID.rawValue)
        }
        buffer.writeKafkaArray(self.topics, compact: flexible) { (element: OffsetForLeaderTopic, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `OffsetForLeaderTopic` structure of `OffsetForLeaderEpochRequest`.
    public struct OffsetForLeaderTopic: Hashable, Sendable {
        /// `Topic`: string, versions 0+.
        public var topic: KafkaModel.TopicName
        /// `Partitions`: []OffsetForLeaderPartition, versions 0+.
        public var partitions: [OffsetForLeaderPartition]

        public init(
            topic: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitions: [OffsetForLeaderPartition] = []
        ) {
            self.topic = topic
            self.partitions = partitions
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 4
            self.topic = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> OffsetForLeaderPartition in try OffsetForLeaderPartition(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            buffer.writeKafkaString(self.topic.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: OffsetForLeaderPartition, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `OffsetForLeaderPartition` structure of `OffsetForLeaderEpochRequest`.
    public struct OffsetForLeaderPartition: Hashable, Sendable {
        /// `Partition`: int32, versions 0+.
        public var partition: Int32
        /// `CurrentLeaderEpoch`: int32, versions 2+.
        public var currentLeaderEpoch: Int32
        /// `LeaderEpoch`: int32, versions 0+.
        public var leaderEpoch: Int32

        public init(
            partition: Int32 = 0,
            currentLeaderEpoch: Int32 = -1,
            leaderEpoch: Int32 = 0
        ) {
            self.partition = partition
            self.currentLeaderEpoch = currentLeaderEpoch
            self.leaderEpoch = leaderEpoch
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 4
            self.partition = try buffer.readKafkaInteger(as: Int32.self)
            if version >= 2 {
                self.currentLeaderEpoch = try buffer.readKafkaInteger(as: Int32.self)
            }
            self.leaderEpoch = try buffer.readKafkaInteger(as: Int32.self)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            buffer.writeKafkaInteger(self.partition)
            if version >= 2 {
                buffer.writeKafkaInteger(self.currentLeaderEpoch)
            }
            buffer.writeKafkaInteger(self.leaderEpoch)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
