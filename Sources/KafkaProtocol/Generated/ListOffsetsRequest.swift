// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/ListOffsets.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's ListOffsets request body (API key 2),
/// versions 0–7, flexible from version 6.
public struct ListOffsetsRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .listOffsets
    public static let versions: ClosedRange<Int16> = 0...7
    public static let firstFlexibleVersion: Int16? = 6
    public typealias Response = ListOffsetsResponse

    /// `ReplicaId`: int32, versions 0+.
    public var replicaID: KafkaModel.BrokerID
    /// `IsolationLevel`: int8, versions 2+.
    public var isolationLevel: Int8
    /// `Topics`: []ListOffsetsTopic, versions 0+.
    public var topics: [ListOffsetsTopic]

    public init(
        replicaID: KafkaModel.BrokerID = KafkaModel.BrokerID(rawValue: 0),
        isolationLevel: Int8 = 0,
        topics: [ListOffsetsTopic] = []
    ) {
        self.replicaID = replicaID
        self.isolationLevel = isolationLevel
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 6
        self.replicaID = try KafkaModel.BrokerID(rawValue: buffer.readKafkaInteger(as: Int32.self))
        if version >= 2 {
            self.isolationLevel = try buffer.readKafkaInteger(as: Int8.self)
        }
        self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> ListOffsetsTopic in try ListOffsetsTopic(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 6
        buffer.writeKafkaInteger(self.replicaID.rawValue)
        if version >= 2 {
            buffer.writeKafkaInteger(self.isolationLevel)
        }
        buffer.writeKafkaArray(self.topics, compact: flexible) { (element: ListOffsetsTopic, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `ListOffsetsTopic` structure of `ListOffsetsRequest`.
    public struct ListOffsetsTopic: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: KafkaModel.TopicName
        /// `Partitions`: []ListOffsetsPartition, versions 0+.
        public var partitions: [ListOffsetsPartition]

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitions: [ListOffsetsPartition] = []
        ) {
            self.name = name
            self.partitions = partitions
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 6
            self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> ListOffsetsPartition in try ListOffsetsPartition(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: ListOffsetsPartition, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `ListOffsetsPartition` structure of `ListOffsetsRequest`.
    public struct ListOffsetsPartition: Hashable, Sendable {
        /// `PartitionIndex`: int32, versions 0+.
        public var partitionIndex: Int32
        /// `CurrentLeaderEpoch`: int32, versions 4+.
        public var currentLeaderEpoch: Int32
        /// `Timestamp`: int64, versions 0+.
        public var timestamp: Int64
        /// `MaxNumOffsets`: int32, versions 0.
        public var maxNumOffsets: Int32

        public init(
            partitionIndex: Int32 = 0,
            currentLeaderEpoch: Int32 = -1,
            timestamp: Int64 = 0,
            maxNumOffsets: Int32 = 1
        ) {
            self.partitionIndex = partitionIndex
            self.currentLeaderEpoch = currentLeaderEpoch
            self.timestamp = timestamp
            self.maxNumOffsets = maxNumOffsets
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 6
            self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            if version >= 4 {
                self.currentLeaderEpoch = try buffer.readKafkaInteger(as: Int32.self)
            }
            self.timestamp = try buffer.readKafkaInteger(as: Int64.self)
            if version <= 0 {
                self.maxNumOffsets = try buffer.readKafkaInteger(as: Int32.self)
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            buffer.writeKafkaInteger(self.partitionIndex)
            if version >= 4 {
                buffer.writeKafkaInteger(self.currentLeaderEpoch)
            }
            buffer.writeKafkaInteger(self.timestamp)
            if version <= 0 {
                buffer.writeKafkaInteger(self.maxNumOffsets)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
