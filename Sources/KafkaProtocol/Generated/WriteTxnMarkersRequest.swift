// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/WriteTxnMarkers.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's WriteTxnMarkers request body (API key 27),
/// versions 0–1, flexible from version 1.
public struct WriteTxnMarkersRequest: KafkaRequestMessage {
    public static let apiKey: ApiKey = .writeTxnMarkers
    public static let versions: ClosedRange<Int16> = 0...1
    public static let firstFlexibleVersion: Int16? = 1
    public typealias Response = WriteTxnMarkersResponse

    /// `Markers`: []WritableTxnMarker, versions 0+.
    public var markers: [WritableTxnMarker]

    public init(
        markers: [WritableTxnMarker] = []
    ) {
        self.markers = markers
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 1
        self.markers = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> WritableTxnMarker in try WritableTxnMarker(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 1
        buffer.writeKafkaArray(self.markers, compact: flexible) { (element: WritableTxnMarker, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `WritableTxnMarker` structure of `WriteTxnMarkersRequest`.
    public struct WritableTxnMarker: Hashable, Sendable {
        /// `ProducerId`: int64, versions 0+.
        public var producerID: Int64
        /// `ProducerEpoch`: int16, versions 0+.
        public var producerEpoch: Int16
        /// `TransactionResult`: bool, versions 0+.
        public var transactionResult: Bool
        /// `Topics`: []WritableTxnMarkerTopic, versions 0+.
        public var topics: [WritableTxnMarkerTopic]
        /// `CoordinatorEpoch`: int32, versions 0+.
        public var coordinatorEpoch: Int32

        public init(
            producerID: Int64 = 0,
            producerEpoch: Int16 = 0,
            transactionResult: Bool = false,
            topics: [WritableTxnMarkerTopic] = [],
            coordinatorEpoch: Int32 = 0
        ) {
            self.producerID = producerID
            self.producerEpoch = producerEpoch
            self.transactionResult = transactionResult
            self.topics = topics
            self.coordinatorEpoch = coordinatorEpoch
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 1
            self.producerID = try buffer.readKafkaInteger(as: Int64.self)
            self.producerEpoch = try buffer.readKafkaInteger(as: Int16.self)
            self.transactionResult = try buffer.readKafkaBool()
            self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> WritableTxnMarkerTopic in try WritableTxnMarkerTopic(from: &element, version: version) }
            self.coordinatorEpoch = try buffer.readKafkaInteger(as: Int32.self)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 1
            buffer.writeKafkaInteger(self.producerID)
            buffer.writeKafkaInteger(self.producerEpoch)
            buffer.writeKafkaBool(self.transactionResult)
            buffer.writeKafkaArray(self.topics, compact: flexible) { (element: WritableTxnMarkerTopic, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            buffer.writeKafkaInteger(self.coordinatorEpoch)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `WritableTxnMarkerTopic` structure of `WriteTxnMarkersRequest`.
    public struct WritableTxnMarkerTopic: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: KafkaModel.TopicName
        /// `PartitionIndexes`: []int32, versions 0+.
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
            let flexible = version >= 1
            self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitionIndexes = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> Int32 in try element.readKafkaInteger(as: Int32.self) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 1
            buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitionIndexes, compact: flexible) { (element: Int32, output: inout ByteBuffer) in output.writeKafkaInteger(element) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
