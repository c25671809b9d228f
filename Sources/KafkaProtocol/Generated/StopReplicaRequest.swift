// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/StopReplica.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's StopReplica request body (API key 5),
/// versions 0–3, flexible from version 2.
public struct StopReplicaRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .stopReplica
    public static let versions: ClosedRange<Int16> = 0...3
    public static let firstFlexibleVersion: Int16? = 2
    public typealias Response = StopReplicaResponse

    /// `ControllerId`: int32, versions 0+.
    public var controllerID: KafkaModel.BrokerID
    /// `ControllerEpoch`: int32, versions 0+.
    public var controllerEpoch: Int32
    /// `BrokerEpoch`: int64, versions 1+.
    public var brokerEpoch: Int64
    /// `DeletePartitions`: bool, versions 0-2.
    public var deletePartitions: Bool
    /// `UngroupedPartitions`: []StopReplicaPartitionV0, versions 0.
    public var ungroupedPartitions: [StopReplicaPartitionV0]
    /// `Topics`: []StopReplicaTopicV1, versions 1-2.
    public var topics: [StopReplicaTopicV1]
    /// `TopicStates`: []StopReplicaTopicState, versions 3+.
    public var topicStates: [StopReplicaTopicState]

    public init(
        controllerID: KafkaModel.BrokerID = KafkaModel.BrokerID(rawValue: 0),
        controllerEpoch: Int32 = 0,
        brokerEpoch: Int64 = -1,
        deletePartitions: Bool = false,
        ungroupedPartitions: [StopReplicaPartitionV0] = [],
        topics: [StopReplicaTopicV1] = [],
        topicStates: [StopReplicaTopicState] = []
    ) {
        self.controllerID = controllerID
        self.controllerEpoch = controllerEpoch
        self.brokerEpoch = brokerEpoch
        self.deletePartitions = deletePartitions
        self.ungroupedPartitions = ungroupedPartitions
        self.topics = topics
        self.topicStates = topicStates
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 2
        self.controllerID = try KafkaModel.BrokerID(rawValue: buffer.readKafkaInteger(as: Int32.self))
        self.controllerEpoch = try buffer.readKafkaInteger(as: Int32.self)
        if version >= 1 {
            self.brokerEpoch = try buffer.readKafkaInteger(as: Int64.self)
        }
        if version <= 2 {
            self.deletePartitions = try buffer.readKafkaBool()
        }
        if version <= 0 {
            self.ungroupedPartitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> StopReplicaPartitionV0 in try StopReplicaPartitionV0(from: &element, version: version) }
        }
        if version >= 1 && version <= 2 {
            self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> StopReplicaTopicV1 in try StopReplicaTopicV1(from: &element, version: version) }
        }
        if version >= 3 {
            self.topicStates = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> StopReplicaTopicState in try StopReplicaTopicState(from: &element, version: version) }
        }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeKafkaInteger(self.controllerID.rawValue)
        buffer.writeKafkaInteger(self.controllerEpoch)
        if version >= 1 {
            buffer.writeKafkaInteger(self.brokerEpoch)
        }
        if version <= 2 {
            buffer.writeKafkaBool(self.deletePartitions)
        }
        if version <= 0 {
            buffer.writeKafkaArray(self.ungroupedPartitions, compact: flexible) { (element: StopReplicaPartitionV0, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        }
        if version >= 1 && version <= 2 {
            buffer.writeKafkaArray(self.topics, compact: flexible) { (element: StopReplicaTopicV1, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        }
        if version >= 3 {
            buffer.writeKafkaArray(self.topicStates, compact: flexible) { (element: StopReplicaTopicState, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `StopReplicaPartitionV0` structure of `StopReplicaRequest`.
    public struct StopReplicaPartitionV0: Hashable, Sendable {
        /// `TopicName`: string, versions 0.
        public var topicName: KafkaModel.TopicName
        /// `PartitionIndex`: int32, versions 0.
        public var partitionIndex: Int32

        public init(
            topicName: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitionIndex: Int32 = 0
        ) {
            self.topicName = topicName
            self.partitionIndex = partitionIndex
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 2
            if version <= 0 {
                self.topicName = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            }
            if version <= 0 {
                self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            if version <= 0 {
                buffer.writeKafkaString(self.topicName.rawValue, compact: flexible)
            }
            if version <= 0 {
                buffer.writeKafkaInteger(self.partitionIndex)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `StopReplicaTopicV1` structure of `StopReplicaRequest`.
    public struct StopReplicaTopicV1: Hashable, Sendable {
        /// `Name`: string, versions 1-2.
        public var name: KafkaModel.TopicName
        /// `PartitionIndexes`: []int32, versions 1-2.
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
            let flexible = version >= 2
            if version >= 1 && version <= 2 {
                self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            }
            if version >= 1 && version <= 2 {
                self.partitionIndexes = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> Int32 in try element.readKafkaInteger(as: Int32.self) }
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            if version >= 1 && version <= 2 {
                buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            }
            if version >= 1 && version <= 2 {
                buffer.writeKafkaArray(self.partitionIndexes, compact: flexible) { (element: Int32, output: inout ByteBuffer) in output.writeKafkaInteger(element) }
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `StopReplicaTopicState` structure of `StopReplicaRequest`.
    public struct StopReplicaTopicState: Hashable, Sendable {
        /// `TopicName`: string, versions 3+.
        public var topicName: KafkaModel.TopicName
        /// `PartitionStates`: []StopReplicaPartitionState, versions 3+.
        public var partitionStates: [StopReplicaPartitionState]

        public init(
            topicName: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitionStates: [StopReplicaPartitionState] = []
        ) {
            self.topicName = topicName
            self.partitionStates = partitionStates
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 2
            if version >= 3 {
                self.topicName = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            }
            if version >= 3 {
                self.partitionStates = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> StopReplicaPartitionState in try StopReplicaPartitionState(from: &element, version: version) }
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            if version >= 3 {
                buffer.writeKafkaString(self.topicName.rawValue, compact: flexible)
            }
            if version >= 3 {
                buffer.writeKafkaArray(self.partitionStates, compact: flexible) { (element: StopReplicaPartitionState, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `StopReplicaPartitionState` structure of `StopReplicaRequest`.
    public struct StopReplicaPartitionState: Hashable, Sendable {
        /// `PartitionIndex`: int32, versions 3+.
        public var partitionIndex: Int32
        /// `LeaderEpoch`: int32, versions 3+.
        public var leaderEpoch: Int32
        /// `DeletePartition`: bool, versions 3+.
        public var deletePartition: Bool

        public init(
            partitionIndex: Int32 = 0,
            leaderEpoch: Int32 = -1,
            deletePartition: Bool = false
        ) {
            self.partitionIndex = partitionIndex
            self.leaderEpoch = leaderEpoch
            self.deletePartition = deletePartition
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 2
            if version >= 3 {
                self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            }
            if version >= 3 {
                self.leaderEpoch = try buffer.readKafkaInteger(as: Int32.self)
            }
            if version >= 3 {
                self.deletePartition = try buffer.readKafkaBool()
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            if version >= 3 {
                buffer.writeKafkaInteger(self.partitionIndex)
            }
            if version >= 3 {
                buffer.writeKafkaInteger(self.leaderEpoch)
            }
            if version >= 3 {
                buffer.writeKafkaBool(self.deletePartition)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
