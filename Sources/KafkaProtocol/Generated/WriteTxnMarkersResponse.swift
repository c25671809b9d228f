// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/WriteTxnMarkers.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's WriteTxnMarkers response body (API key 27),
/// versions 0–1, flexible from version 1.
public struct WriteTxnMarkersResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .writeTxnMarkers
    public static let versions: ClosedRange<Int16> = 0...1
    public static let firstFlexibleVersion: Int16? = 1

    /// `Markers`: []WritableTxnMarkerResult, versions 0+.
    public var markers: [WritableTxnMarkerResult]

    public init(
        markers: [WritableTxnMarkerResult] = []
    ) {
        self.markers = markers
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 1
        self.markers = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> WritableTxnMarkerResult in try WritableTxnMarkerResult(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 1
        buffer.writeKafkaArray(self.markers, compact: flexible) { (element: WritableTxnMarkerResult, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `WritableTxnMarkerResult` structure of `WriteTxnMarkersResponse`.
    public struct WritableTxnMarkerResult: Hashable, Sendable {
        /// `ProducerId`: int64, versions 0+.
        public var producerID: Int64
        /// `Topics`: []WritableTxnMarkerTopicResult, versions 0+.
        public var topics: [WritableTxnMarkerTopicResult]

        public init(
            producerID: Int64 = 0,
            topics: [WritableTxnMarkerTopicResult] = []
        ) {
            self.producerID = producerID
            self.topics = topics
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 1
            self.producerID = try buffer.readKafkaInteger(as: Int64.self)
            self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> WritableTxnMarkerTopicResult in try WritableTxnMarkerTopicResult(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 1
            buffer.writeKafkaInteger(self.producerID)
            buffer.writeKafkaArray(self.topics, compact: flexible) { (element: WritableTxnMarkerTopicResult, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `WritableTxnMarkerTopicResult` structure of `WriteTxnMarkersResponse`.
    public struct WritableTxnMarkerTopicResult: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: KafkaModel.TopicName
        /// `Partitions`: []WritableTxnMarkerPartitionResult, versions 0+.
        public var partitions: [WritableTxnMarkerPartitionResult]

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitions: [WritableTxnMarkerPartitionResult] = []
        ) {
            self.name = name
            self.partitions = partitions
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 1
            self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> WritableTxnMarkerPartitionResult in try WritableTxnMarkerPartitionResult(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 1
            buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: WritableTxnMarkerPartitionResult, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `WritableTxnMarkerPartitionResult` structure of `WriteTxnMarkersResponse`.
    public struct WritableTxnMarkerPartitionResult: Hashable, Sendable {
        /// `PartitionIndex`: int32, versions 0+.
        public var partitionIndex: Int32
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode

        public init(
            partitionIndex: Int32 = 0,
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0)
        ) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 1
            self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 1
            buffer.writeKafkaInteger(self.partitionIndex)
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
