// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/Metadata.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's Metadata response body (API key 3),
/// versions 0–12, flexible from version 9.
public struct MetadataResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .metadata
    public static let versions: ClosedRange<Int16> = 0...12
    public static let firstFlexibleVersion: Int16? = 9

    /// `ThrottleTimeMs`: int32, versions 3+.
    public var throttleTimeMs: Int32
    /// `Brokers`: []MetadataResponseBroker, versions 0+.
    public var brokers: [MetadataResponseBroker]
    /// `ClusterId`: string, versions 2+, nullable 2+.
    public var clusterID: String?
    /// `ControllerId`: int32, versions 1+.
    public var controllerID: KafkaModel.BrokerID
    /// `Topics`: []MetadataResponseTopic, versions 0+.
    public var topics: [MetadataResponseTopic]
    /// `ClusterAuthorizedOperations`: int32, versions 8-10.
    public var clusterAuthorizedOperations: Int32

    public init(
        throttleTimeMs: Int32 = 0,
        brokers: [MetadataResponseBroker] = [],
        clusterID: String? = nil,
        controllerID: KafkaModel.BrokerID = KafkaModel.BrokerID(rawValue: -1),
        topics: [MetadataResponseTopic] = [],
        clusterAuthorizedOperations: Int32 = -2147483648
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.brokers = brokers
        self.clusterID = clusterID
        self.controllerID = controllerID
        self.topics = topics
        self.clusterAuthorizedOperations = clusterAuthorizedOperations
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 9
        if version >= 3 {
            self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        }
        self.brokers = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> MetadataResponseBroker in try MetadataResponseBroker(from: &element, version: version) }
        if version >= 2 {
            self.clusterID = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 2)
        }
        if version >= 1 {
            self.controllerID = try KafkaModel.BrokerID(rawValue: buffer.readKafkaInteger(as: Int32.self))
        }
        self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> MetadataResponseTopic in try MetadataResponseTopic(from: &element, version: version) }
        if version >= 8 && version <= 10 {
            self.clusterAuthorizedOperations = try buffer.readKafkaInteger(as: Int32.self)
        }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 9
        if version >= 3 {
            buffer.writeKafkaInteger(self.throttleTimeMs)
        }
        buffer.writeKafkaArray(self.brokers, compact: flexible) { (element: MetadataResponseBroker, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if version >= 2 {
            buffer.writeKafkaNullableString(self.clusterID, compact: flexible)
        }
        if version >= 1 {
            buffer.writeKafkaInteger(self.controllerID.rawValue)
        }
        buffer.writeKafkaArray(self.topics, compact: flexible) { (element: MetadataResponseTopic, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if version >= 8 && version <= 10 {
            buffer.writeKafkaInteger(self.clusterAuthorizedOperations)
        }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `MetadataResponseBroker` structure of `MetadataResponse`.
    public struct MetadataResponseBroker: Hashable, Sendable {
        /// `NodeId`: int32, versions 0+.
        public var nodeID: KafkaModel.BrokerID
        /// `Host`: string, versions 0+.
        public var host: String
        /// `Port`: int32, versions 0+.
        public var port: Int32
        /// `Rack`: string, versions 1+, nullable 1+.
        public var rack: String?

        public init(
            nodeID: KafkaModel.BrokerID = KafkaModel.BrokerID(rawValue: 0),
            host: String = "",
            port: Int32 = 0,
            rack: String? = nil
        ) {
            self.nodeID = nodeID
            self.host = host
            self.port = port
            self.rack = rack
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 9
            self.nodeID = try KafkaModel.BrokerID(rawValue: buffer.readKafkaInteger(as: Int32.self))
            self.host = try buffer.readKafkaString(compact: flexible)
            self.port = try buffer.readKafkaInteger(as: Int32.self)
            if version >= 1 {
                self.rack = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 1)
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 9
            buffer.writeKafkaInteger(self.nodeID.rawValue)
            buffer.writeKafkaString(self.host, compact: flexible)
            buffer.writeKafkaInteger(self.port)
            if version >= 1 {
                buffer.writeKafkaNullableString(self.rack, compact: flexible)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `MetadataResponseTopic` structure of `MetadataResponse`.
    public struct MetadataResponseTopic: Hashable, Sendable {
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode
        /// `Name`: string, versions 0+, nullable 12+.
        public var name: KafkaModel.TopicName?
        /// `TopicId`: uuid, versions 10+.
        public var topicID: KafkaUUID
        /// `IsInternal`: bool, versions 1+.
        public var isInternal: Bool
        /// `Partitions`: []MetadataResponsePartition, versions 0+.
        public var partitions: [MetadataResponsePartition]
        /// `TopicAuthorizedOperations`: int32, versions 8+.
        public var topicAuthorizedOperations: Int32

        public init(
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            name: KafkaModel.TopicName? = KafkaModel.TopicName(rawValue: ""),
            topicID: KafkaUUID = KafkaUUID.zero,
            isInternal: Bool = false,
            partitions: [MetadataResponsePartition] = [],
            topicAuthorizedOperations: Int32 = -2147483648
        ) {
            self.errorCode = errorCode
            self.name = name
            self.topicID = topicID
            self.isInternal = isInternal
            self.partitions = partitions
            self.topicAuthorizedOperations = topicAuthorizedOperations
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 9
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            self.name = try buffer.readKafkaNullableString(compact: flexible, allowNull: version >= 12).map { KafkaModel.TopicName(rawValue: $0) }
            if version >= 10 {
                self.topicID = try buffer.readKafkaUUID()
            }
            if version >= 1 {
                self.isInternal = try buffer.readKafkaBool()
            }
            self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> MetadataResponsePartition in try MetadataResponsePartition(from: &element, version: version) }
            if version >= 8 {
                self.topicAuthorizedOperations = try buffer.readKafkaInteger(as: Int32.self)
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 9
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            buffer.writeKafkaNullableString(self.name?.rawValue, compact: flexible)
            if version >= 10 {
                buffer.writeKafkaUUID(self.topicID)
            }
            if version >= 1 {
                buffer.writeKafkaBool(self.isInternal)
            }
            buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: MetadataResponsePartition, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if version >= 8 {
                buffer.writeKafkaInteger(self.topicAuthorizedOperations)
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `MetadataResponsePartition` structure of `MetadataResponse`.
    public struct MetadataResponsePartition: Hashable, Sendable {
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode
        /// `PartitionIndex`: int32, versions 0+.
        public var partitionIndex: Int32
        /// `LeaderId`: int32, versions 0+.
        public var leaderID: KafkaModel.BrokerID
        /// `LeaderEpoch`: int32, versions 7+.
        public var leaderEpoch: Int32
        /// `ReplicaNodes`: []int32, versions 0+.
        public var replicaNodes: [KafkaModel.BrokerID]
        /// `IsrNodes`: []int32, versions 0+.
        public var isrNodes: [KafkaModel.BrokerID]
        /// `OfflineReplicas`: []int32, versions 5+.
        public var offlineReplicas: [KafkaModel.BrokerID]

        public init(
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            partitionIndex: Int32 = 0,
            leaderID: KafkaModel.BrokerID = KafkaModel.BrokerID(rawValue: 0),
            leaderEpoch: Int32 = -1,
            replicaNodes: [KafkaModel.BrokerID] = [],
            isrNodes: [KafkaModel.BrokerID] = [],
            offlineReplicas: [KafkaModel.BrokerID] = []
        ) {
            self.errorCode = errorCode
            self.partitionIndex = partitionIndex
            self.leaderID = leaderID
            self.leaderEpoch = leaderEpoch
            self.replicaNodes = replicaNodes
            self.isrNodes = isrNodes
            self.offlineReplicas = offlineReplicas
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 9
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            self.leaderID = try KafkaModel.BrokerID(rawValue: buffer.readKafkaInteger(as: Int32.self))
            if version >= 7 {
                self.leaderEpoch = try buffer.readKafkaInteger(as: Int32.self)
            }
            self.replicaNodes = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> KafkaModel.BrokerID in try KafkaModel.BrokerID(rawValue: element.readKafkaInteger(as: Int32.self)) }
            self.isrNodes = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> KafkaModel.BrokerID in try KafkaModel.BrokerID(rawValue: element.readKafkaInteger(as: Int32.self)) }
            if version >= 5 {
                self.offlineReplicas = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> KafkaModel.BrokerID in try KafkaModel.BrokerID(rawValue: element.readKafkaInteger(as: Int32.self)) }
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 9
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            buffer.writeKafkaInteger(self.partitionIndex)
            buffer.writeKafkaInteger(self.leaderID.rawValue)
            if version >= 7 {
                buffer.writeKafkaInteger(self.leaderEpoch)
            }
            buffer.writeKafkaArray(self.replicaNodes, compact: flexible) { (element: KafkaModel.BrokerID, output: inout ByteBuffer) in output.writeKafkaInteger(element.rawValue) }
            buffer.writeKafkaArray(self.isrNodes, compact: flexible) { (element: KafkaModel.BrokerID, output: inout ByteBuffer) in output.writeKafkaInteger(element.rawValue) }
            if version >= 5 {
                buffer.writeKafkaArray(self.offlineReplicas, compact: flexible) { (element: KafkaModel.BrokerID, output: inout ByteBuffer) in output.writeKafkaInteger(element.rawValue) }
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
