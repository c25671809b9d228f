// generated — do not edit. Source: Sources/ProtocolGenerator/Schemas/DescribeProducers.schema
// Regenerate with `swift run ProtocolGenerator`.

import KafkaModel
import NIOCore

/// Kafka's DescribeProducers response body (API key 61),
/// versions 0–0, flexible from version 0.
public struct DescribeProducersResponse: KafkaResponseMessage {
    public static let apiKey: ApiKey = .describeProducers
    public static let versions: ClosedRange<Int16> = 0...0
    public static let firstFlexibleVersion: Int16? = 0

    /// `ThrottleTimeMs`: int32, versions 0+.
    public var throttleTimeMs: Int32
    /// `Topics`: []TopicResponse, versions 0+.
    public var topics: [TopicResponse]

    public init(
        throttleTimeMs: Int32 = 0,
        topics: [TopicResponse] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.checkVersion(version)
        self.init()
        let flexible = version >= 0
        self.throttleTimeMs = try buffer.readKafkaInteger(as: Int32.self)
        self.topics = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> TopicResponse in try TopicResponse(from: &element, version: version) }
        if flexible {
            _ = try buffer.readTaggedFields()
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 0
        buffer.writeKafkaInteger(self.throttleTimeMs)
        buffer.writeKafkaArray(self.topics, compact: flexible) { (element: TopicResponse, output: inout ByteBuffer) in element.write(into: &output, version: version) }
        if flexible {
            buffer.writeEmptyTaggedFields()
        }
    }

    /// The `TopicResponse` structure of `DescribeProducersResponse`.
    public struct TopicResponse: Hashable, Sendable {
        /// `Name`: string, versions 0+.
        public var name: KafkaModel.TopicName
        /// `Partitions`: []PartitionResponse, versions 0+.
        public var partitions: [PartitionResponse]

        public init(
            name: KafkaModel.TopicName = KafkaModel.TopicName(rawValue: ""),
            partitions: [PartitionResponse] = []
        ) {
            self.name = name
            self.partitions = partitions
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 0
            self.name = try KafkaModel.TopicName(rawValue: buffer.readKafkaString(compact: flexible))
            self.partitions = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> PartitionResponse in try PartitionResponse(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 0
            buffer.writeKafkaString(self.name.rawValue, compact: flexible)
            buffer.writeKafkaArray(self.partitions, compact: flexible) { (element: PartitionResponse, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `PartitionResponse` structure of `DescribeProducersResponse`.
    public struct PartitionResponse: Hashable, Sendable {
        /// `PartitionIndex`: int32, versions 0+.
        public var partitionIndex: Int32
        /// `ErrorCode`: int16, versions 0+.
        public var errorCode: KafkaErrorCode
        /// `ErrorMessage`: string, versions 0+, nullable 0+.
        public var errorMessage: String?
        /// `ActiveProducers`: []ProducerState, versions 0+.
        public var activeProducers: [ProducerState]

        public init(
            partitionIndex: Int32 = 0,
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            errorMessage: String? = nil,
            activeProducers: [ProducerState] = []
        ) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.activeProducers = activeProducers
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 0
            self.partitionIndex = try buffer.readKafkaInteger(as: Int32.self)
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInteger(as: Int16.self))
            self.errorMessage = try buffer.readKafkaNullableString(compact: flexible, allowNull: true)
            self.activeProducers = try buffer.readKafkaArray(compact: flexible) { (element: inout ByteBuffer) throws -> ProducerState in try ProducerState(from: &element, version: version) }
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 0
            buffer.writeKafkaInteger(self.partitionIndex)
            buffer.writeKafkaInteger(self.errorCode.rawValue)
            buffer.writeKafkaNullableString(self.errorMessage, compact: flexible)
            buffer.writeKafkaArray(self.activeProducers, compact: flexible) { (element: ProducerState, output: inout ByteBuffer) in element.write(into: &output, version: version) }
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }

    /// The `ProducerState` structure of `DescribeProducersResponse`.
    public struct ProducerState: Hashable, Sendable {
        /// `ProducerId`: int64, versions 0+.
        public var producerID: Int64
        /// `ProducerEpoch`: int32, versions 0+.
        public var producerEpoch: Int32
        /// `LastSequence`: int32, versions 0+.
        public var lastSequence: Int32
        /// `LastTimestamp`: int64, versions 0+.
        public var lastTimestamp: Int64
        /// `CoordinatorEpoch`: int32, versions 0+.
        public var coordinatorEpoch: Int32
        /// `CurrentTxnStartOffset`: int64, versions 0+.
        public var currentTxnStartOffset: Int64

        public init(
            producerID: Int64 = 0,
            producerEpoch: Int32 = 0,
            lastSequence: Int32 = -1,
            lastTimestamp: Int64 = -1,
            coordinatorEpoch: Int32 = 0,
            currentTxnStartOffset: Int64 = -1
        ) {
            self.producerID = producerID
            self.producerEpoch = producerEpoch
            self.lastSequence = lastSequence
            self.lastTimestamp = lastTimestamp
            self.coordinatorEpoch = coordinatorEpoch
            self.currentTxnStartOffset = currentTxnStartOffset
        }

        public init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.init()
            let flexible = version >= 0
            self.producerID = try buffer.readKafkaInteger(as: Int64.self)
            self.producerEpoch = try buffer.readKafkaInteger(as: Int32.self)
            self.lastSequence = try buffer.readKafkaInteger(as: Int32.self)
            self.lastTimestamp = try buffer.readKafkaInteger(as: Int64.self)
            self.coordinatorEpoch = try buffer.readKafkaInteger(as: Int32.self)
            self.currentTxnStartOffset = try buffer.readKafkaInteger(as: Int64.self)
            if flexible {
                _ = try buffer.readTaggedFields()
            }
        }

        public func write(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 0
            buffer.writeKafkaInteger(self.producerID)
            buffer.writeKafkaInteger(self.producerEpoch)
            buffer.writeKafkaInteger(self.lastSequence)
            buffer.writeKafkaInteger(self.lastTimestamp)
            buffer.writeKafkaInteger(self.coordinatorEpoch)
            buffer.writeKafkaInteger(self.currentTxnStartOffset)
            if flexible {
                buffer.writeEmptyTaggedFields()
            }
        }
    }
}
