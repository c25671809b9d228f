// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/Fetch.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's Fetch request body (API key 1),
/// versions 0–12, flexible from version 12.
public struct FetchRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .fetch
    public static let versions: ClosedRange<Int16> = 0...12
    public static let firstFlexibleVersion: Int16? = 12
    public typealias Response = FetchResponse

    /// `ClusterId`: string, versions 12+, nullable 12+, tag 0 in versions 12+.
    public var clusterID: String?
    /// `ReplicaId`: int32, versions 0+.
    public var replicaID: KafkaModel.BrokerID
    /// `MaxWaitMs`: int32, versions 0+.
    public var maxWaitMs: Int32
    /// `MinBytes`: int32, versions 0+.
    public var minBytes: Int32
    /// `MaxBytes`: int32, versions 3+.
    public var maxBytes: Int32
    /// `IsolationLevel`: int8, versions 4+.
    public var isolationLevel: Int8
    /// `SessionId`: int32, versions 7+.
    public var sessionID: Int32
    /// `SessionEpoch`: int32, versions 7+.
    public var sessionEpoch: Int32
    /// `Topics`: []FetchTopic, versions 0+.
    public var topics: [FetchTopic]
    /// `ForgottenTopicsData`: []ForgottenTopic, versions 7+.
    public var forgottenTopicsData: [ForgottenTopic]
    /// `RackId`: string, versions 11+.
    public var rackID: String

    public init(
        clusterID: String? = nil,
        replicaID: KafkaModel.BrokerID = KafkaModel.BrokerID(rawValue: -1),
        maxWaitMs: Int32 = 0,
        minBytes: Int32 = 0,
        maxBytes: Int32 = 2147483647,
        isolationLevel: Int8 = 0,
        sessionID: Int32 = 0,
        sessionEpoch: Int32 = -1,
        topics: [FetchTopic] = [],
        forgottenTopicsData: [ForgottenTopic] = [],
        rackID: String = ""
    ) {
        self.clusterID = clusterID
        self.replicaID = replicaID
        self.maxWaitMs = maxWaitMs
        self.minBytes = minBytes
        self.maxBytes = maxBytes
        self.isolationLevel = isolationLevel
        self.sessionID = sessionID
        self.sessionEpoch = sessionEpoch
        self.topics = topics
        self.forgottenTopicsData = forgottenTopicsData
        self.rackID = rackID
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 12
        self.replicaID = try KafkaModel.BrokerID(rawValue: buffer.readKafkaInteger(as: Int32.self))
        self.maxWaitMs = try buffer.readKafkaInteger(as: Int32.self)
        self.minBytes = try buffer.readKafkaInteger(as: Int32.self)
        if version >= 3 {
            self.maxBytes = try buffer.readKafkaInteger(as: Int32.self)
        }
        if version >= 4 {
            self.isolationLevel = try buffer.readKafkaInteger(as: Int8.self)
        }
        if version >= 7 {
            self.sessionID = try buffer.readKafkaInteger(as: Int32.self)
        }
        if version >= 7 {
            self.sessionEpoch = try buffer.readKafkaInteger(as: Int32.self)
        }
        self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> FetchTopic in try FetchTopic(from: &element, version: version) }
        if version >= 7 {
            self.forgottenTopicsData = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> ForgottenTopic in try ForgottenTopic(from: &element, version: version) }
        }
        if version >= 11 {
            self.rackID = try buffer.readKafkaString(compact: flexible)
        }
        if flexible {
            for field in try buffer.readTaggedFields() {
                var data = field.data
                switch field.tag {
                case 0 where version >= 12:
                    self.clusterID = try data.readKafkaNullableString(compact: flexible, allowNull: version >= 12)
                default:
                    break
                }
            }
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 12
        buffer.writeKafkaInteger(self.replicaID.rawValue)
        buffer.writeKafkaInteger(self.maxWaitMs)
        buffer.writeKafkaInteger(self.minBytes)
        if version >= 3 {
            buffer.writeKafkaInteger(self.maxBytes)
        }
        if version >= 4 {
            buffer.writeKafkaInteger(self.isolationLevel)
        }
        if version >= 7 {
            buffer.writeKafkaInteger(self.sessionID)
        }
        if version >= 7 {
            buffer.writeKafkaInteger(self.sessionEpoch)
        }
        buffer.writeKafkaArray(self.topics, compact: flexible) { (element: FetchTopic, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if version >= 7 {
            buffer.writeKafkaArray(self.forgottenTopicsData, compact: flexible) { (element: ForgottenTopic, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        }
        if version >= 11 {
            buffer.writeKafkaString(self.rackID, compact: flexible)
        }
        if flexible {
            var tagged: [TaggedField] = []
            if version >= 12 && self.clusterID != nil {
                var data = ByteBuffer()
                data.writeKafkaNullableString(self.clusterID, compact: flexible)
                tagged.append(TaggedField(tag: 0, data: data))
            }
            buffer.writeTaggedFields(tagged)
        }
    }

    /// The `FetchTopic` structure of `FetchRequest`.
    public struct FetchTopic: Hashable, Sendable {
        /// `Topic`: string, versions 0+.
        public var topic: KafkaModel.TopicName
        /// `Partitions`: []FetchPartition, versions 0+.
        public var partitions: [FetchPartition]

        public init(
            topic: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitions: [FetchPartition] = []
        ) {
            self.topic = topic
            self.partitions = partitions
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 12
            self.topic = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> FetchPartition in try FetchPartition(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 12
            buffer.writeKafkaString(self.topic.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: FetchPartition, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `FetchPartition` structure of `FetchRequest`.
    public struct FetchPartition: Hashable, Sendable {
        /// `Partition`: int32, versions 0+.
        public var partition: Int32
        /// `CurrentLeaderEpoch`: int32, versions 9+.
        public var currentLeaderEpoch: Int32
        /// `FetchOffset`: int64, versions 0+.
        public var fetchOffset: Int64
        /// `LastFetchedEpoch`: int32, versions 12+.
        public var lastFetchedEpoch: Int32
        /// `LogStartOffset`: int64, versions 5+.
        public var logStartOffset: Int64
        /// `PartitionMaxBytes`: int32, versions 0+.
        public var partitionMaxBytes: Int32

        public init(
            partition: Int32 = 0,
            currentLeaderEpoch: Int32 = -1,
            fetchOffset: Int64 = 0,
            lastFetchedEpoch: Int32 = -1,
            logStartOffset: Int64 = -1,
            partitionMaxBytes: Int32 = 0
        ) {
            self.partition = partition
            self.currentLeaderEpoch = currentLeaderEpoch
            self.fetchOffset = fetchOffset
            self.lastFetchedEpoch = lastFetchedEpoch
            self.logStartOffset = logStartOffset
            self.partitionMaxBytes = partitionMaxBytes
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 12
            self.partition = try buffer.readKafkaInteger(as: Int32.self)
            if version >= 9 {
                self.currentLeaderEpoch = try buffer.readKafkaInteger(as: Int32.self)
            }
            self.fetchOffset = try buffer.readKafkaInteger(as: Int64.self)
            if version >= 12 {
                self.lastFetchedEpoch = try buffer.readKafkaInteger(as: Int32.self)
            }
            if version >= 5 {
                self.logStartOffset = try buffer.readKafkaInteger(as: Int64.self)
            }
            self.partitionMaxBytes = try buffer.readKafkaInteger(as: Int32.self)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 12
            buffer.writeKafkaInteger(self.partition)
            if version >= 9 {
                buffer.writeKafkaInteger(self.currentLeaderEpoch)
            }
            buffer.writeKafkaInteger(self.fetchOffset)
            if version >= 12 {
                buffer.writeKafkaInteger(self.lastFetchedEpoch)
            }
            if version >= 5 {
                buffer.writeKafkaInteger(self.logStartOffset)
            }
            buffer.writeKafkaInteger(self.partitionMaxBytes)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `ForgottenTopic` structure of `FetchRequest`.
    public struct ForgottenTopic: Hashable, Sendable {
        /// `Topic`: string, versions 7+.
        public var topic: KafkaModel.TopicName
        /// `Partitions`: []int32, versions 7+.
        public var partitions: [Int32]

        public init(
            topic: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitions: [Int32] = []
        ) {
            self.topic = topic
            self.partitions = partitions
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 12
            if version >= 7 {
                self.topic = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            }
            if version >= 7 {
                self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> Int32 in try element.readKafkaInteger(as: Int32.self) }
            }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 12
            if version >= 7 {
                buffer.writeKafkaString(self.topic.rawValue, compact: flexible)
            }
            if version >= 7 {
                buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: Int32, output: inout ByteBuffer) in output.writeKafkaInteger(element) }
            }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
