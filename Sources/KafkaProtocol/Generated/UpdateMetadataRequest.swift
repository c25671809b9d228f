// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/UpdateMetadata.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's UpdateMetadata request body (API key 6),
/// versions 0–7, flexible from version 6.
public struct UpdateMetadataRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .updateMetadata
    public static let versions: ClosedRange<Int16> = 0...7
    public static let firstFlexibleVersion: Int16? = 6
    public typealias Response = UpdateMetadataResponse

    /// `ControllerId`: int32, versions 0+.
    public var controllerID: KafkaModel.BrokerID
    /// `ControllerEpoch`: int32, versions 0+.
    public var controllerEpoch: Int32
    /// `BrokerEpoch`: int64, versions 5+.
    public var brokerEpoch: Int64
    /// `UngroupedPartitionStates`: []UpdateMetadataPartitionState, versions 0-4.
    public var ungroupedPartitionStates: [UpdateMetadataPartitionState]
    /// `TopicStates`: []UpdateMetadataTopicState, versions 5+.
    public var topicStates: [UpdateMetadataTopicState]
    /// `LiveBrokers`: []UpdateMetadataBroker, versions 0+.
    public var liveBrokers: [UpdateMetadataBroker]

    public init(
        controllerID: KafkaModel.BrokerID = KafkaModel.BrokerID(rawValue: 0),
        controllerEpoch: Int32 = 0,
        brokerEpoch: Int64 = -1,
        ungroupedPartitionStates: [UpdateMetadataPartitionState] = [],
        topicStates: [UpdateMetadataTopicState] = [],
        liveBrokers: [UpdateMetadataBroker] = []
    ) {
        self.controllerID = controllerID
        self.controllerEpoch = controllerEpoch
        self.brokerEpoch = brokerEpoch
        self.ungroupedPartitionStates = ungroupedPartitionStates
        self.topicStates = topicStates
        self.liveBrokers = liveBrokers
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 6
        self.controllerID = try KafkaModel.BrokerID(rawValue: buffer.readKafkaInteger(as: Int32.self))
        self.controllerEpoch = try buffer.readKafkaInteger(as: Int32.self)
        if version >= 5 {
            self.brokerEpoch = try buffer.readKafkaInteger(as: Int64.self)
        }
        if version <= 4 {
            self.ungroupedPartitionStates = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> UpdateMetadataPartitionState in try UpdateMetadataPartitionState(from: &element, version: version) }
        }
        if version >= 5 {
            self.topicStates = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> UpdateMetadataTopicState in try UpdateMetadataTopicState(from: &element, version: version) }
        }
        self.liveBrokers = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> UpdateMetadataBroker in try UpdateMetadataBroker(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 6
        buffer.writeKafkaInteger(self.controllerID.rawValue)
        buffer.writeKafkaInteger(self.controllerEpoch)
        if version >= 5 {
            buffer.writeKafkaInteger(self.brokerEpoch)
        }
        if version <= 4 {
            buffer.writeKafkaArray(self.ungroupedPartitionStates, compact: flexible) { (element: UpdateMetadataPartitionState, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        }
        if version >= 5 {
            buffer.writeKafkaArray(self.topicStates, compact: flexible) { (element: UpdateMetadataTopicState, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        }
        buffer.writeKafkaArray(self.liveBrokers, compact: flexible) { (element: UpdateMetadataBroker, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `UpdateMetadataPartitionState` structure of `UpdateMetadataRequest`.
    public struct UpdateMetadataPartitionState: Hashable, Sendable {
        /// `TopicName`: string, versions 0-4.
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
        /// `ZkVersion`: int32, versions 0+.
        public var zkVersion: Int32
        /// `Replicas`: []int32, versions 0+.
        public var replicas: [KafkaModel.BrokerID]
        /// `OfflineReplicas`: []int32, versions 4+.
        public var offlineReplicas: [KafkaModel.BrokerID]

        public init(
            topicName: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitionIndex: Int32 = 0,
            controllerEpoch: Int32 = 0,
            leader: KafkaModel.BrokerID = KafkaModel.BrokerID(rawValue: 0),
            leaderEpoch: Int32 = 0,
            isr: [KafkaModel.BrokerID] = [],
            zkVersion: Int32 = 0,
            replicas: [KafkaModel.BrokerID] = [],
            offlineReplicas: [KafkaModel.BrokerID] = []
        ) {
            self.topicName = topicName
            self.partitionIndex = partitionIndex
            self.controllerEpoch = controllerEpoch
            self.leader = leader
            self.leaderEpoch = leaderEpoch
            self.isr = isr
            self.zkVersion = zkVersion
            self.replicas = replicas
            self.offlineReplicas = offlineReplicas
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 6
            if version <= 4 {
                self.topicName = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            }
            self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            self.controllerEpoch = try buffer.readKafkaInteger(as: Int32.self)
            self.leader = try KafkaModel.BrokerID(rawValue: buffer.readKafkaInteger(as: Int32.self))
            self.leaderEpoch = try buffer.readKafkaInteger(as: Int32.self)
            self.isr = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> KafkaModel.BrokerID in try KafkaModel.BrokerID(rawValue: element.readKafkaInteger(as: Int32.self)) }
            self.zkVersion = try buffer.readKafkaInteger(as: Int32.self)
            self.replicas = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> KafkaModel.BrokerID in try KafkaModel.BrokerID(rawValue: element.readKafkaInteger(as: Int32.self)) }
            if version >= 4 {
                self.offlineReplicas = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> KafkaModel.BrokerID in try KafkaModel.BrokerID(rawValue: element.readKafkaInteger(as: Int32.self)) }
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            if version <= 4 {
                buffer.writeKafkaString(self.topicName.rawValue, compact: flexible)
            }
            buffer.writeKafkaInteger(self.partitionIndex)
            buffer.writeKafkaInteger(self.controllerEpoch)
            buffer.writeKafkaInteger(self.leader.rawValue)
            buffer.writeKafkaInteger(self.leaderEpoch)
            buffer.writeKafkaArray(self.isr, compact: flexible) { (element: KafkaModel.BrokerID, output: inout ByteBuffer) in output.writeKafkaInteger(element.rawValue) }
            buffer.writeKafkaInteger(self.zkVersion)
            buffer.writeKafkaArray(self.replicas, compact: flexible) { (element: KafkaModel.BrokerID, output: inout ByteBuffer) in output.writeKafkaInteger(element.rawValue) }
            if version >= 4 {
                buffer.writeKafkaArray(self.offlineReplicas, compact: flexible) { (element: KafkaModel.BrokerID, output: inout ByteBuffer) in output.writeKafkaInteger(element.rawValue) }
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `UpdateMetadataTopicState` structure of `UpdateMetadataRequest`.
    public struct UpdateMetadataTopicState: Hashable, Sendable {
        /// `TopicName`: string, versions 5+.
        public var topicName: KafkaModel.TopicName
        /// `TopicId`: uuid, versions 7+.
        public var topicID: KafkaUUID
        /// `PartitionStates`: []UpdateMetadataPartitionState, versions 5+.
        public var partitionStates: [UpdateMetadataPartitionState]

        public init(
            topicName: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            topicID: KafkaUUID = KafkaUUID.zero,
            partitionStates: [UpdateMetadataPartitionState] = []
        ) {
            self.topicName = topicName
            self.topicID = topicID
            self.partitionStates = partitionStates
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 6
            if version >= 5 {
                self.topicName = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            }
            if version >= 7 {
                self.topicID = try buffer.readKafkaUUID()
            }
            if version >= 5 {
                self.partitionStates = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> UpdateMetadataPartitionState in try UpdateMetadataPartitionState(from: &element, version: version) }
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            if version >= 5 {
                buffer.writeKafkaString(self.topicName.rawValue, compact: flexible)
            }
            if version >= 7 {
                buffer.writeKafkaUUID(self.topicID)
            }
            if version >= 5 {
                buffer.writeKafkaArray(self.partitionStates, compact: flexible) { (element: UpdateMetadataPartitionState, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `UpdateMetadataBroker` structure of `UpdateMetadataRequest`.
    public struct UpdateMetadataBroker: Hashable, Sendable {
        /// `Id`: int32, versions 0+.
        public var id: KafkaModel.BrokerID
        /// `V0Host`: string, versions 0.
        public var v0Host: String
        /// `V0Port`: int32, versions 0.
        public var v0Port: Int32
        /// `Endpoints`: []UpdateMetadataEndpoint, versions 1+.
        public var endpoints: [UpdateMetadataEndpoint]
        /// `Rack`: string, versions 2+, nullable 0+.
        public var rack: String?

        public init(
            id: KafkaModel.BrokerID = KafkaModel.BrokerID(rawValue: 0),
            v0Host: String = "",
            v0Port: Int32 = 0,
            endpoints: [UpdateMetadataEndpoint] = [],
            rack: String? = ""
        ) {
            self.id = id
            self.v0Host = v0Host
            self.v0Port = v0Port
            self.endpoints = endpoints
            self.rack = rack
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 6
            self.id = try KafkaModel.BrokerID(rawValue: buffer.readKafkaInteger(as: Int32.self))
            if version <= 0 {
                self.v0Host = try buffer.readKafkaString(compact: flexible)
            }
            if version <= 0 {
                self.v0Port = try buffer.readKafkaInteger(as: Int32.self)
            }
            if version >= 1 {
                self.endpoints = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> UpdateMetadataEndpoint in try UpdateMetadataEndpoint(from: &element, version: version) }
            }
            if version >= 2 {
                self.rack = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            buffer.writeKafkaInteger(self.id.rawValue)
            if version <= 0 {
                buffer.writeKafkaString(self.v0Host, compact: flexible)
            }
            if version <= 0 {
                buffer.writeKafkaInteger(self.v0Port)
            }
            if version >= 1 {
                buffer.writeKafkaArray(self.endpoints, compact: flexible) { (element: UpdateMetadataEndpoint, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            }
            if version >= 2 {
                buffer.writeKafkaNullableString(self.rack, compact: flexible)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `UpdateMetadataEndpoint` structure of `UpdateMetadataRequest`.
    public struct UpdateMetadataEndpoint: Hashable, Sendable {
        /// `Port`: int32, versions 1+.
        public var port: Int32
        /// `Host`: string, versions 1+.
        public var host: String
        /// `Listener`: string, versions 3+.
        public var listener: String
        /// `SecurityProtocol`: int16, versions 1+.
        public var securityProtocol: Int16

        public init(
            port: Int32 = 0,
            host: String = "",
            listener: String = "",
            securityProtocol: Int16 = 0
        ) {
            self.port = port
            self.host = host
            self.listener = listener
            self.securityProtocol = securityProtocol
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 6
            if version >= 1 {
                self.port = try buffer.readKafkaInteger(as: Int32.self)
            }
            if version >= 1 {
                self.host = try buffer.readKafkaString(compact: flexible)
            }
            if version >= 3 {
                self.listener = try buffer.readKafkaString(compact: flexible)
            }
            if version >= 1 {
                self.securityProtocol = try buffer.readKafkaInteger(as: Int16.self)
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            if version >= 1 {
                buffer.writeKafkaInteger(self.port)
            }
            if version >= 1 {
                buffer.writeKafkaString(self.host, compact: flexible)
            }
            if version >= 3 {
                buffer.writeKafkaString(self.listener, compact: flexible)
            }
            if version >= 1 {
                buffer.writeKafkaInteger(self.securityProtocol)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
