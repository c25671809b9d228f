// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/LeaderAndIsr.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's LeaderAndIsr request body (API key 4),
/// versions 0–5, flexible from version 4.
public struct LeaderAndIsrRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .leaderAndIsr
    public static let versions: ClosedRange<Int16> = 0...5
    public static let firstFlexibleVersion: Int16? = 4
    public typealias Response = LeaderAndIsrResponse

    /// `ControllerId`: int32, versions 0+.
    public var controllerID: KafkaModel.BrokerID
    /// `ControllerEpoch`: int32, versions 0+.
    public var controllerEpoch: Int32
    /// `BrokerEpoch`: int64, versions 2+.
    public var brokerEpoch: Int64
    /// `Type`: int8, versions 5+.
    public var type: Int8
    /// `UngroupedPartitionStates`: []LeaderAndIsrPartitionState, versions 0-1.
    public var ungroupedPartitionStates: [LeaderAndIsrPartitionState]
    /// `TopicStates`: []LeaderAndIsrTopicState, versions 2+.
    public var topicStates: [LeaderAndIsrTopicState]
    /// `LiveLeaders`: []LeaderAndIsrLiveLeader, versions 0+.
    public var liveLeaders: [LeaderAndIsrLiveLeader]

    public init(
        controllerID: KafkaModel.BrokerID = KafkaModel.BrokerID(rawValue: 0),
        controllerEpoch: Int32 = 0,
        brokerEpoch: Int64 = -1,
        type: Int8 = 0,
        ungroupedPartitionStates: [LeaderAndIsrPartitionState] = [],
        topicStates: [LeaderAndIsrTopicState] = [],
        liveLeaders: [LeaderAndIsrLiveLeader] = []
    ) {
        self.controllerID = controllerID
        self.controllerEpoch = controllerEpoch
        self.brokerEpoch = brokerEpoch
        self.type = type
        self.ungroupedPartitionStates = ungroupedPartitionStates
        self.topicStates = topicStates
        self.liveLeaders = liveLeaders
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 4
        self.controllerID = try KafkaModel.BrokerID(rawValue: buffer.readKafkaInteger(as: Int32.self))
        self.controllerEpoch = try buffer.readKafkaInteger(as: Int32.self)
        if version >= 2 {
            self.brokerEpoch = try buffer.readKafkaInteger(as: Int64.self)
        }
        if version >= 5 {
            self.type = try buffer.readKafkaInteger(as: Int8.self)
        }
        if version <= 1 {
            self.ungroupedPartitionStates = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> LeaderAndIsrPartitionState in try LeaderAndIsrPartitionState(from: &element, version: version) }
        }
        if version >= 2 {
            self.topicStates = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> LeaderAndIsrTopicState in try LeaderAndIsrTopicState(from: &element, version: version) }
        }
        self.liveLeaders = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> LeaderAndIsrLiveLeader in try LeaderAndIsrLiveLeader(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        buffer.writeKafkaInteger(self.controllerID.rawValue)
        buffer.writeKafkaInteger(self.controllerEpoch)
        if version >= 2 {
            buffer.writeKafkaInteger(self.brokerEpoch)
        }
        if version >= 5 {
            buffer.writeKafkaInteger(self.type)
        }
        if version <= 1 {
            buffer.writeKafkaArray(self.ungroupedPartitionStates, compact: flexible) { (element: LeaderAndIsrPartitionState, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        }
        if version >= 2 {
            buffer.writeKafkaArray(self.topicStates, compact: flexible) { (element: LeaderAndIsrTopicState, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        }
        buffer.writeKafkaArray(self.liveLeaders, compact: flexible) { (element: LeaderAndIsrLiveLeader, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `LeaderAndIsrPartitionState` structure of `LeaderAndIsrRequest`.
    public struct LeaderAndIsrPartitionState: Hashable, Sendable {
        /// `TopicName`: string, versions 0-1.
        public var topicName: KafkaModel.TopicName
        /// `PartitionIndex`: int32, versions 0+.
        public var partitionIndex: Int32
        /// `ControllerEpoch`: int32, versions 0+.
        public var controllerEpoch: Int32
        /// `Leader`: int32, versions 0+.
        public var leader: KafkaModel.BrokerID
        /// `LeaderEpoch`: int32, versions 0+.
        public var leaderEpoch: Int32
        /// `Isr`: []int32, versions 0+.
        public var isr: [KafkaModel.BrokerID]
        /// `PartitionEpoch`: int32, versions 0+.
        public var partitionEpoch: Int32
        /// `Replicas`: []int32, versions 0+.
        public var replicas: [KafkaModel.BrokerID]
        /// `AddingReplicas`: []int32, versions 3+.
        public var addingReplicas: [KafkaModel.BrokerID]
        /// `RemovingReplicas`: []int32, versions 3+.
        public var removingReplicas: [KafkaModel.BrokerID]
        /// `IsNew`: bool, versions 1+.
        public var isNew: Bool

        public init(
            topicName: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitionIndex: Int32 = 0,
            controllerEpoch: Int32 = 0,
            leader: KafkaModel.BrokerID = KafkaModel.BrokerID(rawValue: 0),
            leaderEpoch: Int32 = 0,
            isr: [KafkaModel.BrokerID] = [],
            partitionEpoch: Int32 = 0,
            replicas: [KafkaModel.BrokerID] = [],
            addingReplicas: [KafkaModel.BrokerID] = [],
            removingReplicas: [KafkaModel.BrokerID] = [],
            isNew: Bool = false
        ) {
            self.topicName = topicName
            self.partitionIndex = partitionIndex
            self.controllerEpoch = controllerEpoch
            self.leader = leader
            self.leaderEpoch = leaderEpoch
            self.isr = isr
            self.partitionEpoch = partitionEpoch
            self.replicas = replicas
            self.addingReplicas = addingReplicas
            self.removingReplicas = removingReplicas
            self.isNew = isNew
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 4
            if version <= 1 {
                self.topicName = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            }
            self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            self.controllerEpoch = try buffer.readKafkaInteger(as: Int32.self)
            self.leader = try KafkaModel.BrokerID(rawValue: buffer.readKafkaInteger(as: Int32.self))
            self.leaderEpoch = try buffer.readKafkaInteger(as: Int32.self)
            self.isr = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> KafkaModel.BrokerID in try KafkaModel.BrokerID(rawValue: element.readKafkaInteger(as: Int32.self)) }
            self.partitionEpoch = try buffer.readKafkaInteger(as: Int32.self)
            self.replicas = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> KafkaModel.BrokerID in try KafkaModel.BrokerID(rawValue: element.readKafkaInteger(as: Int32.self)) }
            if version >= 3 {
                self.addingReplicas = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> KafkaModel.BrokerID in try KafkaModel.BrokerID(rawValue: element.readKafkaInteger(as: Int32.self)) }
            }
            if version >= 3 {
                self.removingReplicas = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> KafkaModel.BrokerID in try KafkaModel.BrokerID(rawValue: element.readKafkaInteger(as: Int32.self)) }
            }
            if version >= 1 {
                self.isNew = try buffer.readKafkaBool()
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            if version <= 1 {
                buffer.writeKafkaString(self.topicName.rawValue, compact: flexible)
            }
            buffer.writeKafkaInteger(self.partitionIndex)
            buffer.writeKafkaInteger(self.controllerEpoch)
            buffer.writeKafkaInteger(self.leader.rawValue)
            buffer.writeKafkaInteger(self.leaderEpoch)
            buffer.writeKafkaArray(self.isr, compact: flexible) { (element: KafkaModel.BrokerID, output: inout ByteBuffer) in output.writeKafkaInteger(element.rawValue) }
            buffer.writeKafkaInteger(self.partitionEpoch)
            buffer.writeKafkaArray(self.replicas, compact: flexible) { (element: KafkaModel.BrokerID, output: inout ByteBuffer) in output.writeKafkaInteger(element.rawValue) }
            if version >= 3 {
                buffer.writeKafkaArray(self.addingReplicas, compact: flexible) { (element: KafkaModel.BrokerID, output: inout ByteBuffer) in output.writeKafkaInteger(element.rawValue) }
            }
            if version >= 3 {
                buffer.writeKafkaArray(self.removingReplicas, compact: flexible) { (element: KafkaModel.BrokerID, output: inout ByteBuffer) in output.writeKafkaInteger(element.rawValue) }
            }
            if version >= 1 {
                buffer.writeKafkaBool(self.isNew)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `LeaderAndIsrTopicState` structure of `LeaderAndIsrRequest`.
    public struct LeaderAndIsrTopicState: Hashable, Sendable {
        /// `TopicName`: string, versions 2+.
        public var topicName: KafkaModel.TopicName
        /// `TopicId`: uuid, versions 5+.
        public var topicID: KafkaUUID
        /// `PartitionStates`: []LeaderAndIsrPartitionState, versions 2+.
        public var partitionStates: [LeaderAndIsrPartitionState]

        public init(
            topicName: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            topicID: KafkaUUID = KafkaUUID.zero,
            partitionStates: [LeaderAndIsrPartitionState] = []
        ) {
            self.topicName = topicName
            self.topicID = topicID
            self.partitionStates = partitionStates
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 4
            if version >= 2 {
                self.topicName = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            }
            if version >= 5 {
                self.topicID = try buffer.readKafkaUUID()
            }
            if version >= 2 {
                self.partitionStates = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> LeaderAndIsrPartitionState in try LeaderAndIsrPartitionState(from: &element, version: version) }
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            if version >= 2 {
                buffer.writeKafkaString(self.topicName.rawValue, compact: flexible)
            }
            if version >= 5 {
                buffer.writeKafkaUUID(self.topicID)
            }
            if version >= 2 {
                buffer.writeKafkaArray(self.partitionStates, compact: flexible) { (element: LeaderAndIsrPartitionState, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `LeaderAndIsrLiveLeader` structure of `LeaderAndIsrRequest`.
    public struct LeaderAndIsrLiveLeader: Hashable, Sendable {
        /// `BrokerId`: int32, versions 0+.
        public var brokerID: KafkaModel.BrokerID
        /// `HostName`: string, versions 0+.
        public var hostName: String
        /// `Port`: int32, versions 0+.
        public var port: Int32

        public init(
            brokerID: KafkaModel.BrokerID = KafkaModel.BrokerID(rawValue: 0),
            hostName: String = "",
            port: Int32 = 0
        ) {
            self.brokerID = brokerID
            self.hostName = hostName
            self.port = port
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 4
            self.brokerID = try KafkaModel.BrokerID(rawValue: buffer.readKafkaInteger(as: Int32.self))
            self.hostName = try buffer.readKafkaString(compact: flexible)
            self.port = try buffer.readKafkaInteger(as: Int32.self)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            buffer.writeKafkaInteger(self.brokerID.rawValue)
            buffer.writeKafkaString(self.hostName, compact: flexible)
            buffer.writeKafkaInteger(self.port)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
